package org.denseam.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public NPY I/O and the data path it feeds: float32 stays float32 from the file to the
 * backends, vectors opened from a file give the same bits as the same values on the heap, and bad
 * values found while streaming name the file and the row.
 */
class NpyFileTest {
  static final int K = 700, D = 24, B = 5;
  static final double BETA = 8;

  /** K × D float32 values of norm about 1, deterministic. */
  static float[] floats(int k, int d, long seed) {
    Random r = new Random(seed);
    float[] f = new float[k * d];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (r.nextGaussian() / Math.sqrt(d));
    }
    return f;
  }

  @Test
  void writesReadsAndOpensInTheirOwnPrecision(@TempDir Path dir) throws IOException {
    float[] f = floats(K, D, 1);
    Vectors v32 = Vectors.of(f, K, D);
    assertTrue(v32.float32());
    Path p32 = dir.resolve("m32.npy");
    NpyFile.write(p32, v32);
    assertEquals(new NpyFile.Info(K, D, false, true), NpyFile.info(p32));
    assertEquals(128 + 4L * K * D, Files.size(p32), "float32 on disk, not widened");
    Vectors read = NpyFile.read(p32);
    Vectors open = NpyFile.open(p32);
    assertTrue(read.float32() && open.float32());
    assertArrayEquals(f, read.toFloatArray());
    assertArrayEquals(f, open.toFloatArray());
    assertEquals(f[5 * D + 3], open.get(5, 3));
    assertArrayEquals(v32.row(K - 1), open.row(K - 1));

    double[] g = v32.toArray();
    Path p64 = dir.resolve("m64.npy");
    NpyFile.write(p64, Vectors.of(g, K, D));
    assertFalse(NpyFile.info(p64).float32());
    assertArrayEquals(g, NpyFile.open(p64).toArray());
    assertArrayEquals(g, NpyFile.read(p64).toArray());
    Path narrowed = dir.resolve("n32.npy");
    NpyFile.write(narrowed, NpyFile.open(p64), true);
    assertArrayEquals(f, NpyFile.read(narrowed).toFloatArray());
  }

  @Test
  void readsBigEndianAndOneDimensionalFiles(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("be.npy");
    float[] values = {1.5f, -2.25f, 3f};
    writeRaw(p, "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", ByteOrder.BIG_ENDIAN,
        values);
    NpyFile.Info info = NpyFile.info(p);
    assertEquals(new NpyFile.Info(1, 3, true, true), info);
    assertArrayEquals(values, NpyFile.open(p).toFloatArray());
    assertArrayEquals(values, NpyFile.read(p).toFloatArray());
  }

  @Test
  void streamedMemoriesGiveTheBitsOfTheSameValuesOnTheHeap(@TempDir Path dir)
      throws IOException {
    float[] f = floats(K, D, 2);
    Path p = dir.resolve("m.npy");
    NpyFile.write(p, Vectors.of(f, K, D));
    Vectors q = Vectors.of(floats(B, D, 3), B, D);
    for (String backend : new String[] {"reference", "jvm"}) {
      try (Engine e = DenseAM.open(backend)) {
        Vectors heap = Vectors.view(f, K, D);
        Vectors widened = Vectors.of(heap.toArray(), K, D);
        Vectors streamed = NpyFile.open(p);
        Memory a = e.exactMemory(heap, BETA);
        Memory b = e.exactMemory(streamed, BETA);
        Memory c = e.exactMemory(widened, BETA);
        assertArrayEquals(c.energy(q), a.energy(q), backend + " float32 vs float64 input");
        assertArrayEquals(a.energy(q), b.energy(q), backend + " energy");
        assertArrayEquals(a.gradient(q).toArray(), b.gradient(q).toArray(), backend + " gradient");
        assertArrayEquals(c.gradient(q).toArray(), a.gradient(q).toArray(), backend);
        for (String projection : new String[] {"gaussian", "sorf"}) {
          FeatureStore s1 = e.featureMemory(D, BETA, "sincos", 2048, 5, projection);
          FeatureStore s2 = e.featureMemory(D, BETA, "sincos", 2048, 5, projection);
          FeatureStore s3 = e.featureMemory(D, BETA, "sincos", 2048, 5, projection);
          s1.add(heap);
          s2.add(streamed);
          s3.add(widened);
          assertArrayEquals(s3.vector(), s1.vector(), backend + " " + projection + " T (float32)");
          assertArrayEquals(s1.vector(), s2.vector(), backend + " " + projection + " T (file)");
        }
      }
    }
  }

  @Test
  void aNonFiniteValueFoundWhileStreamingNamesTheFileAndTheRow(@TempDir Path dir)
      throws IOException {
    float[] f = floats(K, D, 4);
    f[(K - 1) * D + 7] = Float.NaN;
    Path p = dir.resolve("nan.npy");
    // Written through a float64 view so the writer itself does not refuse the NaN.
    writeRaw(p, "{'descr': '<f4', 'fortran_order': False, 'shape': (" + K + ", " + D + "), }",
        ByteOrder.LITTLE_ENDIAN, f);
    Vectors streamed = NpyFile.open(p);
    Vectors q = Vectors.of(floats(B, D, 5), B, D);
    for (String backend : new String[] {"reference", "jvm"}) {
      try (Engine e = DenseAM.open(backend)) {
        Memory m = e.exactMemory(streamed, BETA);
        IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> m.energy(q), backend);
        assertEquals(p + ": non-finite value (NaN) at row " + (K - 1) + ", column 7",
            ex.getMessage(), backend);
        FeatureStore s = e.featureMemory(D, BETA, "sincos", 1024, 5);
        ex = assertThrows(IllegalArgumentException.class, () -> s.add(streamed), backend);
        assertTrue(ex.getMessage().contains("row " + (K - 1)), ex.getMessage());
        assertEquals(0, s.count(), "a failed fold leaves T as it was");
        for (double t : s.vector()) {
          assertEquals(0.0, t);
        }
      }
    }
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> NpyFile.read(p));
    assertTrue(ex.getMessage().startsWith(p + ": non-finite value (NaN) at row " + (K - 1)));
  }

  @Test
  void badFilesAreRefusedBeforeAnyValueIsRead(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("m.npy");
    NpyFile.write(p, Vectors.of(floats(10, D, 6), 10, D));
    Path cut = dir.resolve("cut.npy");
    byte[] all = Files.readAllBytes(p);
    Files.write(cut, java.util.Arrays.copyOf(all, all.length - 5));
    IOException ex = assertThrows(IOException.class, () -> NpyFile.open(cut));
    assertTrue(ex.getMessage().startsWith(cut + ": truncated"), ex.getMessage());
    Path magic = dir.resolve("magic.npy");
    all[1] = 'X';
    Files.write(magic, all);
    ex = assertThrows(IOException.class, () -> NpyFile.open(magic));
    assertTrue(ex.getMessage().startsWith(magic + ": not an NPY file"), ex.getMessage());
    Path empty = dir.resolve("empty.npy");
    writeRaw(empty, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }",
        ByteOrder.LITTLE_ENDIAN, new float[0]);
    ex = assertThrows(IOException.class, () -> NpyFile.open(empty));
    assertTrue(ex.getMessage().contains("holds no values"), ex.getMessage());
    ex = assertThrows(IOException.class, () -> NpyFile.open(dir.resolve("missing.npy")));
    assertTrue(ex.getMessage().contains("no such file"), ex.getMessage());
  }

  @Test
  void aFileThatShrinksWhileOpenFailsNamingIt(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("m.npy");
    NpyFile.write(p, Vectors.of(floats(K, D, 7), K, D));
    Vectors streamed = NpyFile.open(p);
    try (var ch = Files.newByteChannel(p, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(p) - 4L * D * 3);
    }
    java.io.UncheckedIOException ex =
        assertThrows(java.io.UncheckedIOException.class, streamed::toArray);
    assertTrue(ex.getMessage().contains(p.toString()) && ex.getMessage().contains("truncated"),
        ex.getMessage());
  }

  @Test
  void viewsShareTheCallersArrayAndCopiesDoNot() {
    float[] f = floats(3, 4, 8);
    Vectors copy = Vectors.of(f, 3, 4);
    Vectors view = Vectors.view(f, 3, 4);
    float before = f[0];
    f[0] = 42f;
    assertEquals(before, (float) copy.get(0, 0));
    assertEquals(42f, (float) view.get(0, 0));
    f[1] = Float.NaN;
    assertThrows(IllegalArgumentException.class, () -> Vectors.view(f, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> Vectors.of(f, 3, 4));
  }

  /** Writes a version 1.0 NPY file with the given header and float32 values. */
  static void writeRaw(Path p, String dict, ByteOrder order, float[] values) throws IOException {
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * values.length);
    b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.put((byte) 1).put((byte) 0);
    b.order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length());
    b.put(header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    b.order(order);
    for (float v : values) {
      b.putFloat(v);
    }
    Files.write(p, b.array());
  }
}
