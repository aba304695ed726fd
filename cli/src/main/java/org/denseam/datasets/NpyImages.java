package org.denseam.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.denseam.api.NpyFile;

/**
 * Images in a NumPy {@code .npy} file: shape {@code (N, H, W)} (grayscale), {@code (N, H, W, C)}
 * with C = 1 or 3, or {@code (N, D)} with D a square (grayscale {@code √D × √D}); dtype float32 or
 * float64 with values in [0, 1], or uint8 (0..255, divided by 255); C order. The header is parsed
 * by the library's grammar ({@link NpyFile#parseHeader(String, int, boolean)}) and the file's size
 * must match the shape exactly.
 */
final class NpyImages {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private NpyImages() {}

  /** Whether the first bytes are NPY's magic. */
  static boolean isNpy(byte[] head) {
    return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0,
        MAGIC.length);
  }

  static void read(Path f, ImageSink sink) throws IOException {
    long size = Files.size(f);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
      byte[] pre = in.readNBytes(8);
      if (pre.length < 8 || !isNpy(pre)) {
        throw Bad.file(f, "not an NPY file (missing the \\x93NUMPY magic)");
      }
      int major = pre[6] & 0xFF;
      if (major < 1 || major > 3) {
        throw Bad.file(f, "unsupported NPY format version " + major);
      }
      byte[] lb = in.readNBytes(major == 1 ? 2 : 4);
      if (lb.length < (major == 1 ? 2 : 4)) {
        throw Bad.file(f, "truncated header");
      }
      long headerLen = major == 1 ? (lb[0] & 0xFF) | ((lb[1] & 0xFF) << 8)
          : ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
      if (headerLen > 1 << 16) {
        throw Bad.file(f, "header length " + headerLen + " exceeds 65536 bytes");
      }
      byte[] hb = in.readNBytes((int) headerLen);
      if (hb.length < headerLen) {
        throw Bad.file(f, "truncated header");
      }
      NpyFile.HeaderDict h;
      try {
        h = NpyFile.parseHeader(new String(hb, major == 3 ? StandardCharsets.UTF_8
            : StandardCharsets.ISO_8859_1), major, true);
      } catch (IllegalArgumentException e) {
        throw Bad.file(f, e.getMessage());
      }
      long[] s = h.shape();
      String shape = shapeText(s);
      int n, rows, cols, channels;
      if (s.length == 2) {
        long side = (long) Math.sqrt((double) s[1]);
        while (side * side > s[1]) {
          side--;
        }
        while ((side + 1) * (side + 1) <= s[1]) {
          side++;
        }
        if (side * side != s[1] || s[1] == 0) {
          throw Bad.file(f, "shape " + shape + ": " + s[1] + " is not a square number of pixels;"
              + " expected (N, H, W), (N, H, W, C) with C = 1 or 3, or (N, D) with D a square");
        }
        rows = cols = checked(f, shape, side);
        channels = 1;
      } else if (s.length == 3 || s.length == 4 && (s[3] == 1 || s[3] == 3)) {
        rows = checked(f, shape, s[1]);
        cols = checked(f, shape, s[2]);
        channels = s.length == 4 ? (int) s[3] : 1;
      } else {
        throw Bad.file(f, "shape " + shape + " is not one of images: expected (N, H, W),"
            + " (N, H, W, C) with C = 1 or 3, or (N, D) with D a square");
      }
      if (s[0] == 0) {
        throw Bad.file(f, "holds no images (shape " + shape + ")");
      }
      if (rows == 0 || cols == 0) {
        throw Bad.file(f, "holds empty images (shape " + shape + ")");
      }
      if (h.fortranOrder()) {
        throw Bad.file(f, "Fortran-ordered arrays are not supported: save with C order");
      }
      long per = (long) rows * cols * channels;
      if (per > Integer.MAX_VALUE / 8) {
        throw Bad.file(f, "images of shape " + shape + " are too large");
      }
      int width = h.width();
      long dataBytes = size - (major == 1 ? 10 : 12) - headerLen;
      if (s[0] > Long.MAX_VALUE / (per * width)) {
        throw Bad.file(f, "shape " + shape + " is too large");
      }
      long need = s[0] * per * width;
      if (need != dataBytes) {
        throw Bad.file(f, (need > dataBytes ? "truncated" : "size mismatch") + ": shape " + shape
            + " needs " + need + " data bytes, the file has " + Math.max(0, dataBytes));
      }
      ByteOrder order = h.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      byte[] b = new byte[(int) (per * width)];
      for (long i = 0; i < s[0] && !sink.full(); i++) {
        if (in.readNBytes(b, 0, b.length) < b.length) {
          throw Bad.file(f, "truncated while reading image " + i);
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(order);
        float[] v = new float[(int) per];
        for (int k = 0; k < v.length; k++) {
          double x = width == 1 ? (b[k] & 0xFF) / 255f : width == 4 ? bb.getFloat() : bb.getDouble();
          if (!(x >= 0 && x <= 1)) {
            throw Bad.file(f, "value " + x + " at " + index(i, k, s) + (Double.isFinite(x)
                ? " is outside [0, 1]: scale images to [0, 1], or save them as uint8 0..255"
                : " is not finite"));
          }
          v[k] = (float) x;
        }
        sink.add(f, new Picture(v, rows, cols, channels), "#" + i);
      }
    }
  }

  private static int checked(Path f, String shape, long side) {
    if (side > 1 << 15) {
      throw Bad.file(f, "images of shape " + shape + " are too large");
    }
    return (int) side;
  }

  /** NumPy's index of value {@code k} of image {@code i}: {@code [i, y, x]} or {@code [i, y, x, c]}. */
  private static String index(long i, int k, long[] s) {
    if (s.length == 2) {
      return "[" + i + ", " + k + "]";
    }
    int c = s.length == 4 ? (int) s[3] : 1;
    int x = (int) ((k / c) % s[2]);
    int y = (int) (k / c / s[2]);
    return "[" + i + ", " + y + ", " + x + (s.length == 4 ? ", " + k % c : "") + "]";
  }

  private static String shapeText(long[] s) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) {
      b.append(i > 0 ? ", " : "").append(s[i]);
    }
    return b.append(s.length == 1 ? ",)" : ")").toString();
  }
}
