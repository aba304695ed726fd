package org.denseam.backend.jvm;

import java.util.Arrays;

/**
 * Growable buffers of the workspaces: an array is kept while it is long enough, and replaced by
 * one at least half as long again otherwise, so that a workspace reaches its size in a few calls
 * and then stops allocating. The values of a grown array are not kept.
 */
final class Buffers {
  private Buffers() {}

  /**
   * An array of at least {@code n} floats.
   *
   * @param x the current array
   * @param n floats needed
   * @return x when long enough, else a new array of {@code max(n, 1.5·x.length)} floats
   */
  static float[] grow(float[] x, int n) {
    return x.length >= n ? x : new float[Math.max(n, x.length + (x.length >> 1))];
  }

  /**
   * At least {@code n} arrays of at least {@code len} floats each.
   *
   * @param x the current arrays (entries may be null)
   * @param n arrays needed
   * @param len floats needed in each of the first n
   * @return x, or a longer copy of it, with its first n entries grown as by {@link #grow(float[],
   *     int)}
   */
  static float[][] grow(float[][] x, int n, int len) {
    float[][] out = x.length >= n ? x : Arrays.copyOf(x, n);
    for (int i = 0; i < n; i++) {
      out[i] = grow(out[i] == null ? new float[0] : out[i], len);
    }
    return out;
  }

  /**
   * An array of at least {@code n} ints.
   *
   * @param x the current array
   * @param n ints needed
   * @return x when long enough, else a new array of {@code max(n, 1.5·x.length)} ints
   */
  static int[] grow(int[] x, int n) {
    return x.length >= n ? x : new int[Math.max(n, x.length + (x.length >> 1))];
  }

  /**
   * An array of at least {@code n} doubles.
   *
   * @param x the current array
   * @param n doubles needed
   * @return x when long enough, else a new array of {@code max(n, 1.5·x.length)} doubles
   */
  static double[] grow(double[] x, int n) {
    return x.length >= n ? x : new double[Math.max(n, x.length + (x.length >> 1))];
  }
}
