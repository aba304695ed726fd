package org.denseam.api;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.denseam.Checks;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.io.NpyHeader;

/**
 * NumPy {@code .npy} files as {@link Vectors}: float32 or float64, either byte order, C order, 1-D
 * (one vector) or 2-D (rows are vectors), format versions 1.0 to 3.0.
 *
 * <p>Reading is strict: the header must describe a supported array and the file's size must match
 * its shape exactly, so a truncated or padded file is refused before any value is read; every
 * message names the file. Writing goes to a temporary file renamed over the target, so a failed
 * write leaves nothing behind.
 *
 * <p>{@link #read} loads an array onto the heap in its own precision; {@link #open} leaves it in
 * the file and streams it through every computation, a block of rows at a time, so an array larger
 * than the heap can be stored in an exact memory or folded into a feature memory, and the
 * process's resident memory does not grow with the file.
 */
public final class NpyFile {
  private NpyFile() {}

  /**
   * What an {@code .npy} file holds, from its header (checked against the file's size).
   *
   * @param rows number of vectors (1 for a 1-D array)
   * @param cols dimension of each vector
   * @param vector whether the array is 1-D
   * @param float32 whether the values are float32 (else float64)
   */
  public record Info(long rows, long cols, boolean vector, boolean float32) {}

  /**
   * Reads and checks the header of an {@code .npy} file.
   *
   * @param path the file
   * @return its shape and element type
   * @throws IOException if the file is missing, unreadable, not an {@code .npy} file of a
   *     supported type, or not of the size its header declares (the message names the file)
   */
  public static Info info(Path path) throws IOException {
    Npy.Header h = Npy.header(path);
    return new Info(h.rows(), h.cols(), h.vector(), h.float32());
  }

  /**
   * What the header dictionary of an {@code .npy} file declares, for readers of the format's
   * bytes that find the values themselves.
   *
   * @param shape the dimensions (none for a 0-D array)
   * @param fortranOrder whether the values are in Fortran (column-major) order
   * @param width bytes per value: 4 (float32), 8 (float64), or 1 (uint8, only from {@link
   *     #parseHeader(String, int, boolean)} with {@code uint8} set)
   * @param bigEndian whether the values are big-endian (false for uint8)
   */
  public record HeaderDict(long[] shape, boolean fortranOrder, int width, boolean bigEndian) {}

  /**
   * Parses the header dictionary of an {@code .npy} file with the grammar {@link #info} and every
   * reader here use: a Python dict literal with exactly the keys {@code 'descr'}, {@code
   * 'fortran_order'} and {@code 'shape'}, read as NumPy reads it (a repeated key takes its last
   * value), of dtype float32 or float64.
   *
   * @param text the header text after the length field (Latin-1 for versions 1.0 and 2.0, UTF-8
   *     for 3.0), padding included
   * @param major the format version's major number (1, 2 or 3)
   * @return what it declares
   * @throws IllegalArgumentException if it is not a header NumPy writes, or its dtype is not
   *     float32 or float64: one line naming the problem (callers add the file's name)
   */
  public static HeaderDict parseHeader(String text, int major) {
    NpyHeader h = NpyHeader.parse(text, major);
    return new HeaderDict(h.shape(), h.fortranOrder(), h.floatWidth(),
        h.order() == ByteOrder.BIG_ENDIAN);
  }

