package org.denseam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.denseam.TestData;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.FeatureMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DamFileTest {
  @TempDir Path dir;

  FeatureMemory sample() {
    FeatureMemory m = new FeatureMemory(new FeatureMap(Basis.EXPEXP, 6, 64, -123456789L), 2.5);
    m.add(new ReferenceBackend(), TestData.binary(5, 6, 1), 5);
    return m;
  }

  @Test
  void roundTripsEveryField() throws IOException {
    FeatureMemory m = sample();
    Path p = dir.resolve("t.dam");
    m.write(p);
    assertEquals(DamFile.HEADER + 8 * 64 + 4, Files.size(p));
    FeatureMemory r = FeatureMemory.read(p);
    assertEquals(m.map(), r.map());
    assertEquals(m.beta(), r.beta(), 0.0);
    assertEquals(5, r.count());
    assertArrayEquals(m.t(), r.t(), 0.0);
  }

  @Test
  void detectsTruncationCorruptionAndBadMagic() throws IOException {
    Path p = dir.resolve("t.dam");
    sample().write(p);
    byte[] good = Files.readAllBytes(p);

    Files.write(p, Arrays.copyOf(good, good.length - 9));
    assertMessage(p, "truncated");
    Files.write(p, Arrays.copyOf(good, 20));
    assertMessage(p, "truncated");

    byte[] flipped = good.clone();
    flipped[DamFile.HEADER + 17] ^= 0x10;
    Files.write(p, flipped);
    assertMessage(p, "checksum");

    byte[] magic = good.clone();
    magic[0] = 'X';
    Files.write(p, magic);
    assertMessage(p, "magic");

    byte[] version = good.clone();
    version[4] = 9;
    Files.write(p, version);
    assertMessage(p, "version");

    byte[] lying = good.clone();
    lying[12] = (byte) 0xFF; // Y low byte
    lying[15] = (byte) 0x7F; // Y huge
    Files.write(p, lying);
    assertMessage(p, "Y");
  }

  private static void assertMessage(Path p, String word) {
    IOException e = assertThrows(IOException.class, () -> FeatureMemory.read(p));
    assertTrue(e.getMessage().contains(word), e.getMessage());
  }
}
