package org.denseam.datasets;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.function.Executable;

/** Small data files in the formats {@link Datasets} reads, written by the tests. */
final class TestFiles {
  private TestFiles() {}

  /** An 8-bit gray or RGB image; {@code rgb[y][x]} is 0xRRGGBB (gray: the low byte). */
  static Path image(Path f, String format, int[][] rgb, boolean gray) throws IOException {
    int h = rgb.length, w = rgb[0].length;
    BufferedImage img = new BufferedImage(w, h,
        gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (gray) {
          img.getRaster().setSample(x, y, 0, rgb[y][x] & 0xFF);
        } else {
          img.setRGB(x, y, rgb[y][x]);
        }
      }
    }
    Files.createDirectories(f.toAbsolutePath().getParent());
    if (!ImageIO.write(img, format, f.toFile())) {
      throw new IOException("no writer for " + format);
    }
    return f;
  }

  /** A uniform RGB image. */
  static Path uniform(Path f, String format, int h, int w, int rgb) throws IOException {
    int[][] v = new int[h][w];
    for (int[] row : v) {
      java.util.Arrays.fill(row, rgb);
    }
    return image(f, format, v, false);
  }

  /** A CIFAR-10 record: label, then the R, G, B planes, pixel p of plane c = (p + 7c + seed). */
  static byte[] cifarRecord(int label, int seed) {
    byte[] r = new byte[3073];
    r[0] = (byte) label;
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < 1024; p++) {
        r[1 + c * 1024 + p] = (byte) cifarValue(c, p, seed);
      }
    }
    return r;
  }

  static int cifarValue(int c, int p, int seed) {
    return (p + 7 * c + seed) & 0xFF;
  }

  static Path write(Path f, byte[]... parts) throws IOException {
    Files.createDirectories(f.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(f)) {
      for (byte[] p : parts) {
        out.write(p);
      }
    }
    return f;
  }

  static Path gzip(Path f, byte[] data) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(b)) {
      g.write(data);
    }
    return write(f, b.toByteArray());
  }

  /** An IDX file: magic, dimensions (big-endian), then the bytes. */
  static byte[] idx(int magic, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length)
        .order(ByteOrder.BIG_ENDIAN);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(data);
    return b.array();
  }

  /** An NPY file (version 1.0) of any shape, with the data bytes as given. */
  static Path npy(Path f, String descr, long[] shape, byte[] data) throws IOException {
    StringBuilder s = new StringBuilder("(");
    for (long d : shape) {
      s.append(d).append(", ");
    }
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': "
        + s.append(")") + ", }";
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(),
        (byte) (header.length() >> 8)};
    return write(f, pre, header.getBytes(StandardCharsets.ISO_8859_1), data);
  }

  static byte[] float32(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  static byte[] float64(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) {
      b.putDouble(x);
    }
    return b.array();
  }

  /** Asserts a refusal: one line, naming the file, holding the text. */
  static String refused(Path file, String text, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String m = e.getMessage();
    assertTrue(m.startsWith(file.toString() + ": "), m);
    assertTrue(m.contains(text), m);
    assertTrue(!m.contains("\n"), m);
    return m;
  }
}
