package org.denseam.api;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@link Vectors} read straight from foreign or native memory ({@link MemorySegment}), for callers
 * that keep their data off the Java heap. Values are read in place with no intermediate Java array
 * on the caller's side; the library then holds its own copy in the segment's precision (float32
 * stays float32), so the caller keeps ownership of the segment and may free or reuse it after the
 * call.
 *
 * <p>Available on Java 22 and later (this class ships in the jar's Java 22 section).
 */
public final class Segments {
  private Segments() {}

  /**
   * Vectors from {@code count × dim} native-order float32 values, row-major.
   *
   * @param segment the memory; need not be aligned
   * @param offset byte offset of the first value
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors
   * @throws IllegalArgumentException if the segment is too small, or a value is NaN or infinite
   */
  public static Vectors floats(MemorySegment segment, long offset, int count, int dim) {
    int n = check(segment, offset, count, dim, Float.BYTES);
    float[] data = new float[n];
    MemorySegment.copy(segment, ValueLayout.JAVA_FLOAT_UNALIGNED, offset, data, 0, n);
    return Vectors.view(data, count, dim);
  }

  /**
   * Vectors over {@code count × dim} native-order float32 values, row-major, read in place by
   * every computation (a block of rows at a time, straight into the backends' float32 tiles)
   * without being copied onto the heap. The values are checked once, here. The segment must stay
   * alive (its arena open) and unchanged for as long as the vectors, or any memory made from them,
   * is in use, and be readable from any thread (a global, automatic or shared arena: backends read
   * it from their worker threads).
   *
   * @param segment the memory; need not be aligned; may be larger than 2 GiB
   * @param offset byte offset of the first value
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors, float32
   * @throws IllegalArgumentException if the segment is too small, or a value is NaN or infinite
   */
  public static Vectors view(MemorySegment segment, long offset, int count, int dim) {
    if (segment == null) {
      throw new IllegalArgumentException("segment is null");
    }
    if (count <= 0 || dim <= 0) {
      throw new IllegalArgumentException("count and dim must be > 0, got " + count + " x " + dim);
    }
    long n = (long) count * dim;
    if (offset < 0 || offset + n * Float.BYTES > segment.byteSize()) {
      throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes cannot hold "
          + count + " x " + dim + " values of 4 bytes at offset " + offset);
    }
    SegmentRows rows = new SegmentRows(segment, offset, count, dim);
    float[] block = new float[Math.max(1, (1 << 16) / dim) * dim];
    for (int r0 = 0; r0 < count; r0 += block.length / dim) {
      int rn = Math.min(block.length / dim, count - r0);
      rows.copy(r0, rn, block, 0);
      for (int i = 0; i < rn * dim; i++) {
        if (!Float.isFinite(block[i])) {
          throw new IllegalArgumentException("vectors has a non-finite value (" + block[i]
              + ") at row " + (r0 + i / dim) + ", column " + (i % dim));
        }
      }
    }
    return Vectors.wrap(rows);
  }

  /** Float32 rows read in place from a segment. */
  private static final class SegmentRows extends org.denseam.backend.Rows {
    private final MemorySegment segment;
    private final long offset;

    SegmentRows(MemorySegment segment, long offset, int count, int dim) {
      super(count, dim);
      this.segment = segment;
      this.offset = offset;
    }

    @Override
    public boolean float32() {
      return true;
    }

    @Override
    public void copy(int first, int n, float[] dst, int off) {
      checkRange(first, n);
      MemorySegment.copy(segment, ValueLayout.JAVA_FLOAT_UNALIGNED,
          offset + (long) first * dim() * Float.BYTES, dst, off, n * dim());
    }

    @Override
    public void copy(int first, int n, double[] dst, int off) {
      checkRange(first, n);
      long base = offset + (long) first * dim() * Float.BYTES;
      for (int i = 0, len = n * dim(); i < len; i++) {
        dst[off + i] = segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + (long) i * Float.BYTES);
      }
    }
  }

  /**
   * Vectors from {@code count × dim} native-order float64 values, row-major.
   *
   * @param segment the memory; need not be aligned
   * @param offset byte offset of the first value
   * @param count number of vectors
   * @param dim dimension of each vector
   * @return the vectors
   * @throws IllegalArgumentException if the segment is too small, or a value is NaN or infinite
   */
  public static Vectors doubles(MemorySegment segment, long offset, int count, int dim) {
    int n = check(segment, offset, count, dim, Double.BYTES);
    double[] data = new double[n];
    for (int i = 0; i < n; i++) {
      data[i] = segment.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset + (long) i * Double.BYTES);
    }
    return Vectors.wrap(data, count, dim);
  }

  /**
   * Copies vectors into a segment as native-order float64 values, row-major (for example the
   * states of a {@link Retrieval}).
   *
   * @param vectors the values
   * @param segment the destination
   * @param offset byte offset of the first value
   * @throws IllegalArgumentException if the segment is too small
   */
  public static void copyTo(Vectors vectors, MemorySegment segment, long offset) {
    int n = check(segment, offset, vectors.count(), vectors.dim(), Double.BYTES);
    double[] data = vectors.data();
    for (int i = 0; i < n; i++) {
      segment.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset + (long) i * Double.BYTES, data[i]);
    }
  }

  private static int check(MemorySegment segment, long offset, int count, int dim, int width) {
    if (segment == null) {
      throw new IllegalArgumentException("segment is null");
    }
    if (count <= 0 || dim <= 0) {
      throw new IllegalArgumentException("count and dim must be > 0, got " + count + " x " + dim);
    }
    long n = (long) count * dim;
    if (offset < 0 || n > Integer.MAX_VALUE - 8 || offset + n * width > segment.byteSize()) {
      throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes cannot hold "
          + count + " x " + dim + " values of " + width + " bytes at offset " + offset);
    }
    return (int) n;
  }
}
