package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.denseam.TestData;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A T.dam with a valid checksum whose T exceeds float32: under {@code jvm} one line naming the
 * file and T, exit 2, no output; {@code reference} evaluates it.
 */
class HugeTCliTest {
  @TempDir Path dir;

  /** A T.dam as docs/formats.md lays it out, written byte by byte with its CRC-32. */
  static byte[] dam(int d, int y, double beta, double[] t) {
    ByteBuffer b = ByteBuffer.allocate(52 + 8 * y).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {'D', 'A', 'M', 'T'}).putInt(1).putInt(d).putInt(y).putDouble(beta)
        .putInt(0).putInt(0).putLong(5).putLong(3);
    for (double v : t) {
      b.putDouble(v);
    }
    CRC32 crc = new CRC32();
    crc.update(b.array(), 0, 48 + 8 * y);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  @Test
  void tBeyondFloat32IsBlamedOnTDamNotOnTheQueries() throws IOException {
    int d = 8, y = 64;
    double[] t = new double[y];
    for (int j = 0; j < y; j++) {
      t[j] = 0.1 * (j % 7);
    }
    t[9] = 1e39;
    Path store = dir.resolve("T.dam");
    Files.write(store, dam(d, y, 1.0, t));
    Path q = dir.resolve("q.npy");
    Npy.write(q, new Matrix(TestData.uniform(3 * d, 0, 0.3, 4), 3, d, false), true);
    Path out = dir.resolve("e.npy");
    String expected = "dam: error: " + store + ": T holds 1.0E39 (entry 9), beyond the float32"
        + " range (3.4028235E38) of the jvm backend; evaluate this memory with the float64"
        + " reference backend";
    String[][] commands = {
      {"energy", "--store", store.toString(), "--queries", q.toString(), "--backend", "jvm",
        "--out", out.toString()},
      {"grad", "--store", store.toString(), "--queries", q.toString(), "--backend", "jvm",
        "--out", out.toString()},
      {"retrieve", "--store", store.toString(), "--queries", q.toString(), "--steps", "2",
        "--eta", "0.1", "--backend", "jvm", "--out", out.toString()},
    };
    for (String[] c : commands) {
      DamRun r = DamRun.of(c);
      assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
      assertEquals(expected, r.err().strip(), String.join(" ", c));
      assertFalse(r.err().contains("projection of √β·x"), r.err());
      assertFalse(Files.exists(out), "no output");
    }
    DamRun ok = DamRun.of("energy", "--store", store.toString(), "--queries", q.toString(),
        "--backend", "reference", "--out", out.toString());
    assertEquals(0, ok.code(), ok.err());
    for (double v : Npy.read(out).data()) {
      assertTrue(Double.isFinite(v), "reference: " + v);
    }
  }
}
