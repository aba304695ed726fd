package org.denseam.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.denseam.TestData;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.backend.reference.ReferenceBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The multi-core JVM sparse update runs the reference's float64 formulas: results are identical. */
class SparseBackendTest {
  @ParameterizedTest
  @ValueSource(doubles = {1, 1.33, 1.5, 2, 4})
  void jvmUpdatesAndRetrievalEqualTheReference(double alpha) {
    int n = 40, d = 12, b = 17;
    SparseMemory m = new SparseMemory(TestData.uniform(n * d, -1, 1, 1), n, d, 3, alpha);
    double[] q = TestData.uniform(b * d, -1, 1, 2);
    double[] pr = new double[b * n], pj = new double[b * n];
    double[] xr = new double[b * d], xj = new double[b * d];
    try (JvmBackend jvm = new JvmBackend(2)) {
      new ReferenceBackend().sparseUpdate(m.values(), q, b, pr, xr);
      jvm.sparseUpdate(m.values(), q, b, pj, xj);
      assertArrayEquals(pr, pj, 0.0);
      assertArrayEquals(xr, xj, 0.0);
      Cccp.Result rr = Cccp.toConvergence().run(m, q, b);
      Cccp.Result rj = Cccp.toConvergence().run(m, jvm, q, b);
      assertArrayEquals(rr.states(), rj.states(), 0.0);
      assertArrayEquals(rr.steps(), rj.steps());
    }
  }
}
