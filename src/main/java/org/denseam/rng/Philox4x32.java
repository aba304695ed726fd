package org.denseam.rng;

/**
 * Philox4x32-10, the counter-based generator of Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3" (SC'11), as specified by the Random123 library.
 *
 * <p>The generator is a pure function of a 128-bit counter {@code (c0, c1, c2, c3)} and a 64-bit key
 * {@code (k0, k1)}: ten rounds of two 32x32→64-bit multiplications, with a Weyl key schedule. All
 * values are unsigned 32-bit integers carried in Java {@code int}s. Known-answer vectors from
 * Random123's {@code kat_vectors} pin it in the test suite.
 *
 * <p>Every method is static, allocation-free and uses only integer arithmetic, so it runs unchanged
 * in the JVM backend and inside TornadoVM kernels.
 */
public final class Philox4x32 {
  /** Round multiplier applied to counter word 0. */
  public static final long M0 = 0xD2511F53L;
  /** Round multiplier applied to counter word 2. */
  public static final long M1 = 0xCD9E8D57L;
  /** Weyl increment of key word 0 (golden ratio). */
  public static final int W0 = 0x9E3779B9;
  /** Weyl increment of key word 1 (sqrt(3) - 1). */
  public static final int W1 = 0xBB67AE85;
  /** Number of rounds. */
  public static final int ROUNDS = 10;

  private Philox4x32() {}

  /**
   * Computes one Philox4x32-10 block and stores its four output words in {@code out[off..off+3]}.
   *
   * @param c0 counter word 0
   * @param c1 counter word 1
   * @param c2 counter word 2
   * @param c3 counter word 3
   * @param k0 key word 0
   * @param k1 key word 1
   * @param out destination of the four output words
   * @param off index in {@code out} of the first word
   */
  public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int off) {
    long a = half(c0, c1, c2, c3, k0, k1, false);
    long b = half(c0, c1, c2, c3, k0, k1, true);
    out[off] = (int) (a >>> 32);
    out[off + 1] = (int) a;
    out[off + 2] = (int) (b >>> 32);
    out[off + 3] = (int) b;
  }

  /**
   * Computes one Philox4x32-10 block and returns one half of it, two words packed in a long: words
   * (0, 1) or words (2, 3), the first word in the high 32 bits. Allocation-free, for kernels.
   *
   * <p>The state stays in {@code int}s and every multiplication operand is a zero-extended
   * {@code int}: kernel compilers that lower {@code long >>>} to a signed shift still compute the
   * right words.
   *
   * @param c0 counter word 0
   * @param c1 counter word 1
   * @param c2 counter word 2
   * @param c3 counter word 3
   * @param k0 key word 0
   * @param k1 key word 1
   * @param upper false for words (0, 1), true for words (2, 3)
   * @return {@code (word << 32) | (next word)}
   */
  public static long half(int c0, int c1, int c2, int c3, int k0, int k1, boolean upper) {
    int x0 = c0, x1 = c1, x2 = c2, x3 = c3;
    for (int r = 0; r < ROUNDS; r++) {
      long p0 = M0 * (x0 & 0xFFFFFFFFL);
      long p1 = M1 * (x2 & 0xFFFFFFFFL);
      int y0 = (int) (p1 >>> 32) ^ x1 ^ (k0 + r * W0);
      int y2 = (int) (p0 >>> 32) ^ x3 ^ (k1 + r * W1);
      x1 = (int) p1;
      x3 = (int) p0;
      x0 = y0;
      x2 = y2;
    }
    return upper ? pack(x2, x3) : pack(x0, x1);
  }

  private static long pack(int hi, int lo) {
    return ((long) hi << 32) | (lo & 0xFFFFFFFFL);
  }
}
