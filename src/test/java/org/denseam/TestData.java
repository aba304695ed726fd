package org.denseam;

import java.util.SplittableRandom;

/** Deterministic test inputs. */
public final class TestData {
  private TestData() {}

  /**
   * Uniform values in [lo, hi).
   *
   * @param n how many
   * @param lo lower bound
   * @param hi upper bound
   * @param seed seed
   * @return the values
   */
  public static double[] uniform(int n, double lo, double hi, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = lo + (hi - lo) * r.nextDouble();
    }
    return a;
  }

  /**
   * Random binary patterns with entries in {0, 1/√D}.
   *
   * @param k number of patterns
   * @param d dimension
   * @param seed seed
   * @return K × D row-major
   */
  public static double[] binary(int k, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double one = 1 / Math.sqrt(d);
    double[] a = new double[k * d];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextBoolean() ? one : 0;
    }
    return a;
  }

  /**
   * Largest absolute difference, relative to the largest absolute reference value.
   *
   * @param actual values to check
   * @param expected reference values
   * @return {@code max|a - e| / max|e|}
   */
  public static double relMaxError(double[] actual, double[] expected) {
    double num = 0, den = 0;
    for (int i = 0; i < expected.length; i++) {
      num = Math.max(num, Math.abs(actual[i] - expected[i]));
      den = Math.max(den, Math.abs(expected[i]));
    }
    return num / den;
  }
}
