package org.denseam.backend;

/**
 * A matrix of {@code count × dim} values, row-major, kept in its own precision (float32 or
 * float64) and wherever it lives: a Java array, or a file whose rows are read as computations
 * stream through them. The stored patterns of an exact memory ({@link ExactPatterns}) and the
 * memories folded by ProcMems are handed to backends in this form, so float32 data reaches a
 * float32 backend without being widened or copied, and a float64 backend widens once, where it
 * reads.
 *
 * <p>Backends read rows in blocks with {@link #copy(int, int, float[], int)} or {@link #copy(int,
 * int, double[], int)}, or use the backing array directly when {@link #floats()} or {@link
 * #doubles()} returns one. Rows on the heap hold values the model has already checked; rows read
 * from a file are checked as they are copied, and a NaN or infinity fails the copy with an {@link
 * IllegalArgumentException} naming the source and the row, so validation happens in the same pass
 * as the arithmetic.
 *
 * <p>The values never change while a model holds them, and instances compare by identity, so a
 * backend may key what it derives from the rows on the instance. Implementations are thread-safe:
 * distinct blocks may be copied concurrently.
 */
public abstract class Rows {
  private final int count;
  private final int dim;

  /**
   * Checks and records the shape.
   *
   * @param count number of rows, &gt; 0
   * @param dim values per row, &gt; 0
   * @throws IllegalArgumentException if a size is not positive
   */
  protected Rows(int count, int dim) {
    if (count <= 0 || dim <= 0) {
      throw new IllegalArgumentException(
          "rows must have a positive shape, got " + count + " x " + dim);
    }
    this.count = count;
    this.dim = dim;
  }

  /**
   * Rows over a float64 array (shared, not copied: the caller must not modify it).
   *
   * @param data {@code count × dim} values, row-major
   * @param count number of rows
   * @param dim values per row
   * @return the rows
   * @throws IllegalArgumentException if the array is null or of another length
   */
  public static Rows of(double[] data, int count, int dim) {
    return new Doubles(data, count, dim);
  }

  /**
   * Rows over a float32 array (shared, not copied: the caller must not modify it).
   *
   * @param data {@code count × dim} values, row-major
   * @param count number of rows
   * @param dim values per row
   * @return the rows
   * @throws IllegalArgumentException if the array is null or of another length
   */
  public static Rows of(float[] data, int count, int dim) {
    return new Floats(data, count, dim);
  }

  /**
   * Number of rows.
   *
   * @return K for memories
   */
  public final int count() {
    return count;
  }

  /**
   * Values per row.
   *
   * @return D
   */
  public final int dim() {
    return dim;
  }

  /**
   * Whether the values are stored as float32.
   *
   * @return true for float32 data, false for float64
   */
  public abstract boolean float32();

  /**
   * The backing float32 array, when the rows are exactly a {@code float[]} on the heap.
   *
   * @return the array (shared: must not be modified), or null
   */
  public float[] floats() {
    return null;
  }

  /**
   * The backing float64 array, when the rows are exactly a {@code double[]} on the heap.
   *
   * @return the array (shared: must not be modified), or null
   */
  public double[] doubles() {
    return null;
  }

  /**
   * Copies rows {@code [first, first + n)} as float32 (float64 values are rounded to nearest).
   *
   * @param first the first row
   * @param n number of rows
   * @param dst destination, receives {@code n × dim} values
   * @param off offset in dst
   * @throws IllegalArgumentException if a value read from a file is NaN or infinite (the message
   *     names the file and the row)
   * @throws java.io.UncheckedIOException if a file cannot be read (the message names it)
   */
  public abstract void copy(int first, int n, float[] dst, int off);

  /**
   * Copies rows {@code [first, first + n)} as float64 (float32 values are widened exactly).
   *
   * @param first the first row
   * @param n number of rows
   * @param dst destination, receives {@code n × dim} values
   * @param off offset in dst
   * @throws IllegalArgumentException if a value read from a file is NaN or infinite (the message
   *     names the file and the row)
   * @throws java.io.UncheckedIOException if a file cannot be read (the message names it)
   */
  public abstract void copy(int first, int n, double[] dst, int off);

  /**
   * One value, widened to float64.
   *
   * @param row the row, {@code 0 ≤ row < count()}
   * @param col the column, {@code 0 ≤ col < dim()}
   * @return the value
   */
  public double get(int row, int col) {
    checkIndex(row, col);
    double[] one = new double[dim];
    copy(row, 1, one, 0);
    return one[col];
  }

