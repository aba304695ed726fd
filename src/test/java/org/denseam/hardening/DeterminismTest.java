package org.denseam.hardening;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.denseam.TestData;
import org.denseam.backend.Similarity;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.dynamics.Descent;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.junit.jupiter.api.Test;

/** The same inputs and seed give bit-identical results across runs and with 1 or 2 threads. */
class DeterminismTest {
  @Test
  void jvmResultsAreBitIdenticalForOneAndTwoThreadsAndAcrossRuns() {
    int k = 300, d = 24, b = 70, y = 2048;
    double[] pats = TestData.binary(k, d, 1);
    double[] x = TestData.uniform(b * d, 0, 0.2, 2);
    double[][] out = new double[3][];
    int[] threads = {1, 2, 2};
    for (int run = 0; run < 3; run++) {
      try (JvmBackend jvm = new JvmBackend(threads[run])) {
        ExactMemory em = new ExactMemory(pats, k, d, 20, Similarity.L2);
        FeatureMemory fm = new FeatureMemory(new FeatureMap(Basis.SINCOS, d, y, 9), 20);
        fm.add(jvm, pats, k);
        double[] e1 = new double[b], g1 = new double[b * d];
        double[] e2 = new double[b], g2 = new double[b * d];
        double[] phi = new double[b * y];
        em.energyGrad(jvm, x, b, e1, g1);
        fm.energyGrad(jvm, x, b, e2, g2);
        jvm.rf(fm.map(), 20, x, b, phi);
        double[] xs = x.clone();
        Descent.Result r = new Descent(10, 0.3, 0, null, false).run(fm, jvm, xs, b);
        double[] single = new double[1];
        em.energyGrad(jvm, java.util.Arrays.copyOf(x, d), 1, single, null);
        out[run] = concat(fm.t(), e1, g1, e2, g2, phi, xs, r.energy(), single);
      }
    }
    assertArrayEquals(out[0], out[1], 0.0, "1 vs 2 threads");
    assertArrayEquals(out[1], out[2], 0.0, "run to run");
  }

  static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] all = new double[n];
    int o = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, all, o, p.length);
      o += p.length;
    }
    return all;
  }
}
