package org.denseam.api;

import org.denseam.Checks;

/**
 * A batch of vectors of one dimension: memories ξ_μ or queries x, stored flat and row-major.
 *
 * <p>Immutable and thread-safe. The factories copy the caller's array (converting float32 to
 * float64), so the caller keeps ownership of its array and may reuse it at once; {@link #toArray()}
 * returns a fresh copy.
 */
public final class Vectors {
  private final double[] data;
  private final int count;
  private final int dim;

  private Vectors(double[] data, int count, int dim) {
    Checks.positive("count", count);
    Checks.positive("dim", dim);
    Checks.product("vectors", count, dim);
    Checks.finiteMatrix("vectors", data, count, dim);
    this.data = data;
    this.count = count;
    this.dim = dim;
  }

  /**
   * Vectors from a flat row-major array of doubles.
   *
   * @param data {@code count × dim} finite values, row {@code r} at {@code [r·dim, (r+1)·dim)};
   *     copied
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors
   * @throws IllegalArgumentException if the length is not {@code count × dim} or a value is NaN
   *     or infinite
   */
  public static Vectors of(double[] data, int count, int dim) {
    return new Vectors(data == null ? null : data.clone(), count, dim);
  }

  /**
   * Vectors from a flat row-major array of floats.
   *
   * @param data {@code count × dim} finite values; copied
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors
   * @throws IllegalArgumentException if the length is not {@code count × dim} or a value is NaN
   *     or infinite
   */
  public static Vectors of(float[] data, int count, int dim) {
    if (data == null) {
      throw new IllegalArgumentException("vectors is null");
    }
    double[] d = new double[data.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = data[i];
    }
    return new Vectors(d, count, dim);
  }

  /**
   * One vector.
   *
   * @param vector its finite values; copied
   * @return a batch of one vector of dimension {@code vector.length}
   */
  public static Vectors of(double... vector) {
    return of(vector, 1, vector == null ? 0 : vector.length);
  }

  /**
   * Number of vectors.
   *
   * @return the count (K for memories, B for queries)
   */
  public int count() {
    return count;
  }

  /**
   * Dimension of each vector.
   *
   * @return D
   */
  public int dim() {
    return dim;
  }

  /**
   * One component.
   *
   * @param row the vector's index, {@code 0 ≤ row < count()}
   * @param i the component, {@code 0 ≤ i < dim()}
   * @return the value
   */
  public double get(int row, int i) {
    if (row < 0 || row >= count || i < 0 || i >= dim) {
      throw new IndexOutOfBoundsException("(" + row + ", " + i + ") outside " + count + " x " + dim);
    }
    return data[row * dim + i];
  }

  /**
   * A copy of one vector.
   *
   * @param row the vector's index
   * @return its {@code dim()} values
   */
  public double[] row(int row) {
    if (row < 0 || row >= count) {
      throw new IndexOutOfBoundsException("row " + row + " outside 0.." + (count - 1));
    }
    return java.util.Arrays.copyOfRange(data, row * dim, (row + 1) * dim);
  }

  /**
   * A copy of all values, row-major.
   *
   * @return {@code count() × dim()} values
   */
  public double[] toArray() {
    return data.clone();
  }

  /** The internal array, for this package only (not copied). */
  double[] data() {
    return data;
  }

  /** Wraps an array this package owns (not copied). */
  static Vectors wrap(double[] data, int count, int dim) {
    return new Vectors(data, count, dim);
  }
}