  /**
   * All values as float64, for a reader that needs the whole matrix at once: the backing array
   * when the rows are a {@code double[]} (shared: must not be modified), else {@link #toDoubles()}.
   *
   * @return {@code count × dim} values
   * @throws IllegalArgumentException as {@link #toDoubles()}
   */
  public double[] asDoubles() {
    double[] d = doubles();
    return d != null ? d : toDoubles();
  }

  /**
   * All values as a new float64 array (for a backend that needs the whole matrix at once).
   *
   * @return {@code count × dim} values
   * @throws IllegalArgumentException if the matrix does not fit a Java array, or a value read from
   *     a file is not finite
   */
  public double[] toDoubles() {
    double[] out = new double[size("float64")];
    copy(0, count, out, 0);
    return out;
  }

  /**
   * All values as a new float32 array.
   *
   * @return {@code count × dim} values
   * @throws IllegalArgumentException if the matrix does not fit a Java array, or a value read from
   *     a file is not finite
   */
  public float[] toFloats() {
    float[] out = new float[size("float32")];
    copy(0, count, out, 0);
    return out;
  }

  /**
   * Fails unless {@code [first, first + n)} are rows of this matrix.
   *
   * @param first the first row
   * @param n number of rows
   * @throws IndexOutOfBoundsException if the range is outside {@code [0, count())}
   */
  protected final void checkRange(int first, int n) {
    if (first < 0 || n < 0 || first > count - n) {
      throw new IndexOutOfBoundsException(
          "rows [" + first + ", " + ((long) first + n) + ") outside 0.." + count);
    }
  }

  /**
   * Fails unless {@code (row, col)} is inside the matrix.
   *
   * @param row the row
   * @param col the column
   * @throws IndexOutOfBoundsException if it is outside
   */
  protected final void checkIndex(int row, int col) {
    if (row < 0 || row >= count || col < 0 || col >= dim) {
      throw new IndexOutOfBoundsException("(" + row + ", " + col + ") outside " + count + " x "
          + dim);
    }
  }

  private int size(String what) {
    long n = (long) count * dim;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(count + " x " + dim + " " + what
          + " values do not fit one Java array");
    }
    return (int) n;
  }

  private static void checkLength(int length, int count, int dim) {
    if ((long) count * dim != length) {
      throw new IllegalArgumentException(
          "rows of " + count + " x " + dim + " cannot hold " + length + " values");
    }
  }

  /** Float64 rows on the heap. */
  private static final class Doubles extends Rows {
    private final double[] data;

    Doubles(double[] data, int count, int dim) {
      super(count, dim);
      if (data == null) {
        throw new IllegalArgumentException("rows: data is null");
      }
      checkLength(data.length, count, dim);
      this.data = data;
    }

    @Override
    public boolean float32() {
      return false;
    }

    @Override
    public double[] doubles() {
      return data;
    }

    @Override
    public void copy(int first, int n, float[] dst, int off) {
      checkRange(first, n);
      int from = first * dim();
      for (int i = 0, len = n * dim(); i < len; i++) {
        dst[off + i] = (float) data[from + i];
      }
    }

    @Override
    public void copy(int first, int n, double[] dst, int off) {
      checkRange(first, n);
      System.arraycopy(data, first * dim(), dst, off, n * dim());
    }

    @Override
    public double get(int row, int col) {
      checkIndex(row, col);
      return data[row * dim() + col];
    }

    @Override
    public double[] toDoubles() {
      return data.clone();
    }
  }

  /** Float32 rows on the heap. */
  private static final class Floats extends Rows {
    private final float[] data;

    Floats(float[] data, int count, int dim) {
      super(count, dim);
      if (data == null) {
        throw new IllegalArgumentException("rows: data is null");
      }
      checkLength(data.length, count, dim);
      this.data = data;
    }

    @Override
    public boolean float32() {
      return true;
    }

    @Override
    public float[] floats() {
      return data;
    }

    @Override
    public void copy(int first, int n, float[] dst, int off) {
      checkRange(first, n);
      System.arraycopy(data, first * dim(), dst, off, n * dim());
    }

    @Override
    public void copy(int first, int n, double[] dst, int off) {
      checkRange(first, n);
      int from = first * dim();
      for (int i = 0, len = n * dim(); i < len; i++) {
        dst[off + i] = data[from + i];
      }
    }

    @Override
    public double get(int row, int col) {
      checkIndex(row, col);
      return data[row * dim() + col];
    }

    @Override
    public float[] toFloats() {
      return data.clone();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + count + " x " + dim + (float32() ? ", float32]"
        : ", float64]");
  }
}
