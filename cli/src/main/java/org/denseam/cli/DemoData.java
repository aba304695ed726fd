package org.denseam.cli;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/** Data generation and retrieval metrics for binary patterns in {0, 1/√D}^D. */
final class DemoData {
  private DemoData() {}

  /** K distinct random patterns with entries 0 or {@code one}, K × D row-major. */
  static double[] uniqueBinaryPatterns(int k, int d, double one, SplittableRandom rnd) {
    if (d < 63 && k > (1L << d)) {
      throw new IllegalArgumentException("cannot draw " + k + " distinct patterns of D = " + d + " bits");
    }
    double[] p = new double[k * d];
    Set<String> seen = new HashSet<>();
    for (int mu = 0; mu < k; ) {
      StringBuilder key = new StringBuilder(d);
      for (int i = 0; i < d; i++) {
        boolean bit = rnd.nextBoolean();
        p[mu * d + i] = bit ? one : 0.0;
        key.append(bit ? '1' : '0');
      }
      if (seen.add(key.toString())) {
        mu++;
      }
    }
    return p;
  }

  /** Flips {@code flips} distinct bits of row {@code row}. */
  static void flipBits(double[] x, int row, int d, int flips, double one, SplittableRandom rnd) {
    int[] idx = new int[d];
    for (int i = 0; i < d; i++) {
      idx[i] = i;
    }
    for (int f = 0; f < flips; f++) {
      int j = f + rnd.nextInt(d - f);
      int tmp = idx[f];
      idx[f] = idx[j];
      idx[j] = tmp;
      int i = row * d + idx[f];
      x[i] = x[i] > 0.5 * one ? 0.0 : one;
    }
  }

  /** Number of rows whose binarisation (threshold one/2) equals the pattern's. */
  static int recalled(double[] x, double[] patterns, int k, int d, double one) {
    return agreeingRows(x, patterns, k, d, one);
  }

  /** Number of rows of a and b with equal binarisations. */
  static int agreeingRows(double[] a, double[] b, int k, int d, double one) {
    int n = 0;
    for (int mu = 0; mu < k; mu++) {
      boolean same = true;
      for (int i = 0; i < d && same; i++) {
        same = (a[mu * d + i] > 0.5 * one) == (b[mu * d + i] > 0.5 * one);
      }
      n += same ? 1 : 0;
    }
    return n;
  }

  /** Fraction of entries whose binarisations agree. */
  static double bitAccuracy(double[] x, double[] patterns, double one) {
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      n += (x[i] > 0.5 * one) == (patterns[i] > 0.5 * one) ? 1 : 0;
    }
    return (double) n / x.length;
  }

  static double meanAbsDiff(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }

  static double meanRowDistance(double[] a, double[] b, int k, int d) {
    double s = 0;
    for (int mu = 0; mu < k; mu++) {
      double r = 0;
      for (int i = 0; i < d; i++) {
        double v = a[mu * d + i] - b[mu * d + i];
        r += v * v;
      }
      s += Math.sqrt(r);
    }
    return s / k;
  }
}
