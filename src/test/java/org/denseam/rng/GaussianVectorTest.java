package org.denseam.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vectorised stream against the scalar specification ({@link Philox4x32}, {@link Gaussian}). */
class GaussianVectorTest {
  static final int L = GaussianVector.LANES;

  @Test
  void wordsAreBitIdenticalToPhilox() {
    SplittableRandom r = new SplittableRandom(11);
    int[] v = new int[4 * L];
    int[] s = new int[4];
    for (int t = 0; t < 20000; t++) {
      int c0 = r.nextInt(), c1 = r.nextInt(), c2 = r.nextInt(), c3 = r.nextInt();
      int k0 = r.nextInt(), k1 = r.nextInt();
      if (t < 4) { // the corners: all zero and all ones
        c0 = c1 = c2 = c3 = k0 = k1 = (t % 2 == 0) ? 0 : -1;
        c0 -= t / 2 * L; // counter word 0 wraps around inside the vector
      }
      GaussianVector.blocks(c0, c1, c2, c3, k0, k1, v, 0);
      for (int lane = 0; lane < L; lane++) {
        Philox4x32.block(c0 + lane, c1, c2, c3, k0, k1, s, 0);
        for (int w = 0; w < 4; w++) {
          assertEquals(s[w], v[w * L + lane], "lane " + lane + " word " + w + " at trial " + t);
        }
      }
    }
  }

  @Test
  void permutationIsABijectionWithinGroups() {
    int dp = 3 * GaussianVector.GROUP;
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < dp; i++) {
      int p = GaussianVector.permuted(i);
      assertEquals(i / GaussianVector.GROUP, p / GaussianVector.GROUP, "stays in its group");
      assertTrue(seen.add(p));
    }
    assertEquals(GaussianVector.GROUP, GaussianVector.paddedDim(1));
    assertEquals(GaussianVector.GROUP, GaussianVector.paddedDim(GaussianVector.GROUP));
    assertEquals(2 * GaussianVector.GROUP, GaussianVector.paddedDim(GaussianVector.GROUP + 1));
  }

  /**
   * Normals agree with the double-precision rows to float32 rounding: within 4 ulps of the
   * float32 value (the float32 logarithm, square root, sine and cosine each add about one ulp).
   */
  @Test
  void normalsAgreeWithGaussianRowToFloatRounding() {
    long seed = 0x0123456789ABCDEFL;
    int d = 37; // not a multiple of the group: the padding components are ignored
    int dp = GaussianVector.paddedDim(d);
    float[] f = new float[dp];
    int[] words = new int[dp];
    double[] ref = new double[d];
    int[] w4 = new int[4];
    double worst = 0;
    for (int alpha = 0; alpha < 6000; alpha++) {
      int a = alpha < 5000 ? alpha : Integer.MAX_VALUE - alpha; // also large counters
      GaussianVector.row(seed, a, dp, f, 0, words);
      Gaussian.row(seed, a, d, ref, 0, w4);
      for (int i = 0; i < d; i++) {
        double got = f[GaussianVector.permuted(i)];
        double ulps = Math.abs(got - ref[i]) / Math.ulp((float) ref[i]);
        worst = Math.max(worst, ulps);
        assertTrue(ulps <= 4, "alpha " + a + " i " + i + ": " + got + " vs " + ref[i]);
      }
    }
    assertTrue(worst > 0, "float32 and float64 normals should not all coincide");
  }

  @Test
  void interleavedLayoutHoldsTheSameRows() {
    int dp = 2 * GaussianVector.GROUP, rows = 5;
    float[] packed = new float[rows * dp];
    float[] row = new float[dp];
    int[] words = new int[dp];
    for (int r = 0; r < rows; r++) {
      GaussianVector.row(3, 100 + r, dp, packed, r * L, rows * L, words);
    }
    for (int r = 0; r < rows; r++) {
      GaussianVector.row(3, 100 + r, dp, row, 0, words);
      for (int p = 0; p < dp; p++) {
        assertEquals(row[p], packed[(p / L) * rows * L + r * L + p % L], 0f);
      }
    }
  }
}
