package org.denseam.cli;

/**
 * Retrieval metrics of {@code dam demo} for binary patterns in {0, 1/√D}^D (the patterns come from
 * {@link org.denseam.experiments.BinaryData}).
 */
final class DemoData {
  private DemoData() {}

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
