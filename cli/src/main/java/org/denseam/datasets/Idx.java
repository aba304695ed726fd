package org.denseam.datasets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * MNIST-style IDX files, plain or gzipped (recognised by the gzip magic {@code 1f 8b}): images
 * with magic {@code 0x00000803} (unsigned bytes, three dimensions: count, rows, columns) and
 * labels with magic {@code 0x00000801} (unsigned bytes, one dimension: count), big-endian.
 */
final class Idx {
  static final int IMAGES = 0x803;
  static final int LABELS = 0x801;

  private Idx() {}

  /** Whether a name is that of an IDX image file: it holds {@code idx3-ubyte}. */
  static boolean isImageName(Path p) {
    return p.getFileName().toString().contains("idx3-ubyte");
  }

  /** Whether the first bytes are gzip's magic. */
  static boolean gzip(byte[] head) {
    return head.length >= 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
  }

  /** The first bytes of a file, decompressed if it is gzipped (fewer if it is shorter). */
  static byte[] head(Path p, int n) throws IOException {
    try (InputStream in = open(p)) {
      return in.readNBytes(n);
    } catch (ZipException | EOFException e) {
      throw damaged(p, e);
    }
  }

  private static InputStream open(Path p) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    raw.mark(2);
    byte[] m = raw.readNBytes(2);
    raw.reset();
    return gzip(m) ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
  }

  private static IllegalArgumentException damaged(Path p, IOException e) {
    return Bad.file(p, "damaged gzip data (" + (e.getMessage() == null
        ? e.getClass().getSimpleName() : e.getMessage().strip()) + ")");
  }

  /** The magic number as the message shows it. */
  static String hex(int magic) {
    return String.format("0x%08x", magic);
  }

  /**
   * The label file beside an image file: its name with {@code images-idx3-ubyte} (or {@code
   * images.idx3-ubyte}) replaced by {@code labels-idx1-ubyte} ({@code labels.idx1-ubyte}), with
   * or without {@code .gz}; null if there is none.
   */
  static Path labelFile(Path images) {
    String n = images.getFileName().toString();
    String base = n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    String l = base.replace("images-idx3-ubyte", "labels-idx1-ubyte")
        .replace("images.idx3-ubyte", "labels.idx1-ubyte");
    if (l.equals(base)) {
      return null;
    }
    Path dir = images.toAbsolutePath().getParent();
    for (String c : n.endsWith(".gz") ? new String[] {l + ".gz", l} : new String[] {l, l + ".gz"}) {
      if (Files.isRegularFile(dir.resolve(c))) {
        return images.resolveSibling(c);
      }
    }
    return null;
  }

  /** Reads the first images of an IDX image file (and their labels if a label file is beside). */
  static void read(Path f, ImageSink sink) throws IOException {
    Path lf = labelFile(f);
    int[] labels = null;
    try (InputStream in = open(f)) {
      int[] hd = header(f, in, IMAGES, 3, "image");
      int n = hd[0], rows = hd[1], cols = hd[2];
      if (rows < 1 || cols < 1) {
        throw Bad.file(f, "images of " + rows + " x " + cols + " pixels hold nothing");
      }
      long per = (long) rows * cols;
      if (per > Integer.MAX_VALUE / 3) {
        throw Bad.file(f, "images of " + rows + " x " + cols + " pixels are too large");
      }
      if (lf != null) {
        labels = readLabels(lf, n, f, sink);
      }
      byte[] b = new byte[(int) per];
      long read = 0;
      for (int i = 0; i < n && !sink.full(); i++) {
        int got = in.readNBytes(b, 0, b.length);
        read += got;
        if (got < b.length) {
          throw truncated(f, n, rows, cols, read + in.transferTo(java.io.OutputStream.nullOutputStream()), "image");
        }
        float[] v = new float[b.length];
        for (int k = 0; k < b.length; k++) {
          v[k] = (b[k] & 0xFF) / 255f;
        }
        sink.add(f, new Picture(v, rows, cols, 1), labels == null ? "#" + i : "" + labels[i]);
      }
      long total = read + in.transferTo(java.io.OutputStream.nullOutputStream());
      if (total != n * per) {
        throw truncated(f, n, rows, cols, total, "image");
      }
    } catch (ZipException | EOFException e) {
      throw damaged(f, e);
    }
  }

  /** All labels of a label file, checked against the image count. */
  private static int[] readLabels(Path lf, int images, Path imageFile, ImageSink sink)
      throws IOException {
    try (InputStream in = open(lf)) {
      int n = header(lf, in, LABELS, 1, "label")[0];
      if (n != images) {
        throw Bad.file(lf, n + " labels for the " + images + " images of "
            + imageFile.getFileName());
      }
      byte[] b = in.readNBytes(n);
      long total = b.length + in.transferTo(java.io.OutputStream.nullOutputStream());
      if (total != n) {
        throw truncated(lf, n, 1, 1, total, "label");
      }
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        out[i] = b[i] & 0xFF;
      }
      return out;
    } catch (ZipException | EOFException e) {
      throw damaged(lf, e);
    }
  }

  /** Reads the magic and the dimensions; refuses another magic or a negative dimension. */
  private static int[] header(Path f, InputStream in, int magic, int dims, String what)
      throws IOException {
    byte[] h = in.readNBytes(4 + 4 * dims);
    if (h.length < 4) {
      throw Bad.file(f, "not an IDX " + what + " file (" + h.length + " bytes)");
    }
    int m = readInt(h, 0);
    if (m != magic) {
      throw Bad.file(f, "not an IDX " + what + " file (magic " + hex(m) + ", expected "
          + hex(magic) + ")");
    }
    if (h.length < 4 + 4 * dims) {
      throw Bad.file(f, "truncated IDX header (" + h.length + " bytes, expected " + (4 + 4 * dims)
          + ")");
    }
    int[] d = new int[dims];
    for (int i = 0; i < dims; i++) {
      d[i] = readInt(h, 4 + 4 * i);
      if (d[i] < 0) {
        throw Bad.file(f, "negative dimension " + d[i] + " in the IDX header");
      }
    }
    return d;
  }

  private static IllegalArgumentException truncated(Path f, int n, int rows, int cols, long has,
      String what) {
    long need = (long) n * rows * cols;
    String shape = what.equals("image") ? n + " images of " + rows + " x " + cols : n + " labels";
    return Bad.file(f, (has < need ? "truncated" : "size mismatch") + ": the header declares "
        + shape + " (" + need + " data bytes), the file has " + has);
  }

  static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
