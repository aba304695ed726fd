package org.denseam.rng;

/**
 * The random projections of DrDAM, regenerated on demand from a seed: {@code ω_{α,i} ~ N(0,1)} and,
 * for Cos features, shifts {@code b_α ~ U(0, 2π)}.
 *
 * <p>The mapping is fixed (see {@code docs/rng.md}) so that any implementation reproduces the same
 * stream bit for bit:
 *
 * <ul>
 *   <li>key: {@code k0 = low 32 bits of seed}, {@code k1 = high 32 bits of seed};
 *   <li>projections: {@code ω_{α,i}} comes from the Philox block with counter {@code (i >>> 2, α,
 *       0, 0)}; words 0,1 give {@code i mod 4 = 0, 1} and words 2,3 give {@code i mod 4 = 2, 3};
 *   <li>uint32 to uniform: {@code u(x) = ((x >>> 9) + 0.5) · 2^-23}, in (0, 1) and exact in
 *       float32;
 *   <li>Box-Muller on a word pair {@code (x_a, x_b)}: {@code r = sqrt(-2 ln u(x_a))}, {@code θ = 2π
 *       u(x_b)}, first normal {@code r cos θ}, second {@code r sin θ};
 *   <li>shifts: {@code b_α = 2π u(word 0)} of the block with counter {@code (0, α, 1, 0)}.
 * </ul>
 *
 * <p>Nothing is stored: peak memory is the caller's output row.
 */
public final class Gaussian {
  /** Counter word 2 for the projection stream. */
  public static final int STREAM_OMEGA = 0;
  /** Counter word 2 for the Cos shift stream. */
  public static final int STREAM_BIAS = 1;

  private static final double TWO_PI = 2.0 * Math.PI;
  private static final double TWO_POW_M23 = 0x1.0p-23;

  private Gaussian() {}

  /**
   * Key word 0 of a seed.
   *
   * @param seed the 64-bit seed τ
   * @return its low 32 bits
   */
  public static int key0(long seed) {
    return (int) seed;
  }

  /**
   * Key word 1 of a seed.
   *
   * @param seed the 64-bit seed τ
   * @return its high 32 bits
   */
  public static int key1(long seed) {
    return (int) (seed >>> 32);
  }

  /**
   * Maps an unsigned 32-bit word to a uniform number in the open interval (0, 1).
   *
   * @param x the word, read as unsigned
   * @return {@code ((x >>> 9) + 0.5) · 2^-23}, which is exactly representable as a float
   */
  public static double uniform(int x) {
    // Written without shifts or Math.floor: kernel compilers have lowered an unsigned shift of a
    // signed value to a signed one, and floor to bit tricks they cannot emit. v / 2^9 is exact in
    // double and non-negative, so truncation is the floor.
    double v = x < 0 ? x + 0x1p32 : x;
    return ((long) (v * 0x1p-9) + 0.5) * TWO_POW_M23;
  }

  /**
   * One Box-Muller normal from a pair of words.
   *
   * @param xa the word that sets the radius
   * @param xb the word that sets the angle
   * @param second false for {@code r cos θ}, true for {@code r sin θ}
   * @return a standard normal deviate
   */
  public static double boxMuller(int xa, int xb, boolean second) {
    double r = Math.sqrt(-2.0 * Math.log(uniform(xa)));
    double theta = TWO_PI * uniform(xb);
    return second ? r * Math.sin(theta) : r * Math.cos(theta);
  }

  /**
   * The projection component {@code ω_{α,i}}, computed alone (one Philox block, no allocation):
   * the element function of the kernels.
   *
   * @param seed the seed τ
   * @param alpha projection index α, 0 ≤ α
   * @param i component index i, 0 ≤ i
   * @return {@code ω_{α,i}}
   */
  public static double omega(long seed, int alpha, int i) {
    long pair = Philox4x32.half(i >>> 2, alpha, STREAM_OMEGA, 0, key0(seed), key1(seed), (i & 2) != 0);
    return boxMuller((int) (pair >>> 32), (int) pair, (i & 1) == 1);
  }

  /**
   * Regenerates the projection row {@code ω_α} (components 0..d-1) in double precision.
   *
   * @param seed the seed τ
   * @param alpha projection index α
   * @param d dimension D
   * @param out destination, {@code out[off + i] = ω_{α,i}}
   * @param off first index written in {@code out}
   * @param words scratch of at least 4 ints
   */
  public static void row(long seed, int alpha, int d, double[] out, int off, int[] words) {
    int k0 = key0(seed), k1 = key1(seed);
    for (int i = 0; i < d; i += 4) {
      Philox4x32.block(i >>> 2, alpha, STREAM_OMEGA, 0, k0, k1, words, 0);
      int n = Math.min(4, d - i);
      for (int pair = 0; pair < n; pair += 2) {
        double r = Math.sqrt(-2.0 * Math.log(uniform(words[pair])));
        double theta = TWO_PI * uniform(words[pair + 1]);
        out[off + i + pair] = r * Math.cos(theta);
        if (pair + 1 < n) {
          out[off + i + pair + 1] = r * Math.sin(theta);
        }
      }
    }
  }

  /**
   * The Cos-feature shift {@code b_α ~ U(0, 2π)} (no allocation).
   *
   * @param seed the seed τ
   * @param alpha projection index α
   * @return {@code b_α}
   */
  public static double bias(long seed, int alpha) {
    long pair = Philox4x32.half(0, alpha, STREAM_BIAS, 0, key0(seed), key1(seed), false);
    return TWO_PI * uniform((int) (pair >>> 32));
  }
}
