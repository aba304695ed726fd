package org.denseam.api;

import org.denseam.Checks;
import org.denseam.backend.Rows;

/**
 * A batch of vectors of one dimension: memories ξ_μ or queries x, row-major, kept in their own
 * precision (float32 or float64) and place: a Java array, or an {@code .npy} file streamed through
 * ({@link NpyFile#open}).
 *
 * <p>Immutable and thread-safe. The {@code of} factories copy the caller's array in its own
 * precision (float32 stays float32: a 1 GB float32 batch costs 1 GB, not 2), so the caller keeps
 * ownership of its array and may reuse it at once; the {@code view} factories keep the caller's
 * array without copying it, and the caller promises never to change it. Values on the heap are
 * checked (finite) when the vectors are made; vectors streamed from a file are checked as every
 * computation reads them. {@link #toArray()} returns a fresh float64 copy.
 */
public final class Vectors {
  private final Rows rows;

  private Vectors(Rows rows) {
    this.rows = rows;
  }

  /**
   * Vectors from a flat row-major array of doubles.
   *
   * @param data {@code count × dim} finite values, row {@code r} at {@code [r·dim, (r+1)·dim)};
   *     copied
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors, float64
   * @throws IllegalArgumentException if the length is not {@code count × dim} or a value is NaN
   *     or infinite
   */
  public static Vectors of(double[] data, int count, int dim) {
    return view(data == null ? null : data.clone(), count, dim);
  }

  /**
   * Vectors from a flat row-major array of floats, kept as float32.
   *
   * @param data {@code count × dim} finite values; copied
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors, float32
   * @throws IllegalArgumentException if the length is not {@code count × dim} or a value is NaN
   *     or infinite
   */
  public static Vectors of(float[] data, int count, int dim) {
    return view(data == null ? null : data.clone(), count, dim);
  }

  /**
   * Vectors over the caller's array of doubles, without copying it.
   *
   * @param data {@code count × dim} finite values, row-major; kept, so the caller must never
   *     change them afterwards
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors, float64
   * @throws IllegalArgumentException if the length is not {@code count × dim} or a value is NaN
   *     or infinite
   */
  public static Vectors view(double[] data, int count, int dim) {
    check(count, dim);
    Checks.finiteMatrix("vectors", data, count, dim);
    return new Vectors(Rows.of(data, count, dim));
  }

  /**
   * Vectors over the caller's array of floats, without copying it: float32 data of any size
   * reaches the float32 backends as it is.
   *
   * @param data {@code count × dim} finite values, row-major; kept, so the caller must never
   *     change them afterwards
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors, float32
   * @throws IllegalArgumentException if the length is not {@code count × dim} or a value is NaN
   *     or infinite
   */
  public static Vectors view(float[] data, int count, int dim) {
    check(count, dim);
    Checks.finiteMatrix("vectors", data, count, dim);
    return new Vectors(Rows.of(data, count, dim));
  }

  /**
   * One vector.
   *
   * @param vector its finite values; copied
   * @return a batch of one vector of dimension {@code vector.length}, float64
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
    return rows.count();
  }

  /**
   * Dimension of each vector.
   *
   * @return D
   */
  public int dim() {
    return rows.dim();
  }

  /**
   * Whether the values are kept as float32.
   *
   * @return true for float32, false for float64
   */
  public boolean float32() {
    return rows.float32();
  }

  /**
   * One component.
   *
   * @param row the vector's index, {@code 0 ≤ row < count()}
   * @param i the component, {@code 0 ≤ i < dim()}
   * @return the value (float32 values widened exactly)
   */
  public double get(int row, int i) {
    return rows.get(row, i);
  }

  /**
   * A copy of one vector.
   *
   * @param row the vector's index
   * @return its {@code dim()} values
   */
  public double[] row(int row) {
    if (row < 0 || row >= count()) {
      throw new IndexOutOfBoundsException("row " + row + " outside 0.." + (count() - 1));
    }
    double[] out = new double[dim()];
    rows.copy(row, 1, out, 0);
    return out;
  }

  /**
   * A copy of all values as float64, row-major.
   *
   * @return {@code count() × dim()} values
   */
  public double[] toArray() {
    return rows.toDoubles();
  }

  /**
   * A copy of all values as float32, row-major (float64 values rounded to nearest).
   *
   * @return {@code count() × dim()} values
   */
  public float[] toFloatArray() {
    return rows.toFloats();
  }

  /** The values as float64 for this package: the array itself when float64 (not copied). */
  double[] data() {
    return rows.asDoubles();
  }

  /** The values as the backends read them. */
  Rows rows() {
    return rows;
  }

  /** Wraps an array this package owns (not copied). */
  static Vectors wrap(double[] data, int count, int dim) {
    return view(data, count, dim);
  }

  /** Wraps rows this package made (not copied, not checked here). */
  static Vectors wrap(Rows rows) {
    return new Vectors(rows);
  }

  private static void check(int count, int dim) {
    Checks.positive("count", count);
    Checks.positive("dim", dim);
    Checks.product("vectors", count, dim);
  }

  @Override
  public String toString() {
    return "Vectors[" + count() + " x " + dim() + (float32() ? ", float32]" : ", float64]");
  }
}