  /**
   * Parses the header dictionary of an {@code .npy} file like {@link #parseHeader(String, int)},
   * optionally also accepting the dtype uint8 (as NumPy writes it, {@code '|u1'}; also {@code
   * 'u1'}, {@code '<u1'}, {@code '>u1'} and {@code '=u1'}), whose {@link HeaderDict#width} is 1.
   *
   * @param text the header text after the length field (Latin-1 for versions 1.0 and 2.0, UTF-8
   *     for 3.0), padding included
   * @param major the format version's major number (1, 2 or 3)
   * @param uint8 whether uint8 is accepted besides float32 and float64
   * @return what it declares
   * @throws IllegalArgumentException if it is not a header NumPy writes, or its dtype is not one
   *     of those accepted ({@code dtype 'i4' is not supported: use float32, float64 or uint8}
   *     when {@code uint8} is set): one line naming the problem (callers add the file's name)
   */
  public static HeaderDict parseHeader(String text, int major, boolean uint8) {
    if (!uint8) {
      return parseHeader(text, major);
    }
    NpyHeader h = NpyHeader.parse(text, major);
    String d = h.descr();
    if (d.equals("u1") || d.length() == 3 && "<>=|".indexOf(d.charAt(0)) >= 0
        && d.endsWith("u1")) {
      return new HeaderDict(h.shape(), h.fortranOrder(), 1, false);
    }
    int width;
    try {
      width = h.floatWidth();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("use float32 or float64",
          "use float32, float64 or uint8"));
    }
    return new HeaderDict(h.shape(), h.fortranOrder(), width, h.order() == ByteOrder.BIG_ENDIAN);
  }

  /**
   * Reads an array onto the heap, in its own precision (float32 stays float32), checking every
   * value in the same pass.
   *
   * @param path the file
   * @return the vectors (a 1-D array is one vector)
   * @throws IOException if the file is missing, unreadable, truncated, not an {@code .npy} file of
   *     a supported type, or holds no values (the message names the file)
   * @throws IllegalArgumentException if a value is NaN or infinite (naming the file and the row)
   */
  public static Vectors read(Path path) throws IOException {
    return Vectors.wrap(Npy.readRows(path));
  }

  /**
   * Reads an array onto the heap, in its own precision, like {@link #read(Path)}, but reports an
   * empty or non-finite array naming what the array is for: {@code NAME (PATH) is empty}, or
   * {@code NAME (PATH) has a non-finite value (NaN) at row R, column C} (the first such value in
   * row-major order). Meant for a program's own inputs, whose messages should name the argument.
   *
   * @param path the file
   * @param name what the array is, for example {@code "queries"}
   * @return the vectors (a 1-D array is one vector)
   * @throws IOException if the file is missing, unreadable, truncated or not an {@code .npy} file
   *     of a supported type (the message names the file)
   * @throws IllegalArgumentException if the array holds no values or a value is NaN or infinite
   *     (the message starts with {@code NAME (PATH)})
   */
  public static Vectors read(Path path, String name) throws IOException {
    Npy.Header h = Npy.header(path);
    Matrix m = Npy.read(path);
    String what = name + " (" + path + ")";
    if (m.data().length == 0) {
      throw new IllegalArgumentException(what + " is empty");
    }
    Checks.finiteMatrix(what, m.data(), m.rows(), m.cols());
    if (!h.float32()) {
      return Vectors.wrap(m.data(), m.rows(), m.cols());
    }
    // The values came from float32, so narrowing them back is exact.
    float[] f = new float[m.data().length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) m.data()[i];
    }
    return Vectors.view(f, m.rows(), m.cols());
  }

  /**
   * Opens an array as vectors that stay in the file: every computation streams them through in
   * blocks of rows with positional reads, nothing of the file is kept on the heap, and values are
   * checked as they are read, so a NaN or infinity fails the computation that reaches it with a
   * message naming the file and the row. The file must not change while the vectors are in use;
   * it is closed when they become unreachable.
   *
   * @param path the file
   * @return the vectors, in the file's precision
   * @throws IOException if the file is missing, unreadable, truncated, not an {@code .npy} file of
   *     a supported type, or holds no values (the message names the file)
   */
  public static Vectors open(Path path) throws IOException {
    return Vectors.wrap(Npy.open(path));
  }

  /**
   * Writes vectors as a 2-D array in their own precision ({@code <f4} or {@code <f8}), atomically.
   *
   * @param path the target file; replaced only once the whole file is written
   * @param vectors the values
   * @throws IOException if writing fails (nothing is left at {@code path})
   */
  public static void write(Path path, Vectors vectors) throws IOException {
    write(path, vectors, vectors.float32());
  }

  /**
   * Writes vectors as a 2-D array of a chosen precision, atomically.
   *
   * @param path the target file; replaced only once the whole file is written
   * @param vectors the values
   * @param float32 whether to write float32 ({@code <f4}, float64 values rounded to nearest)
   *     instead of float64 ({@code <f8})
   * @throws IOException if writing fails (nothing is left at {@code path})
   */
  public static void write(Path path, Vectors vectors, boolean float32) throws IOException {
    Npy.write(path, vectors.rows(), false, float32);
  }

  /**
   * Writes one vector of doubles as a 1-D array of a chosen precision, atomically. The values are
   * written as they are: NaN and infinities are not refused.
   *
   * @param path the target file; replaced only once the whole file is written
   * @param vector the values, for instance one energy per query; may be empty
   * @param float32 whether to write float32 ({@code <f4}, values rounded to nearest) instead of
   *     float64 ({@code <f8})
   * @throws IOException if writing fails (nothing is left at {@code path})
   */
  public static void write(Path path, double[] vector, boolean float32) throws IOException {
    Npy.write(path, new Matrix(vector, 1, vector.length, true), float32);
  }

  /**
   * Writes a row-major matrix of doubles as a 2-D array of a chosen precision, atomically. The
   * values are written as they are: NaN and infinities are not refused (an energy trace marks a
   * stopped query with NaN, for instance).
   *
   * @param path the target file; replaced only once the whole file is written
   * @param values {@code rows × cols} values, row {@code r} at {@code [r·cols, (r+1)·cols)}
   * @param rows number of rows, at least 0
   * @param cols number of columns, at least 0
   * @param float32 whether to write float32 ({@code <f4}, values rounded to nearest) instead of
   *     float64 ({@code <f8})
   * @throws IOException if writing fails (nothing is left at {@code path})
   * @throws IllegalArgumentException if {@code rows} or {@code cols} is negative or {@code
   *     values.length != rows × cols}
   */
  public static void write(Path path, double[] values, int rows, int cols, boolean float32)
      throws IOException {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("shape " + rows + " x " + cols + " is negative");
    }
    Npy.write(path, new Matrix(values, rows, cols, false), float32);
  }
}
