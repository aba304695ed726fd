package org.denseam.backend;

/** Shape checks of the value records: an array must hold exactly rows × cols values. */
final class Shapes {
  private Shapes() {}

  static void check(String name, double[] a, int rows, int cols) {
    if (rows < 0 || cols < 0 || a == null || (long) rows * cols != a.length) {
      throw new IllegalArgumentException(name + " must have " + rows + " x " + cols + " values, got "
          + (a == null ? "null" : String.valueOf(a.length)));
    }
  }

  /** Rows over an array checked by {@link #check}. */
  static Rows rows(String name, double[] a, int rows, int cols) {
    check(name, a, rows, cols);
    return Rows.of(a, rows, cols);
  }
}
