package org.denseam.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntmaxTest {
  private static double[] sparsemax(double... z) {
    double[] p = new double[z.length];
    Entmax.sparsemax(z, p);
    return p;
  }

  private static double[] entmax15(double... z) {
    double[] p = new double[z.length];
    Entmax.entmax15(z, p);
    return p;
  }

  private static double[] bisect(double alpha, double... z) {
    double[] p = new double[z.length];
    Entmax.bisect(alpha, z, p);
    return p;
  }

  private static double[] apply(double alpha, double[] z) {
    double[] p = new double[z.length];
    Entmax.apply(alpha, z, p);
    return p;
  }

  /** Random scores: length 1..40, scale from 0.01 to 100, sometimes with ties. */
  private static double[] randomScores(SplittableRandom r) {
    int n = 1 + r.nextInt(40);
    double scale = Math.pow(10, -2 + 4 * r.nextDouble());
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = scale * r.nextGaussian();
    }
    if (n > 2 && r.nextInt(4) == 0) {
      z[1] = z[0];
    }
    return z;
  }

  @Test
  void knownValues() {
    assertArrayEquals(new double[] {0, 0.25, 0.75}, sparsemax(-2, 0, 0.5), 1e-12);
    assertArrayEquals(new double[] {0, 0.3260, 0.6740}, entmax15(-2, 0, 0.5), 5e-5);
    assertArrayEquals(new double[] {0.0460, 0.3276, 0.6264}, bisect(1.33, -1, 0, 0.5), 5e-5);
    // The same through bisection at α = 2 and 1.5.
    assertArrayEquals(new double[] {0, 0.25, 0.75}, bisect(2, -2, 0, 0.5), 1e-12);
    assertArrayEquals(new double[] {0, 0.3260, 0.6740}, bisect(1.5, -2, 0, 0.5), 5e-5);
    // Softmax: exp(z) / Σ exp(z).
    double s = Math.exp(-2) + 1 + Math.exp(0.5);
    assertArrayEquals(new double[] {Math.exp(-2) / s, 1 / s, Math.exp(0.5) / s},
        apply(1, new double[] {-2, 0, 0.5}), 1e-15);
  }

  @Test
  void dispatchesToTheExactAlgorithms() {
    assertEquals(Entmax.Algorithm.SOFTMAX, Entmax.algorithm(1));
    assertEquals(Entmax.Algorithm.ENTMAX15, Entmax.algorithm(1.5));
    assertEquals(Entmax.Algorithm.SPARSEMAX, Entmax.algorithm(2));
    assertEquals(Entmax.Algorithm.BISECTION, Entmax.algorithm(1.33));
    double[] z = {0.3, -1.2, 0.9, 0.1};
    assertArrayEquals(sparsemax(z), apply(2, z), 0);
    assertArrayEquals(entmax15(z), apply(1.5, z), 0);
    assertArrayEquals(bisect(3, z), apply(3, z), 0);
  }

  @Test
  void bisectionAgreesWithTheExactAlgorithms() {
    SplittableRandom r = new SplittableRandom(11);
    for (int t = 0; t < 3000; t++) {
      double[] z = randomScores(r);
      assertArrayEquals(sparsemax(z), bisect(2, z), 1e-6, "sparsemax, trial " + t);
      assertArrayEquals(entmax15(z), bisect(1.5, z), 1e-6, "1.5-entmax, trial " + t);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 1.01, 1.2, 1.33, 1.5, 1.7, 2, 2.5, 4, 10, 100, 1e6})
  void outputsAreOnTheSimplexAndShiftInvariant(double alpha) {
    SplittableRandom r = new SplittableRandom(12);
    for (int t = 0; t < 500; t++) {
      double[] z = randomScores(r);
      double[] p = apply(alpha, z);
      double sum = 0;
      for (double v : p) {
        assertTrue(v >= 0 && v <= 1, "weight " + v);
        sum += v;
      }
      assertEquals(1, sum, 1e-12);
      for (double shift : new double[] {1e3, -1e3}) {
        double[] zs = z.clone();
        for (int i = 0; i < zs.length; i++) {
          zs[i] += shift;
        }
        // z + shift is rounded by up to ulp(1100) ≈ 2.3e-13; for α ≤ 2 the maps are 1-Lipschitz,
        // and for α > 2 only weights within rounding of the support boundary could move more.
        assertArrayEquals(p, apply(alpha, zs), 1e-9, "shift " + shift);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 1.25, 1.33, 1.5, 2, 3, 7})
  void weightsMaximiseTheRegularisedScore(double alpha) {
    // p̂ = argmax_{p ∈ Δ} θᵀp - Ω_α(p) (eq. 3): no other point of the simplex does better, and the
    // Fenchel-Young loss is non-negative with L(θ, p̂) = 0.
    SplittableRandom r = new SplittableRandom(13);
    for (int t = 0; t < 300; t++) {
      double[] theta = randomScores(r);
      double[] pHat = apply(alpha, theta);
      double best = dot(theta, pHat) - Tsallis.negentropy(alpha, pHat);
      assertEquals(0, Tsallis.fenchelYoung(alpha, theta, pHat), 1e-12);
      for (int s = 0; s < 20; s++) {
        double[] p = randomSimplexPoint(r, theta.length, s % 3 == 0 ? pHat : null);
        double value = dot(theta, p) - Tsallis.negentropy(alpha, p);
        assertTrue(value <= best + 1e-12 * (1 + Math.abs(best)), "p beats entmax by " + (value - best));
        assertTrue(Tsallis.fenchelYoung(alpha, theta, p) >= -1e-12);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.1, 1.25, 1.33, 1.5, 2, 3, 7, 100})
  void marginProperty(double alpha) {
    // Eq. 6: α-entmax(θ) = e_i  ⇔  L(θ, e_i) = 0  ⇔  θ_i - max_{j≠i} θ_j ≥ 1/(α-1).
    SplittableRandom r = new SplittableRandom(14);
    int oneHot = 0;
    for (int t = 0; t < 2000; t++) {
      int n = 2 + r.nextInt(12);
      double[] theta = new double[n];
      for (int j = 0; j < n; j++) {
        theta[j] = 3 * r.nextGaussian() - 500 * (t % 3 - 1); // centred, +500, -500
      }
      int i = r.nextInt(n);
      double others = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        if (j != i) {
          others = Math.max(others, theta[j]);
        }
      }
      double m;
      do {
        m = 2 * r.nextDouble();
      } while (Math.abs(m - 1) < 1e-6);
      theta[i] = others + m / (alpha - 1);
      double gap = theta[i] - others; // as rounded
      boolean margin = gap >= 1 / (alpha - 1);
      double[] p = apply(alpha, theta);
      double[] e = new double[n];
      e[i] = 1;
      boolean isOneHot = java.util.Arrays.equals(p, e);
      assertEquals(margin, isOneHot, "gap " + gap + " vs margin " + 1 / (alpha - 1));
      double loss = Tsallis.fenchelYoung(alpha, theta, p, e);
      if (margin) {
        assertEquals(0, loss, 0);
        oneHot++;
      } else {
        // L(θ, e_i) > 0, up to the rounding of θᵀ(p - e_i) for scores near ±500.
        assertTrue(loss > -1e-12 * n * 500, "loss " + loss);
        if (m < 0.9) {
          assertTrue(loss > 0, "loss " + loss);
        }
      }
    }
    assertTrue(oneHot > 500 && oneHot < 1500, "both sides of the margin were tested: " + oneHot);
  }

  @Test
  void largeAlphaTendsToArgmax() {
    double[] z = {0.2, -0.1, 0.2 - 1e-3, 0.0};
    double[] p = apply(1e4, z); // margin 1e-4 < 1e-3: one-hot
    assertArrayEquals(new double[] {1, 0, 0, 0}, p, 0);
    double[] tie = apply(1e6, new double[] {1, 1, -3});
    assertArrayEquals(new double[] {0.5, 0.5, 0}, tie, 1e-12);
  }

  @Test
  void singleScoreAndTies() {
    for (double alpha : new double[] {1, 1.33, 1.5, 2}) {
      assertArrayEquals(new double[] {1}, apply(alpha, new double[] {-7}), 0);
      assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, apply(alpha, new double[] {3, 3, 3, 3}),
          1e-15);
    }
  }

  @Test
  void weightsMayOverwriteTheScores() {
    double[] z = {0.4, -0.3, 0.35, 2};
    for (double alpha : new double[] {1, 1.33, 1.5, 2}) {
      double[] expected = apply(alpha, z);
      double[] inPlace = z.clone();
      Entmax.apply(alpha, inPlace, inPlace);
      assertArrayEquals(expected, inPlace, 0);
    }
  }

  @Test
  void rejectsBadArguments() {
    double[] z = {1, 2};
    for (double bad : new double[] {0.5, 0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Entmax.apply(bad, z, new double[2]));
      assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Entmax.bisect(1, z, new double[2]));
    assertThrows(IllegalArgumentException.class, () -> Entmax.sparsemax(z, new double[3]));
    assertThrows(IllegalArgumentException.class, () -> Entmax.softmax(new double[0], new double[0]));
  }

  @Test
  void tsallisNegentropy() {
    double[] uniform = {0.25, 0.25, 0.25, 0.25};
    for (double alpha : new double[] {1, 1.5, 2, 3}) {
      assertEquals(0, Tsallis.negentropy(alpha, new double[] {0, 1, 0}), 1e-15);
      assertEquals(Tsallis.uniformNegentropy(alpha, 4), Tsallis.negentropy(alpha, uniform), 1e-15);
    }
    assertEquals(-Math.log(4), Tsallis.negentropy(1, uniform), 1e-15);
    assertEquals(0.5 * (4 * 0.0625) - 0.5, Tsallis.negentropy(2, uniform), 1e-15); // ½||p||² - ½
    // α → 1 approaches Shannon.
    double[] p = {0.1, 0.2, 0.7};
    assertEquals(Tsallis.negentropy(1, p), Tsallis.negentropy(1 + 1e-7, p), 1e-6);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** A random point of the simplex; near {@code around} when given. */
  private static double[] randomSimplexPoint(SplittableRandom r, int n, double[] around) {
    double[] p = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = (r.nextInt(3) == 0 ? 0 : -Math.log(r.nextDouble()))
          + (around == null ? 0 : 50 * around[i]);
      sum += p[i];
    }
    if (sum == 0) {
      p[0] = 1;
      return p;
    }
    for (int i = 0; i < n; i++) {
      p[i] /= sum;
    }
    return p;
  }
}
