package org.denseam.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.denseam.TestData;
import org.denseam.backend.Backend;
import org.denseam.backend.Similarity;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.junit.jupiter.api.Test;

class FeatureMemoryTest {
  final Backend ref = new ReferenceBackend();

  @Test
  void sizeOfTDoesNotDependOnK() {
    FeatureMap map = new FeatureMap(Basis.SINCOS, 8, 256, 1);
    try (JvmBackend jvm = new JvmBackend()) {
      FeatureMemory one = new FeatureMemory(map, 10);
      one.add(jvm, TestData.binary(1, 8, 2), 1);
      FeatureMemory many = new FeatureMemory(map, 10);
      many.add(jvm, TestData.binary(10000, 8, 3), 10000);
      assertEquals(256, one.t().length);
      assertEquals(one.t().length, many.t().length);
      assertEquals(10000, many.count());
    }
  }

  @Test
  void removingAMemoryRestoresT() {
    int d = 16, k = 50;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, 2048, 4);
    double[] pats = TestData.binary(k, d, 5);
    double[] extra = TestData.binary(1, d, 6);
    for (Backend be : new Backend[] {ref, new JvmBackend(2)}) {
      FeatureMemory m = new FeatureMemory(map, 20);
      m.add(be, pats, k);
      double[] before = m.t().clone();
      m.add(be, extra, 1);
      assertTrue(TestData.relMaxError(m.t(), before) > 1e-3, "adding changed T");
      m.remove(be, extra, 1);
      assertEquals(k, m.count());
      // Float rounding of one add and one remove on entries of size up to K/sqrt(Y/2).
      double tol = be.singlePrecision() ? 1e-6 : 1e-13;
      assertTrue(TestData.relMaxError(m.t(), before) < tol, be.name());
    }
  }

  @Test
  void removingMoreThanStoredIsRejected() {
    FeatureMemory m = new FeatureMemory(new FeatureMap(Basis.COS, 4, 16, 1), 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.remove(ref, new double[4], 1));
    assertTrue(e.getMessage().contains("only 0 are stored"));
  }

  @Test
  void badArgumentsAreNamed() {
    assertThrows(IllegalArgumentException.class, () -> new FeatureMap(Basis.SINCOS, 4, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new FeatureMap(Basis.SINCOS, 4, 7, 1));
    FeatureMap map = new FeatureMap(Basis.SINCOS, 4, 8, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new FeatureMemory(map, -1));
    assertTrue(e.getMessage().contains("beta"));
    FeatureMemory m = new FeatureMemory(map, 1);
    e = assertThrows(IllegalArgumentException.class,
        () -> m.add(ref, new double[] {0, Double.NaN, 0, 0}, 1));
    assertTrue(e.getMessage().contains("non-finite"));
    e = assertThrows(IllegalArgumentException.class, () -> m.add(ref, new double[5], 1));
    assertTrue(e.getMessage().contains("expected 1 x 4"));
  }

  /**
   * DrDAM converges to MrDAM: K = 200 binary patterns, D = 32, β = 10, SinCos. The mean energy
   * error at the stored patterns must fall by at least 2.5× from Y = 1024 to Y = 16384 (the
   * Monte-Carlo rate 1/sqrt(Y) predicts 4×).
   */
  @Test
  void drDamConvergesToMrDam() {
    int k = 200, d = 32;
    double beta = 10;
    double[] pats = TestData.binary(k, d, 12);
    ExactMemory exact = new ExactMemory(pats, k, d, beta, Similarity.L2);
    double[] e = new double[k];
    exact.energyGrad(ref, pats, k, e, null);
    double[] err = new double[2];
    int[] ys = {1024, 16384};
    for (int n = 0; n < 2; n++) {
      FeatureMemory m = new FeatureMemory(new FeatureMap(Basis.SINCOS, d, ys[n], 2024), beta);
      m.add(ref, pats, k);
      double[] eh = new double[k];
      m.energyGrad(ref, pats, k, eh, null);
      for (int mu = 0; mu < k; mu++) {
        err[n] += Math.abs(e[mu] - eh[mu]) / k;
      }
    }
    assertTrue(err[0] / err[1] >= 2.5,
        "MAE at Y=1024: " + err[0] + ", at Y=16384: " + err[1] + ", ratio " + err[0] / err[1]);
  }
}
