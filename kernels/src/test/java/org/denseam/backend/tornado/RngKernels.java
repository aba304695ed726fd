package org.denseam.backend.tornado;

import org.denseam.rng.Gaussian;
import org.denseam.rng.Philox4x32;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/** Device kernels that expose the generator's stream, for comparison with the host. */
final class RngKernels {
  private RngKernels() {}

  /** Words (0,1) and (2,3) of block (i, alpha, 0, 0) for i in [0, n). */
  static void words(int[] out, int n, int alpha, long seed) {
    for (@Parallel int i = 0; i < n; i++) {
      long lo = Philox4x32.half(i, alpha, 0, 0, Gaussian.key0(seed), Gaussian.key1(seed), false);
      long hi = Philox4x32.half(i, alpha, 0, 0, Gaussian.key0(seed), Gaussian.key1(seed), true);
      out[4 * i] = (int) (lo >>> 32);
      out[4 * i + 1] = (int) lo;
      out[4 * i + 2] = (int) (hi >>> 32);
      out[4 * i + 3] = (int) hi;
    }
  }

  /** ω_{α,i} for α in [0, m), i in [0, d). */
  static void omegas(float[] out, int m, int d, long seed) {
    for (@Parallel int a = 0; a < m; a++) {
      for (int i = 0; i < d; i++) {
        out[a * d + i] = DeviceMath.omega(Gaussian.key0(seed), Gaussian.key1(seed), a, i);
      }
    }
  }
}
