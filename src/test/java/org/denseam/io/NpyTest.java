package org.denseam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  @Test
  void roundTripsFloat64AndFloat32In1dAnd2d() throws IOException {
    double[] v = {1.5, -2.25, 3e-7, 1e30, 0, -0.0};
    for (boolean f32 : new boolean[] {false, true}) {
      for (boolean vector : new boolean[] {false, true}) {
        Matrix m = vector ? new Matrix(v, 1, 6, true) : new Matrix(v, 2, 3, false);
        Path p = dir.resolve("a" + f32 + vector + ".npy");
        Npy.write(p, m, f32);
        Matrix r = Npy.read(p);
        assertEquals(m.rows(), r.rows());
        assertEquals(m.cols(), r.cols());
        assertEquals(vector, r.vector());
        for (int i = 0; i < v.length; i++) {
          assertEquals(f32 ? (float) v[i] : v[i], r.data()[i], 0.0);
        }
        assertEquals(0, (Files.size(p) - v.length * (f32 ? 4 : 8)) % 64, "header is 64-byte aligned");
      }
    }
  }

  @Test
  void readsBigEndianAndVersion2Headers() throws IOException {
    Path p = dir.resolve("be.npy");
    String dict = "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }";
    ByteBuffer body = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(1.25).putDouble(-4);
    Files.write(p, file(2, dict, body.array()));
    Matrix m = Npy.read(p);
    assertArrayEquals(new double[] {1.25, -4}, m.data(), 0.0);
  }

  @Test
  void rejectsTruncatedFile() throws IOException {
    Path p = dir.resolve("t.npy");
    Npy.write(p, new Matrix(new double[12], 3, 4, false), false);
    byte[] all = Files.readAllBytes(p);
    Files.write(p, Arrays.copyOf(all, all.length - 5));
    IOException e = assertThrows(IOException.class, () -> Npy.read(p));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void rejectsLyingHugeShapeWithoutAllocating() throws IOException {
    Path p = dir.resolve("huge.npy");
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000, 100000), }";
    Files.write(p, file(1, dict, new byte[16]));
    IOException e = assertThrows(IOException.class, () -> Npy.read(p));
    assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("overflow"),
        e.getMessage());
  }

  @Test
  void rejectsBadMagicDtypeOrderAndRank() throws IOException {
    Path p = dir.resolve("x.npy");
    Files.write(p, "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
    assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("magic"));
    Files.write(p, file(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }", new byte[4]));
    assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("float32"));
    Files.write(p, file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", new byte[16]));
    assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("Fortran"));
    Files.write(p, file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1), }", new byte[4]));
    assertTrue(assertThrows(IOException.class, () -> Npy.read(p)).getMessage().contains("3-D"));
    Path missing = dir.resolve("missing.npy");
    assertTrue(assertThrows(IOException.class, () -> Npy.read(missing)).getMessage().contains("no such file"));
  }

  @Test
  void failedWriteLeavesNothing() {
    Path p = dir.resolve("no-such-dir").resolve("out.npy");
    assertThrows(IOException.class, () -> Npy.write(p, new Matrix(new double[1], 1, 1, true), false));
    assertFalse(Files.exists(p));
  }

  static byte[] file(int version, String dict, byte[] data) {
    int prefix = version == 1 ? 10 : 12;
    int pad = (64 - (prefix + dict.length() + 1) % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(prefix + header.length() + data.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    if (version == 1) {
      b.putShort((short) header.length());
    } else {
      b.putInt(header.length());
    }
    b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return b.array();
  }
}
