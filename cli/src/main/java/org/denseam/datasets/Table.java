package org.denseam.datasets;

import java.util.List;
import java.util.Objects;

/**
 * Rows of numbers read from a tabular data set by {@link Datasets#table}.
 *
 * <p>Row {@code r}'s value in column {@code j} is {@code values[r·d + j]}. The array is shared,
 * not copied. The labels, one per row, are the letter of each line for the UCI Letter
 * Recognition data and {@code #R} (the row's index in the file, from 0) for an NPY array.
 *
 * @param name where the rows came from (the path they were read from)
 * @param rows number of rows, at least 0
 * @param d number of columns, at least 1
 * @param values {@code rows × d} finite values, row-major
 * @param labels one label per row
 */
public record Table(String name, int rows, int d, double[] values, List<String> labels) {
  /**
   * Checks the shape and the values.
   *
   * @throws IllegalArgumentException if {@code rows} is negative, {@code d} is below 1, {@code
   *     values} does not hold {@code rows × d} values, a value is NaN or infinite, or {@code
   *     labels} does not hold {@code rows} labels
   * @throws NullPointerException if {@code name}, {@code values}, {@code labels} or a label is
   *     null
   */
  public Table {
    Objects.requireNonNull(name, "name");
    if (rows < 0 || d < 1) {
      throw new IllegalArgumentException("table " + rows + " x " + d
          + " needs rows >= 0 and d >= 1");
    }
    if (values.length != (long) rows * d) {
      throw new IllegalArgumentException(values.length + " values for a table of " + rows
          + " x " + d);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + values[i] + " at row " + i / d
            + ", column " + i % d + " is not finite");
      }
    }
    labels = List.copyOf(labels);
    if (labels.size() != rows) {
      throw new IllegalArgumentException(labels.size() + " labels for " + rows + " rows");
    }
  }

  /**
   * One row's values.
   *
   * @param r the row, from 0
   * @return a copy of its {@code d} values
   * @throws IndexOutOfBoundsException if {@code r} is not in [0, rows)
   */
  public double[] row(int r) {
    Objects.checkIndex(r, rows);
    double[] out = new double[d];
    System.arraycopy(values, r * d, out, 0, d);
    return out;
  }
}
