package org.denseam.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.denseam.TestData;
import org.denseam.backend.reference.ReferenceBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins the normalisations of Appendix C: for every basis, {@code <φ(x), φ(x')>} estimates the RBF
 * kernel {@code exp(-||x - x'||²/2)} without bias.
 */
class KernelApproximationTest {

  @ParameterizedTest
  @EnumSource(Basis.class)
  void innerProductEstimatesRbfKernel(Basis basis) {
    int d = 6, y = 1 << 16;
    double[] x = TestData.uniform(2 * d, -0.4, 0.4, 5);
    FeatureMap map = new FeatureMap(basis, d, y, 77);
    double[] phi = new double[2 * y];
    new ReferenceBackend().rf(map, 1.0, x, 2, phi);
    double dot = 0, d2 = 0;
    for (int j = 0; j < y; j++) {
      dot += phi[j] * phi[y + j];
    }
    for (int i = 0; i < d; i++) {
      d2 += (x[i] - x[d + i]) * (x[i] - x[d + i]);
    }
    double kernel = Math.exp(-d2 / 2);
    // Y = 65536 features: the standard error is below 0.006 for these inputs.
    assertEquals(kernel, dot, 0.02, basis + ": kernel " + kernel + ", estimate " + dot);
    if (basis.trigonometric()) {
      double self = 0;
      for (int j = 0; j < y; j++) {
        self += phi[j] * phi[j];
      }
      assertEquals(1.0, self, basis == Basis.SINCOS ? 1e-12 : 0.02, "k(x, x) = 1");
    }
  }

  /** SORF projections keep the estimate unbiased for both trigonometric bases. */
  @ParameterizedTest
  @ValueSource(strings = {"SINCOS", "COS"})
  void sorfInnerProductEstimatesRbfKernel(String name) {
    Basis basis = Basis.valueOf(name);
    int d = 6, y = 1 << 16;
    double[] x = TestData.uniform(2 * d, -0.4, 0.4, 5);
    double[] phi = new double[2 * y];
    new ReferenceBackend().rf(new FeatureMap(basis, d, y, 77, Projection.SORF), 1.0, x, 2, phi);
    double dot = 0, d2 = 0;
    for (int j = 0; j < y; j++) {
      dot += phi[j] * phi[y + j];
    }
    for (int i = 0; i < d; i++) {
      d2 += (x[i] - x[d + i]) * (x[i] - x[d + i]);
    }
    assertEquals(Math.exp(-d2 / 2), dot, 0.02, basis + " with SORF");
  }
}
