package org.denseam.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianTest {

  @Test
  void uniformIsInsideOpenIntervalAndExactInFloat() {
    int[] words = {0, -1, 1 << 9, 0x7FFFFFFF, 0x80000000, 12345};
    for (int w : words) {
      double u = Gaussian.uniform(w);
      assertTrue(u > 0 && u < 1, "u(" + Integer.toHexString(w) + ") = " + u);
      assertEquals(u, (double) (float) u, 0.0, "uniform must be exact in float32");
    }
    assertEquals(0.5 * 0x1.0p-23, Gaussian.uniform(0), 0.0);
    assertEquals(1 - 0.5 * 0x1.0p-23, Gaussian.uniform(-1), 0.0);
  }

  @Test
  void rowMatchesElementwiseDefinition() {
    long seed = 0x0123456789ABCDEFL;
    int d = 11; // not a multiple of 4: the last block is used partially
    double[] row = new double[d];
    int[] words = new int[4];
    for (int alpha : new int[] {0, 1, 999, 1 << 20}) {
      Gaussian.row(seed, alpha, d, row, 0, words);
      for (int i = 0; i < d; i++) {
        assertEquals(Gaussian.omega(seed, alpha, i), row[i], 0.0, "alpha " + alpha + ", i " + i);
      }
    }
  }

  @Test
  void elementFollowsTheDocumentedMapping() {
    long seed = 42L | (7L << 32);
    int[] w = new int[4];
    Philox4x32.block(5 >>> 2, 3, Gaussian.STREAM_OMEGA, 0, 42, 7, w, 0);
    // i = 5: block i>>>2 = 1, words (0, 1), the second (sine) normal.
    double r = Math.sqrt(-2 * Math.log(Gaussian.uniform(w[0])));
    assertEquals(r * Math.sin(2 * Math.PI * Gaussian.uniform(w[1])), Gaussian.omega(seed, 3, 5), 0.0);
    // i = 6: words (2, 3), the cosine normal.
    double r2 = Math.sqrt(-2 * Math.log(Gaussian.uniform(w[2])));
    assertEquals(r2 * Math.cos(2 * Math.PI * Gaussian.uniform(w[3])), Gaussian.omega(seed, 3, 6), 0.0);
  }

  @Test
  void momentsAreThoseOfAStandardNormal() {
    int n = 1 << 18;
    double[] row = new double[64];
    int[] words = new int[4];
    double s1 = 0, s2 = 0, s4 = 0;
    for (int alpha = 0; alpha < n / 64; alpha++) {
      Gaussian.row(9, alpha, 64, row, 0, words);
      for (double v : row) {
        s1 += v;
        s2 += v * v;
        s4 += v * v * v * v;
      }
    }
    // Standard errors: mean 1/sqrt(n) ≈ 0.002, variance sqrt(2/n) ≈ 0.0028, kurtosis ≈ 0.019.
    assertEquals(0, s1 / n, 0.01);
    assertEquals(1, s2 / n, 0.012);
    assertEquals(3, s4 / n, 0.08);
  }

  @Test
  void biasIsUniformOnZeroToTwoPi() {
    int[] words = new int[4];
    double sum = 0;
    int n = 20000;
    for (int a = 0; a < n; a++) {
      double b = Gaussian.bias(3, a);
      assertTrue(b > 0 && b < 2 * Math.PI);
      sum += b;
    }
    assertEquals(Math.PI, sum / n, 0.05); // standard error ≈ 0.013
  }
}
