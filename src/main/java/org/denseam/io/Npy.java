package org.denseam.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.denseam.backend.Rows;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0 to 3.0): float32 or float64,
 * either byte order, C order, 1-D or 2-D.
 *
 * <p>Reading is strict and bounded: the header is at most 64 KiB, the declared shape must match the
 * file's size exactly (a truncated or padded file is rejected), and no array is allocated before
 * the size has been checked against the bytes present. Writing goes to a temporary file that is
 * renamed over the target, so a failed write leaves nothing behind.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER = 1 << 16;

  private Npy() {}

  /**
   * What the header of a valid, complete {@code .npy} file says: the element type and the shape,
   * with where the data start. {@link #header} has checked that the file's size is exactly that of
   * the declared shape.
   *
   * @param path the file
   * @param order byte order of the values
   * @param width bytes per value: 4 (float32) or 8 (float64)
   * @param rows rows (1 for a 1-D array)
   * @param cols columns (the length of a 1-D array)
   * @param vector whether the array is 1-D
   * @param dataOffset byte offset of the first value
   */
  public record Header(Path path, ByteOrder order, int width, long rows, long cols,
      boolean vector, long dataOffset) {
    /**
     * Whether the values are float32.
     *
     * @return true for {@code f4}, false for {@code f8}
     */
    public boolean float32() {
      return width == 4;
    }

    /**
     * The number of values.
     *
     * @return rows × cols
     */
    public long count() {
      return rows * cols;
    }
  }

  /**
   * Reads and checks the header of a float32 or float64 array of one or two dimensions, and that
   * the file holds exactly the data the shape needs.
   *
   * @param path the file
   * @return the header
   * @throws IOException if the file cannot be read, or is not a valid, complete {@code .npy} file
   *     of a supported type (the message names the file and the problem)
   */
  public static Header header(Path path) throws IOException {
    long size;
    try {
      size = Files.size(path);
    } catch (NoSuchFileException e) {
      throw new IOException(path + ": no such file");
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException(path + ": not a regular file (" + (Files.isDirectory(path)
          ? "a directory" : "a pipe or device") + "): give a saved .npy file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] pre = in.readNBytes(8);
      if (pre.length < 8 || !startsWithMagic(pre)) {
        throw bad(path, "not an NPY file (missing the \\x93NUMPY magic)");
      }
      int major = pre[6] & 0xFF;
      long headerLen;
      int prefix;
      if (major == 1) {
        byte[] l = in.readNBytes(2);
        if (l.length < 2) {
          throw bad(path, "truncated header");
        }
        headerLen = (l[0] & 0xFF) | ((l[1] & 0xFF) << 8);
        prefix = 10;
      } else if (major == 2 || major == 3) {
        byte[] l = in.readNBytes(4);
        if (l.length < 4) {
          throw bad(path, "truncated header");
        }
        headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        prefix = 12;
      } else {
        throw bad(path, "unsupported NPY format version " + major);
      }
      if (headerLen > MAX_HEADER) {
        throw bad(path, "header length " + headerLen + " exceeds " + MAX_HEADER + " bytes");
      }
      byte[] hb = in.readNBytes((int) headerLen);
      if (hb.length < headerLen) {
        throw bad(path, "truncated header");
      }
      String header =
          new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      NpyHeader parsed;
      int width;
      try {
        parsed = NpyHeader.parse(header, major);
        width = parsed.floatWidth();
      } catch (IllegalArgumentException e) {
        throw bad(path, e.getMessage());
      }
      long[] shape = parsed.shape();
      if (shape.length == 0 || shape.length > 2) {
        throw bad(path, shape.length + "-D arrays are not supported: use a 1-D or 2-D array");
      }
      boolean vector = shape.length == 1;
      long rows = vector ? 1 : shape[0];
      long cols = vector ? shape[0] : shape[1];
      if (parsed.fortranOrder() && rows > 1 && cols > 1) {
        throw bad(path, "Fortran-ordered arrays are not supported: save with C order");
      }
      long count = rows * cols;
      if (rows != 0 && count / rows != cols) {
        throw bad(path, "shape " + rows + " x " + cols + " overflows");
      }
      long dataBytes = size - prefix - headerLen;
      if (count > Long.MAX_VALUE / width) {
        throw bad(path, "shape " + shapeText(shape) + " is too large: its size in bytes overflows"
            + " a 64-bit integer (the file has " + Math.max(0, dataBytes) + " data bytes)");
      }
      if (count > dataBytes / width) {
        throw bad(path, "truncated: shape " + shapeText(shape) + " needs " + count * width
            + " data bytes, the file has " + Math.max(0, dataBytes));
      }
      if (count * width != dataBytes) {
        throw bad(path, "size mismatch: shape " + shapeText(shape) + " needs " + count * width
            + " data bytes, the file has " + dataBytes);
      }
      return new Header(path, parsed.order(), width, rows, cols, vector, prefix + headerLen);
    }
  }

  /**
   * Reads a float32 or float64 array of one or two dimensions.
   *
   * @param path the file
   * @return the values as doubles, with the shape
   * @throws IOException if the file cannot be read, or is not a valid, complete {@code .npy} file
   *     of a supported type (the message names the file and the problem)
   */
  public static Matrix read(Path path) throws IOException {
    Header h = header(path);
    long count = h.count();
    if (count > Integer.MAX_VALUE - 8) {
      throw bad(path, "array of " + count + " values is too large");
    }
    double[] data = new double[(int) count];
    try (InputStream in = Files.newInputStream(path)) {
      in.skipNBytes(h.dataOffset());
      int width = h.width();
      byte[] buf = new byte[1 << 16];
      int filled = 0;
      while (filled < count) {
        int want = (int) Math.min(buf.length / width, count - filled) * width;
        int got = in.readNBytes(buf, 0, want);
        if (got < want) {
          throw bad(path, "truncated while reading data");
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, got).order(h.order());
        for (int i = 0; i < got / width; i++) {
          data[filled++] = width == 8 ? bb.getDouble() : bb.getFloat();
        }
      }
    } catch (java.io.EOFException e) {
      throw bad(path, "truncated while reading data");
    }
    return new Matrix(data, (int) h.rows(), (int) h.cols(), h.vector());
  }

  /**
   * Opens a float32 or float64 array as rows read from the file as computations stream through
   * them (a 1-D array is one row): nothing is read onto the heap, and the values are checked
   * (finite) as they are read, so a NaN or infinity fails the computation that reaches it with a
   * message naming the file and the row. The file must not change while the rows are in use.
   *
   * @param path the file
   * @return the rows, in the file's precision
   * @throws IOException if the file cannot be opened, or is not a valid, complete {@code .npy}
   *     file of a supported type, or holds no values
   */
  public static Rows open(Path path) throws IOException {
    Header h = header(path);
    checkRows(h);
    return new NpyRows(h);
  }

  /**
   * Reads a float32 or float64 array onto the heap in its own precision (a 1-D array is one row),
   * checking every value in the same pass.
   *
   * @param path the file
   * @return the rows: a {@code float[]} for float32 files, a {@code double[]} for float64 ones
   * @throws IOException if the file cannot be read, or is not a valid, complete {@code .npy} file
   *     of a supported type, or holds no values
   * @throws IllegalArgumentException if a value is NaN or infinite (naming the file and the row)
   */
  public static Rows readRows(Path path) throws IOException {
    Header h = header(path);
    checkRows(h);
    if (h.count() > Integer.MAX_VALUE - 8) {
      throw bad(path, "array of " + h.count() + " values is too large for one Java array; open"
          + " it as streamed rows instead");
    }
    int rows = (int) h.rows(), cols = (int) h.cols();
    try (NpyRows file = new NpyRows(h)) {
      if (h.float32()) {
        float[] data = new float[rows * cols];
        file.copy(0, rows, data, 0);
        return Rows.of(data, rows, cols);
      }
      double[] data = new double[rows * cols];
      file.copy(0, rows, data, 0);
      return Rows.of(data, rows, cols);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void checkRows(Header h) throws IOException {
    if (h.rows() == 0 || h.cols() == 0) {
      throw bad(h.path(), "holds no values (shape " + h.rows() + " x " + h.cols() + ")");
    }
    if (h.rows() > Integer.MAX_VALUE || h.cols() > Integer.MAX_VALUE / 8) {
      throw bad(h.path(), "shape " + h.rows() + " x " + h.cols() + " is too large");
    }
  }

  /**
   * Writes a matrix as float64 or float32, atomically.
   *
   * @param path the target file; replaced only once the whole file is written
   * @param m the values and shape (a {@code vector} matrix is written 1-D)
   * @param float32 whether to write float32 ({@code <f4}) instead of float64 ({@code <f8})
   * @throws IOException if writing fails (nothing is left at {@code path})
   */
  public static void write(Path path, Matrix m, boolean float32) throws IOException {
    String shape = m.vector() ? "(" + m.cols() + ",)" : "(" + m.rows() + ", " + m.cols() + ")";
    String dict = "{'descr': '" + (float32 ? "<f4" : "<f8") + "', 'fortran_order': False, "
        + "'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    AtomicFile.write(path, out -> {
      out.write(MAGIC);
      out.write(1);
      out.write(0);
      out.write(header.length() & 0xFF);
      out.write((header.length() >>> 8) & 0xFF);
      out.write(header.getBytes(StandardCharsets.ISO_8859_1));
      writeValues(out, m.data(), float32);
    });
  }

  /**
   * Writes rows as float64 or float32, atomically, reading them a block at a time (rows of a file
   * are streamed, never held whole).
   *
   * @param path the target file; replaced only once the whole file is written
   * @param rows the values
   * @param vector whether to write a 1-D array (only for one row)
   * @param float32 whether to write float32 ({@code <f4}) instead of float64 ({@code <f8})
   * @throws IOException if writing fails (nothing is left at {@code path})
   * @throws IllegalArgumentException if {@code vector} is set for more than one row
   */
  public static void write(Path path, Rows rows, boolean vector, boolean float32)
      throws IOException {
    if (vector && rows.count() != 1) {
      throw new IllegalArgumentException("only one row can be written as a 1-D array");
    }
    int d = rows.dim();
    String shape = vector ? "(" + d + ",)" : "(" + rows.count() + ", " + d + ")";
    String dict = "{'descr': '" + (float32 ? "<f4" : "<f8") + "', 'fortran_order': False, "
        + "'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    int block = Math.max(1, (1 << 16) / d);
    AtomicFile.write(path, out -> {
      out.write(MAGIC);
      out.write(1);
      out.write(0);
      out.write(header.length() & 0xFF);
      out.write((header.length() >>> 8) & 0xFF);
      out.write(header.getBytes(StandardCharsets.ISO_8859_1));
      int width = float32 ? 4 : 8;
      float[] f = float32 ? new float[block * d] : null;
      double[] g = float32 ? null : new double[block * d];
      ByteBuffer bb = ByteBuffer.allocate(block * d * width).order(ByteOrder.LITTLE_ENDIAN);
      for (int r0 = 0; r0 < rows.count(); r0 += block) {
        int n = Math.min(block, rows.count() - r0);
        bb.clear();
        if (float32) {
          rows.copy(r0, n, f, 0);
          bb.asFloatBuffer().put(f, 0, n * d);
        } else {
          rows.copy(r0, n, g, 0);
          bb.asDoubleBuffer().put(g, 0, n * d);
        }
        out.write(bb.array(), 0, n * d * width);
      }
    });
  }

  private static void writeValues(OutputStream out, double[] data, boolean float32)
      throws IOException {
    int width = float32 ? 4 : 8;
    ByteBuffer bb = ByteBuffer.allocate(8192 * width).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : data) {
      if (float32) {
        bb.putFloat((float) v);
      } else {
        bb.putDouble(v);
      }
      if (!bb.hasRemaining()) {
        out.write(bb.array(), 0, bb.position());
        bb.clear();
      }
    }
    out.write(bb.array(), 0, bb.position());
  }

  private static boolean startsWithMagic(byte[] b) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static String shapeText(long[] shape) {
    return shape.length == 1 ? "(" + shape[0] + ",)" : "(" + shape[0] + ", " + shape[1] + ")";
  }

  private static IOException bad(Path path, String what) {
    return new IOException(path + ": " + what);
  }
}
