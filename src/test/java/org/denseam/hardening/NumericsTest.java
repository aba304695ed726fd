package org.denseam.hardening;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.denseam.TestData;
import org.denseam.backend.Backend;
import org.denseam.backend.Similarity;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Extreme numerics: β up to 1000, inputs scaled by 1e3 and 1e-3, K = 10^6 memories streamed. No
 * NaN or Inf may appear where the exact answer is finite; exponential-feature overflow is
 * reported, not returned.
 */
class NumericsTest {
  static final JvmBackend JVM = new JvmBackend(2);
  final Backend ref = new ReferenceBackend();

  @AfterAll
  static void close() {
    JVM.close();
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-3, 1, 1e3})
  void exactEnergyStaysFiniteForLargeBetaAndScaledInputs(double scale) {
    int k = 200, d = 16, b = 6;
    double[] pats = scaled(TestData.binary(k, d, 1), scale);
    double[] x = scaled(TestData.uniform(b * d, 0, 0.25, 2), scale);
    for (double beta : new double[] {1e-3, 1, 1000}) {
      for (Similarity sim : Similarity.values()) {
        ExactMemory m = new ExactMemory(pats, k, d, beta, sim);
        for (Backend be : new Backend[] {ref, JVM}) {
          double[] e = new double[b];
          double[] g = new double[b * d];
          m.energyGrad(be, x, b, e, g);
          assertFinite(e, be.name() + " energy, beta " + beta + ", scale " + scale + ", " + sim);
          assertFinite(g, be.name() + " gradient, beta " + beta + ", scale " + scale + ", " + sim);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-3, 1, 1e3})
  void trigonometricFeaturesStayFinite(double scale) {
    int k = 50, d = 8, b = 4;
    double[] pats = scaled(TestData.binary(k, d, 3), scale);
    double[] x = scaled(TestData.uniform(b * d, 0, 0.3, 4), scale);
    for (double beta : new double[] {1e-3, 1, 1000}) {
      for (Basis basis : new Basis[] {Basis.SINCOS, Basis.COS}) {
        FeatureMemory m = new FeatureMemory(new FeatureMap(basis, d, 512, 5), beta);
        m.add(JVM, pats, k);
        for (Backend be : new Backend[] {ref, JVM}) {
          double[] e = new double[b];
          double[] g = new double[b * d];
          m.energyGrad(be, x, b, e, g);
          assertFinite(e, be.name() + " " + basis + " energy, beta " + beta + ", scale " + scale);
          assertFinite(g, be.name() + " " + basis + " gradient, beta " + beta + ", scale " + scale);
        }
      }
    }
  }

  /**
   * Far from every memory at large β, {@code <φ, T>} of exponential features underflows: the
   * energy would be silently wrong, so it is reported. Trigonometric features clip instead (a
   * documented, finite answer).
   */
  @Test
  void exponentialFeatureUnderflowIsReported() {
    int d = 8;
    double[] pats = TestData.binary(4, d, 6);
    double[] far = scaled(TestData.uniform(d, 0.5, 1, 7), 30);
    for (Basis basis : new Basis[] {Basis.EXP, Basis.EXPEXP}) {
      for (Backend be : new Backend[] {ref, JVM}) {
        FeatureMemory m = new FeatureMemory(new FeatureMap(basis, d, 256, 7), 10);
        m.add(be, pats, 4);
        ArithmeticException e = assertThrows(ArithmeticException.class,
            () -> m.energyGrad(be, far, 1, new double[1], null));
        assertTrue(e.getMessage().contains("underflow"), e.getMessage());
      }
    }
  }

  /** A hand-made T with an overflowed entry is reported, not propagated. */
  @Test
  void overflowedFeaturesAreReported() {
    for (Basis basis : Basis.values()) {
      ArithmeticException e =
          assertThrows(ArithmeticException.class, () -> basis.checkFeature(Double.POSITIVE_INFINITY));
      if (basis.trigonometric()) {
        // Not an exponential overflow, and never the advice to use the basis already in use.
        assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("sine"),
            e.getMessage());
        assertFalse(e.getMessage().contains("use sincos"), e.getMessage());
      } else {
        assertTrue(e.getMessage().contains("overflow"));
      }
    }
  }

  /** K = 10^6 memories: the exact energy streams over K; ProcMems folds them in blocks. */
  @Test
  void millionMemoriesAreStreamed() {
    int k = 1_000_000, d = 4, b = 3;
    double[] pats = TestData.uniform(k * d, 0, 0.5, 8);
    double[] x = TestData.uniform(b * d, 0, 0.5, 9);
    ExactMemory m = new ExactMemory(pats, k, d, 50, Similarity.L2);
    double[] er = new double[b], ej = new double[b];
    double[] gr = new double[b * d], gj = new double[b * d];
    m.energyGrad(ref, x, b, er, gr);
    m.energyGrad(JVM, x, b, ej, gj);
    assertFinite(ej, "energy");
    assertTrue(TestData.relMaxError(ej, er) <= 1e-4, "energy " + TestData.relMaxError(ej, er));
    assertTrue(TestData.relMaxError(gj, gr) <= 1e-3, "gradient " + TestData.relMaxError(gj, gr));
    FeatureMemory f = new FeatureMemory(new FeatureMap(Basis.SINCOS, d, 64, 1), 50);
    f.add(JVM, pats, k);
    assertFinite(f.t(), "T");
    assertTrue(f.count() == k);
  }

  static double[] scaled(double[] a, double s) {
    double[] out = a.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= s;
    }
    return out;
  }

  static void assertFinite(double[] a, String what) {
    for (int i = 0; i < a.length; i++) {
      assertTrue(Double.isFinite(a[i]), what + ": " + a[i] + " at " + i);
    }
  }
}
