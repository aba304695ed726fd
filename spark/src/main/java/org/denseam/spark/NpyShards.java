package org.denseam.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.denseam.api.NpyFile;

/**
 * A directory of NPY shards (every {@code *.npy} in it, in name order; rows are vectors), or one
 * NPY file as a single shard. The headers are read and checked on the driver (format, dtype,
 * C order, one D for all shards, file size against the shape), and each shard is cut into
 * slices of at most a given number of rows, one Spark partition each: the partitioning depends
 * only on the shards' shapes, so a given directory always gives the same partitions.
 *
 * <p>The executors read their slices with positional reads, a bounded chunk at a time, so no
 * process ever holds a whole shard. Paths must be readable by every executor (a local
 * filesystem for {@code local[N]} and single-machine clusters, a shared one otherwise).
 */
public final class NpyShards {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int MAX_HEADER = 1 << 16;

  private NpyShards() {}

  /**
   * One NPY shard, as checked on the driver.
   *
   * @param path absolute path of the file
   * @param name file name (used to name output shards and in messages)
   * @param rows number of vectors
   * @param cols dimension D
   * @param width 4 (float32) or 8 (float64)
   * @param bigEndian byte order of the data
   * @param dataOffset offset of the first value
   * @param vector whether the array is 1-D (one vector)
   * @param what what the shard holds ({@code memories}, {@code queries}), for messages
   */
  public record Shard(String path, String name, long rows, int cols, int width, boolean bigEndian,
      long dataOffset, boolean vector, String what) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Text naming this shard in messages.
     *
     * @return for example {@code memories shard /data/m/part-3.npy}
     */
    public String label() {
      return what + " shard " + path;
    }
  }

  /**
   * Rows {@code [row0, row0 + rows)} of one shard: one Spark partition.
   *
   * @param shard the shard
   * @param index position of this slice among all slices (the partition index)
   * @param row0 first row
   * @param rows number of rows
   */
  public record Slice(Shard shard, int index, long row0, int rows) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Lists and checks the shards of a directory (every {@code *.npy}, name order) or one file.
   *
   * @param path a directory of NPY files or one NPY file
   * @param what what they hold, for messages ({@code memories} or {@code queries})
   * @return the shards, all with the same D
   * @throws IllegalArgumentException naming the shard if one cannot be read, is not a valid NPY
   *     file, is truncated, or has a different D; or if there is no shard
   */
  public static List<Shard> list(Path path, String what) {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(path, "*.npy")) {
        for (Path p : ds) {
          files.add(p);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(what + " directory " + path + " cannot be read: " + e);
      }
      files.sort(null);
      if (files.isEmpty()) {
        throw new IllegalArgumentException(what + " directory " + path + " holds no *.npy shard");
      }
    } else if (Files.exists(path)) {
      files.add(path);
    } else {
      throw new IllegalArgumentException(what + " " + path + ": no such file or directory");
    }
    List<Shard> shards = new ArrayList<>();
    Shard first = null;
    for (Path f : files) {
      Shard s = header(f.toAbsolutePath(), what);
      if (first != null && s.cols() != first.cols()) {
        throw new IllegalArgumentException(s.label() + " has D = " + s.cols() + " but "
            + first.label() + " has D = " + first.cols());
      }
      if (first == null) {
        first = s;
      }
      shards.add(s);
    }
    return shards;
  }

  /**
   * Cuts shards into slices of at most {@code maxRows} rows (empty shards give no slice).
   *
   * @param shards the shards
   * @param maxRows the most rows in one slice, at least 1
   * @return the slices, numbered from 0 in shard and row order
   */
  public static List<Slice> slices(List<Shard> shards, int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("rows per partition must be >= 1, got " + maxRows);
    }
    List<Slice> out = new ArrayList<>();
    for (Shard s : shards) {
      for (long r = 0; r < s.rows(); r += maxRows) {
        out.add(new Slice(s, out.size(), r, (int) Math.min(maxRows, s.rows() - r)));
      }
    }
    return out;
  }

  /** Reads and checks one header. */
  static Shard header(Path path, String what) {
    String label = what + " shard " + path;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, pre, 0);
      pre.flip();
      byte[] magic = new byte[6];
      if (pre.remaining() < 10) {
        throw new IllegalArgumentException(label + " is not an NPY file (too short)");
      }
      pre.get(magic);
      for (int i = 0; i < 6; i++) {
        if (magic[i] != MAGIC[i]) {
          throw new IllegalArgumentException(label + " is not an NPY file (no \\x93NUMPY magic)");
        }
      }
      int major = pre.get() & 0xFF;
      pre.get();
      long headerLen;
      int prefix;
      if (major == 1) {
        headerLen = pre.getShort() & 0xFFFF;
        prefix = 10;
      } else if (major == 2 || major == 3) {
        if (pre.remaining() < 4) {
          throw new IllegalArgumentException(label + " is truncated (in the header)");
        }
        headerLen = pre.getInt() & 0xFFFFFFFFL;
        prefix = 12;
      } else {
        throw new IllegalArgumentException(label + ": unsupported NPY format version " + major);
      }
      if (headerLen > MAX_HEADER) {
        throw new IllegalArgumentException(label + ": header of " + headerLen + " bytes is too long");
      }
      if (prefix + headerLen > size) {
        throw new IllegalArgumentException(label + " is truncated (in the header)");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, prefix);
      String header = new String(hb.array(), 0, hb.position(),
          major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
      NpyFile.HeaderDict parsed;
      try {
        parsed = NpyFile.parseHeader(header, major);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(label + ": " + e.getMessage());
      }
      int width = parsed.width();
      long[] shape = parsed.shape();
      if (shape.length == 0 || shape.length > 2) {
        throw new IllegalArgumentException(
            label + ": " + shape.length + "-D arrays are not supported: use a 1-D or 2-D array");
      }
      boolean vector = shape.length == 1;
      long rows = vector ? 1 : shape[0];
      long cols = vector ? shape[0] : shape[1];
      if (parsed.fortranOrder() && rows > 1 && cols > 1) {
        throw new IllegalArgumentException(
            label + ": Fortran-ordered arrays are not supported: save with C order");
      }
      if (cols < 1 || cols > Integer.MAX_VALUE / 8) {
        throw new IllegalArgumentException(label + ": bad dimension D = " + cols);
      }
      long data = size - prefix - headerLen;
      if (rows > Long.MAX_VALUE / 8 / cols || rows * cols * width != data) {
        throw new IllegalArgumentException(label + " is truncated or padded: shape "
            + (vector ? "(" + cols + ",)" : "(" + rows + ", " + cols + ")") + " needs "
            + rows * cols * width + " data bytes, the file has " + data);
      }
      return new Shard(path.toString(), path.getFileName().toString(), rows, (int) cols, width,
          parsed.bigEndian(), prefix + headerLen, vector, what);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(label + ": no such file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(label + " cannot be read: permission denied");
    } catch (IOException e) {
      throw new IllegalArgumentException(label + " cannot be read: " + e.getMessage());
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        return;
      }
      pos += n;
    }
  }

  /**
   * The rows of a slice as float64 vectors (float32 values are exact in them), read a bounded chunk at
   * a time. The file is checked again as it is read: a shard that was shortened or removed since
   * the driver listed it, or that holds NaN or Inf, fails with a message naming it.
   *
   * @param slice the slice
   * @return an iterator over its rows, in file order
   */
  public static Iterator<double[]> rows(Slice slice) {
    return new RowReader(slice);
  }

  private static final class RowReader implements Iterator<double[]> {
    private static final int CHUNK_BYTES = 1 << 20;
    private final Slice slice;
    private final Shard s;
    private final int rowBytes;
    private final int chunkRows;
    private FileChannel ch;
    private ByteBuffer buf;
    private long next;
    private int inBuf;
    private int used;

    RowReader(Slice slice) {
      this.slice = slice;
      this.s = slice.shard();
      this.rowBytes = s.cols() * s.width();
      this.chunkRows = Math.max(1, CHUNK_BYTES / rowBytes);
    }

    @Override
    public boolean hasNext() {
      boolean more = next < slice.rows();
      if (!more) {
        close();
      }
      return more;
    }

    @Override
    public double[] next() {
      if (next >= slice.rows()) {
        throw new NoSuchElementException();
      }
      if (used == inBuf) {
        fill();
      }
      double[] row = new double[s.cols()];
      for (int i = 0; i < row.length; i++) {
        double v = s.width() == 4 ? buf.getFloat() : buf.getDouble();
        if (!Double.isFinite(v)) {
          close();
          throw new IllegalArgumentException(s.label() + " holds " + v + " at row "
              + (slice.row0() + next) + ", column " + i);
        }
        row[i] = v;
      }
      used++;
      next++;
      return row;
    }

    private void fill() {
      try {
        if (ch == null) {
          ch = FileChannel.open(Path.of(s.path()), StandardOpenOption.READ);
          if (ch.size() != s.dataOffset() + s.rows() * rowBytes) {
            throw new IllegalArgumentException(s.label() + " changed size since it was listed: "
                + ch.size() + " bytes, expected " + (s.dataOffset() + s.rows() * rowBytes));
          }
          buf = ByteBuffer.allocate(chunkRows * rowBytes)
              .order(s.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        }
        int n = (int) Math.min(chunkRows, slice.rows() - next);
        buf.clear().limit(n * rowBytes);
        readFully(ch, buf, s.dataOffset() + (slice.row0() + next) * rowBytes);
        if (buf.hasRemaining()) {
          throw new IllegalArgumentException(s.label() + " is truncated: row "
              + (slice.row0() + next) + " and later are missing");
        }
        buf.flip();
        inBuf = n;
        used = 0;
      } catch (NoSuchFileException e) {
        close();
        throw new IllegalArgumentException(s.label() + ": no such file");
      } catch (AccessDeniedException e) {
        close();
        throw new IllegalArgumentException(s.label() + " cannot be read: permission denied");
      } catch (IOException e) {
        close();
        throw new IllegalArgumentException(s.label() + " cannot be read: " + e.getMessage());
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    private void close() {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // reading is done or failed already
        }
        ch = null;
      }
    }
  }

  /**
   * Writes an NPY header for a C-ordered float32 or float64 array.
   *
   * @param rows rows (ignored for a vector)
   * @param cols columns D
   * @param vector whether to write a 1-D array of length {@code cols}
   * @param float32 float32 ({@code <f4}) or float64 ({@code <f8})
   * @return the header bytes, padded to a multiple of 64
   */
  public static byte[] header(long rows, int cols, boolean vector, boolean float32) {
    String shape = vector ? "(" + cols + ",)" : "(" + rows + ", " + cols + ")";
    String dict = "{'descr': '" + (float32 ? "<f4" : "<f8") + "', 'fortran_order': False, "
        + "'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String text = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
    b.put(text.getBytes(StandardCharsets.ISO_8859_1));
    return b.array();
  }

  /**
   * Encodes values little-endian as float32 or float64.
   *
   * @param data the values
   * @param float32 whether to write float32
   * @return the bytes
   */
  public static byte[] encode(double[] data, boolean float32) {
    ByteBuffer b = ByteBuffer.allocate(data.length * (float32 ? 4 : 8))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (double v : data) {
      if (float32) {
        b.putFloat((float) v);
      } else {
        b.putDouble(v);
      }
    }
    return b.array();
  }
}
