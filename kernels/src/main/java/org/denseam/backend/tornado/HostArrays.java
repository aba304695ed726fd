package org.denseam.backend.tornado;

import org.denseam.features.Basis;

/** The conversions between the callers' float64 arrays and the device's float32 ones. */
final class HostArrays {
  private HostArrays() {}

  /**
   * Fills {@code to} with the first {@code to.length} values of {@code from}, rounded to float.
   *
   * @param from the values, at least {@code to.length}
   * @param to the floats
   */
  static void toFloat(double[] from, float[] to) {
    for (int i = 0; i < to.length; i++) {
      to[i] = (float) from[i];
    }
  }

  /**
   * The first n values of an array, rounded to float.
   *
   * @param a the values, at least n
   * @param n how many
   * @return a new array of n floats
   */
  static float[] toFloat(double[] a, int n) {
    float[] f = new float[n];
    toFloat(a, f);
    return f;
  }

  /**
   * Copies the first {@code to.length} floats of {@code from} into {@code to}, if it is not null.
   *
   * @param from the floats
   * @param to the destination, or null for none
   */
  static void copyOut(float[] from, double[] to) {
    if (to != null) {
      for (int i = 0; i < to.length; i++) {
        to[i] = from[i];
      }
    }
  }

  /**
   * Checks each value as a feature (or a sum of features) of a basis ({@link Basis#checkFeature}).
   *
   * @param basis the basis
   * @param values the values
   */
  static void checkFeatures(Basis basis, double[] values) {
    for (double v : values) {
      basis.checkFeature(v);
    }
  }
}
