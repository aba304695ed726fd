package org.denseam.io;

/**
 * A dense row-major matrix of doubles read from or written to a file. A 1-D array of length n is
 * one row of n columns, with {@code vector} set.
 *
 * @param data the values, {@code rows × cols}
 * @param rows number of rows
 * @param cols number of columns
 * @param vector whether the file held a 1-D array
 */
public record Matrix(double[] data, int rows, int cols, boolean vector) {
  /**
   * Checks the shape.
   *
   * @throws IllegalArgumentException if {@code data.length != rows × cols}
   */
  public Matrix {
    if ((long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "matrix of " + rows + " x " + cols + " cannot hold " + data.length + " values");
    }
  }
}
