package org.denseam.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.denseam.TestData;
import org.denseam.backend.Backend;
import org.denseam.backend.Similarity;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Analytic gradients (MrDAM, and DrDAM through the feature Jacobian) against central finite
 * differences of the energy, in double precision: relative error ≤ 1e-6 per query, measured as
 * {@code ||g - g_fd|| / ||g_fd||}.
 */
class GradientTest {
  static final double TOL = 1e-6;
  final Backend ref = new ReferenceBackend();

  @ParameterizedTest
  @EnumSource(Similarity.class)
  void exactGradientMatchesFiniteDifferences(Similarity sim) {
    int k = 30, d = 12, b = 4;
    double beta = 7.5;
    ExactMemory m = new ExactMemory(TestData.uniform(k * d, -1, 1, 1), k, d, beta, sim);
    check(m, TestData.uniform(b * d, -1, 1, 2), b);
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> maps() {
    java.util.stream.Stream.Builder<org.junit.jupiter.params.provider.Arguments> all =
        java.util.stream.Stream.builder();
    for (Basis basis : Basis.values()) {
      for (Projection projection : Projection.values()) {
        if (basis.trigonometric() || projection == Projection.GAUSSIAN) {
          all.add(org.junit.jupiter.params.provider.Arguments.of(basis, projection));
        }
      }
    }
    return all.build();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("maps")
  void featureGradientMatchesFiniteDifferences(Basis basis, Projection projection) {
    int k = 20, d = 10, b = 3;
    double beta = 3;
    FeatureMemory m = new FeatureMemory(new FeatureMap(basis, d, 512, 11, projection), beta);
    double[] pats = TestData.uniform(k * d, 0, 1 / Math.sqrt(d), 3);
    m.add(ref, pats, k);
    // Queries near stored patterns, so that s = <φ, T> stays well above the clip.
    double[] q = TestData.uniform(b * d, -0.05, 0.05, 4);
    for (int i = 0; i < q.length; i++) {
      q[i] += pats[i];
    }
    check(m, q, b);
  }

  private void check(EnergyModel m, double[] x, int b) {
    int d = m.dim();
    double[] g = new double[b * d];
    m.energyGrad(ref, x, b, null, g);
    double h = 1e-5;
    for (int q = 0; q < b; q++) {
      double num = 0, den = 0;
      for (int i = 0; i < d; i++) {
        double[] xp = java.util.Arrays.copyOfRange(x, q * d, q * d + d);
        double[] xm = xp.clone();
        xp[i] += h;
        xm[i] -= h;
        double[] ep = new double[1];
        double[] em = new double[1];
        m.energyGrad(ref, xp, 1, ep, null);
        m.energyGrad(ref, xm, 1, em, null);
        double fd = (ep[0] - em[0]) / (2 * h);
        num += sq(g[q * d + i] - fd);
        den += sq(fd);
      }
      double rel = Math.sqrt(num / den);
      assertTrue(rel <= TOL, "query " + q + ": relative gradient error " + rel);
    }
  }

  private static double sq(double v) {
    return v * v;
  }
}
