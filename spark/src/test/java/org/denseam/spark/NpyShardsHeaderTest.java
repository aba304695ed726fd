package org.denseam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shard headers are read with the same grammar as {@code dam}'s NPY reader (NpyHeader). */
class NpyShardsHeaderTest {
  @TempDir Path dir;

  private Path shard(String name, String dict, int dataBytes) throws IOException {
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
    Path p = dir.resolve(name);
    Files.write(p, b.array());
    return p;
  }

  @Test
  void aRepeatedShapeTakesTheLastValueAsNumpyDoes() throws IOException {
    Path p = shard("dup.npy",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 8), 'shape': (3, 4)}", 48);
    NpyShards.Shard s = NpyShards.header(p, "memories");
    assertEquals(3, s.rows());
    assertEquals(4, s.cols());
    assertEquals(4, s.width());
  }

  @Test
  void headersNumpyRefusesAreRefusedNamingTheShard() throws IOException {
    Path tuple = shard("tuple.npy", "('<f4', False, (3, 4))", 48);
    assertEquals("memories shard " + tuple + ": header is not a dict literal: it holds a tuple"
        + " ('<f4', False, (3, 4))", assertThrows(IllegalArgumentException.class,
            () -> NpyShards.header(tuple, "memories")).getMessage());
    Path extra = shard("extra.npy",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), 'x': 1}", 48);
    assertEquals("queries shard " + extra + ": header has an unexpected key 'x': an NPY header"
        + " holds exactly 'descr', 'fortran_order' and 'shape'",
        assertThrows(IllegalArgumentException.class,
            () -> NpyShards.header(extra, "queries")).getMessage());
    Path notTuple = shard("int.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (12)}",
        48);
    assertEquals("memories shard " + notTuple + ": shape (12) is not a tuple (a 1-D shape is"
        + " written (n,))", assertThrows(IllegalArgumentException.class,
            () -> NpyShards.header(notTuple, "memories")).getMessage());
    Path i4 = shard("i4.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (3, 4)}", 48);
    assertEquals("memories shard " + i4 + ": dtype 'i4' is not supported: use float32 or float64",
        assertThrows(IllegalArgumentException.class,
            () -> NpyShards.header(i4, "memories")).getMessage());
  }
}
