package org.denseam.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.denseam.backend.Rows;

/**
 * The rows of an {@code .npy} file, read with positional reads as computations stream through
 * them: a block of rows costs one read into a per-thread buffer and one conversion into the
 * caller's array, and nothing of the file is kept on the heap or mapped into the process, so the
 * resident memory of a computation over a file does not grow with the file.
 *
 * <p>Every value is checked as it is copied: a NaN or infinity fails the copy with an {@link
 * IllegalArgumentException} naming the file, the row and the column. A file that shrank since its
 * header was checked fails with an {@link UncheckedIOException} naming it.
 *
 * <p>The file stays open while the rows are reachable (a {@link Cleaner} closes it after), or until
 * {@link #close()}. Positional reads on one channel are thread-safe, so distinct blocks may be
 * copied concurrently.
 */
final class NpyRows extends Rows implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();
  /** Bytes of one read: blocks larger than this are read in parts. */
  private static final int READ_BYTES = 1 << 20;
  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BYTES));

  private final Npy.Header header;
  private final FileChannel channel;
  private final Cleaner.Cleanable closer;

  NpyRows(Npy.Header header) throws IOException {
    super((int) header.rows(), (int) header.cols());
    this.header = header;
    this.channel = FileChannel.open(header.path(), StandardOpenOption.READ);
    FileChannel c = channel;
    this.closer = CLEANER.register(this, () -> {
      try {
        c.close();
      } catch (IOException ignored) {
        // Nothing to do: the channel was only read.
      }
    });
  }

  /**
   * The file the rows are read from.
   *
   * @return its path
   */
  Path path() {
    return header.path();
  }

  @Override
  public boolean float32() {
    return header.float32();
  }

  @Override
  public void copy(int first, int n, float[] dst, int off) {
    boolean f4 = header.width() == 4;
    eachRead(first, n, off, (b, row0, o, len) -> {
      if (f4) {
        b.asFloatBuffer().get(dst, o, len);
      } else {
        java.nio.DoubleBuffer db = b.asDoubleBuffer();
        for (int i = 0; i < len; i++) {
          dst[o + i] = (float) db.get(i);
        }
      }
      if (!finite(dst, o, len)) {
        for (int i = 0; i < len; i++) {
          float v = dst[o + i];
          if (v - v != 0f) {
            throw nonFinite(row0, i, f4 ? v : b.asDoubleBuffer().get(i));
          }
        }
      }
    });
  }

  @Override
  public void copy(int first, int n, double[] dst, int off) {
    boolean f8 = header.width() == 8;
    eachRead(first, n, off, (b, row0, o, len) -> {
      if (f8) {
        b.asDoubleBuffer().get(dst, o, len);
      } else {
        java.nio.FloatBuffer fb = b.asFloatBuffer();
        for (int i = 0; i < len; i++) {
          dst[o + i] = fb.get(i);
        }
      }
      for (int i = 0; i < len; i++) {
        double v = dst[o + i];
        if (v - v != 0) {
          throw nonFinite(row0, i, v);
        }
      }
    });
  }

  /** What a copy does with one read: convert {@code len} values into its array at {@code o}. */
  @FunctionalInterface
  private interface Block {
    void take(ByteBuffer read, int row0, int o, int len);
  }

  /**
   * Reads rows {@code [first, first + n)} in parts of at most {@link #READ_BYTES} and hands each
   * to {@code block} with its first row and its offset in the destination.
   */
  private void eachRead(int first, int n, int off, Block block) {
    checkRange(first, n);
    int d = dim();
    int perRead = Math.max(1, READ_BYTES / (d * header.width()));
    for (int r = 0; r < n; r += perRead) {
      int rows = Math.min(perRead, n - r);
      block.take(read(first + r, rows), first + r, off + r * d, rows * d);
    }
  }

  /**
   * Whether {@code a[off, off + len)} are all finite: {@code v·0} is 0 for a finite v and NaN
   * otherwise, summed in eight independent chains so the loop is not bound by one addition's
   * latency.
   */
  private static boolean finite(float[] a, int off, int len) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      int o = off + i;
      s0 += a[o] * 0f;
      s1 += a[o + 1] * 0f;
      s2 += a[o + 2] * 0f;
      s3 += a[o + 3] * 0f;
      s4 += a[o + 4] * 0f;
      s5 += a[o + 5] * 0f;
      s6 += a[o + 6] * 0f;
      s7 += a[o + 7] * 0f;
    }
    for (; i < len; i++) {
      s0 += a[off + i] * 0f;
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)) == 0f;
  }

  /** Reads rows {@code [first, first + n)} (at most {@link #READ_BYTES}) into this thread's buffer. */
  private ByteBuffer read(int first, int n) {
    int len = n * dim() * header.width();
    ByteBuffer b = BUFFER.get();
    if (b.capacity() < len) {
      b = ByteBuffer.allocateDirect(len);
      BUFFER.set(b);
    }
    b.clear().limit(len);
    long pos = header.dataOffset() + (long) first * dim() * header.width();
    try {
      while (b.hasRemaining()) {
        int got = channel.read(b, pos + b.position());
        if (got < 0) {
          throw new IOException(path() + ": truncated: the file ended before row " + first
              + " + " + n + " (it changed after it was opened)");
        }
      }
    } catch (IOException e) {
      String msg = e.getMessage();
      throw new UncheckedIOException(msg != null && msg.startsWith(path().toString())
          ? e : new IOException(path() + ": " + (msg == null ? e.getClass().getSimpleName()
              : msg), e));
    }
    b.flip();
    return b.order(header.order());
  }

  private IllegalArgumentException nonFinite(int firstRow, int index, double value) {
    int d = dim();
    String where = " at row " + (firstRow + index / d) + ", column " + (index % d);
    return new IllegalArgumentException(path() + (Double.isFinite(value)
        ? ": value " + value + where + " is beyond the float32 range"
        : ": non-finite value (" + value + ")" + where));
  }

  /** Closes the file now instead of when the rows become unreachable. */
  @Override
  public void close() {
    closer.clean();
  }
}
