package org.denseam.experiments;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The binary data of section 4 of the DrDAM paper: patterns with entries in {@code {0, 1/√D}}, so
 * that every pattern and query lies in {@code [0, 1/√D]^D} (assumption A1 of Theorem 2), and
 * queries made from them by flipping bits.
 */
public final class BinaryData {
  private BinaryData() {}

  /**
   * The value of a set bit, {@code 1/√D}.
   *
   * @param d the dimension D
   * @return {@code 1/√D}
   */
  public static double one(int d) {
    return 1 / Math.sqrt(d);
  }

  /**
   * N distinct random patterns, each bit set with probability ½.
   *
   * @param n number of patterns N
   * @param d dimension D
   * @param rnd the random stream
   * @return N × D row-major patterns with entries in {0, 1/√D}
   * @throws IllegalArgumentException if there are fewer than N distinct patterns of D bits
   */
  public static double[] uniquePatterns(int n, int d, SplittableRandom rnd) {
    if (d < 1) {
      throw new IllegalArgumentException("D must be >= 1, got " + d);
    }
    // Rejection sampling; refuse when more than half of all patterns would be needed.
    if (d < 62 && n > (1L << d) / 2) {
      throw new IllegalArgumentException(
          "cannot draw " + n + " distinct binary patterns of D = " + d + " bits (at most "
              + (1L << d) / 2 + " are drawn)");
    }
    return distinctPatterns(n, d, rnd);
  }

  /**
   * N distinct random patterns by rejection sampling, each bit set with probability ½: draws D
   * bits at a time and keeps a pattern not drawn before. The caller makes sure that N ≤ 2^D
   * (the draw takes long when N is close to it); {@link #uniquePatterns} refuses more than half.
   *
   * @param n number of patterns N
   * @param d dimension D
   * @param rnd the random stream
   * @return N × D row-major patterns with entries in {0, 1/√D}
   */
  public static double[] distinctPatterns(int n, int d, SplittableRandom rnd) {
    double one = one(d);
    double[] p = new double[Math.multiplyExact(n, d)];
    Set<String> seen = new HashSet<>();
    char[] key = new char[d];
    for (int mu = 0; mu < n; ) {
      for (int i = 0; i < d; i++) {
        boolean bit = rnd.nextBoolean();
        p[mu * d + i] = bit ? one : 0.0;
        key[i] = bit ? '1' : '0';
      }
      if (seen.add(new String(key))) {
        mu++;
      }
    }
    return p;
  }

  /**
   * N random patterns, each bit set with probability ½, not necessarily distinct.
   *
   * @param n number of patterns N
   * @param d dimension D
   * @param rnd the random stream
   * @return N × D row-major patterns with entries in {0, 1/√D}
   */
  public static double[] randomPatterns(int n, int d, SplittableRandom rnd) {
    double one = one(d);
    double[] p = new double[Math.multiplyExact(n, d)];
    for (int i = 0; i < p.length; i++) {
      p[i] = rnd.nextBoolean() ? one : 0.0;
    }
    return p;
  }

  /**
   * Copies of the first N patterns with {@code flips} distinct bits of each flipped (the "near"
   * queries: the paper flips {@code 0.1·D} bits).
   *
   * @param patterns at least N × D patterns with entries in {0, 1/√D}
   * @param n number of patterns to copy
   * @param d dimension D
   * @param flips bits to flip per pattern, 0 ≤ flips ≤ D
   * @param rnd the random stream
   * @return N × D flipped copies
   */
  public static double[] flipBits(double[] patterns, int n, int d, int flips, SplittableRandom rnd) {
    if (flips < 0 || flips > d) {
      throw new IllegalArgumentException("cannot flip " + flips + " of " + d + " bits");
    }
    double one = one(d);
    double[] q = java.util.Arrays.copyOf(patterns, n * d);
    int[] idx = new int[d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        idx[i] = i;
      }
      for (int f = 0; f < flips; f++) {
        int j = f + rnd.nextInt(d - f);
        int t = idx[f];
        idx[f] = idx[j];
        idx[j] = t;
        int i = r * d + idx[f];
        q[i] = q[i] > 0.5 * one ? 0.0 : one;
      }
    }
    return q;
  }

  /**
   * Number of bits the paper flips for the "near" queries, {@code ⌊fraction·D⌋}.
   *
   * @param fraction the fraction of bits, in [0, 1]
   * @param d dimension D
   * @return the number of bits
   */
  public static int flipCount(double fraction, int d) {
    return (int) Math.floor(fraction * d + 1e-9);
  }

  /**
   * A derived seed for one part of an experiment, so that each part's data does not depend on
   * which other parts run (SplitMix64 finaliser of the combination).
   *
   * @param seed the experiment's seed
   * @param parts identifiers of the part (for example D and a stream number)
   * @return a well-mixed seed
   */
  public static long seed(long seed, long... parts) {
    long z = seed;
    for (long p : parts) {
      z = mix(z + 0x9E3779B97F4A7C15L * (p + 1));
    }
    return z;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
