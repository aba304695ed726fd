package org.denseam.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the whole new content or the old file, and no temporary file left behind. */
class AtomicOutputTest {
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void writesTheWholeContentOrLeavesTheTargetAsItWas(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("table.csv");
    AtomicOutput.write(f, out -> out.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("a,b\n1,2\n", Files.readString(f));

    IOException e = assertThrows(IOException.class, () -> AtomicOutput.write(f, out -> {
      out.write("partial".getBytes(StandardCharsets.UTF_8));
      throw new IOException("disk full");
    }));
    assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    assertEquals("a,b\n1,2\n", Files.readString(f), "the old content stays");
    assertEquals(List.of(f), files(dir), "no temporary file is left");

    byte[] big = new byte[1 << 20];
    big[big.length - 1] = 7;
    AtomicOutput.write(f, out -> out.write(big));
    assertArrayEquals(big, Files.readAllBytes(f));

    Path missing = dir.resolve("no/such/dir/x.txt");
    e = assertThrows(IOException.class, () -> AtomicOutput.write(missing, out -> out.write(1)));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
