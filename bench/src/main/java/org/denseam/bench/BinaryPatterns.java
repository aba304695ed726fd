package org.denseam.bench;

import java.util.SplittableRandom;

/**
 * The binary patterns the benchmarks store: entries in {@code {0, 1/√D}}, each bit set with
 * probability ½, drawn exactly as the experiments' and {@code dam bench}'s patterns are (one {@link
 * SplittableRandom#nextBoolean()} per entry, row by row), so that a benchmark and a {@code dam
 * bench} run of the same seed store the same patterns.
 */
final class BinaryPatterns {
  private BinaryPatterns() {}

  /**
   * The value of a set bit, {@code 1/√D}.
   *
   * @param d the dimension D
   * @return {@code 1/√D}
   */
  static double one(int d) {
    return 1 / Math.sqrt(d);
  }

  /**
   * N random patterns, each bit set with probability ½, not necessarily distinct.
   *
   * @param n number of patterns N
   * @param d dimension D
   * @param rnd the random stream
   * @return N × D row-major patterns with entries in {0, 1/√D}
   */
  static double[] random(int n, int d, SplittableRandom rnd) {
    double one = one(d);
    double[] p = new double[Math.multiplyExact(n, d)];
    for (int i = 0; i < p.length; i++) {
      p[i] = rnd.nextBoolean() ? one : 0.0;
    }
    return p;
  }
}
