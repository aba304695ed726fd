package org.denseam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.denseam.memory.FeatureMemory;

/**
 * Coverage-guided fuzzing of the T.dam parser. Any input must either parse into a consistent
 * value or fail with an {@link IOException} naming the problem: no other exception, no crash, no
 * unbounded allocation (a parser never allocates more than the file's size). Normal test runs
 * replay the corpus in {@code DamFileFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for the
 * duration given.
 */
class DamFileFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void damFile(byte[] data) throws IOException {
    Path f = Files.createTempFile("fuzz", ".dam");
    try {
      Files.write(f, data);
      FeatureMemory m;
      try {
        m = FeatureMemory.read(f);
      } catch (IOException expected) {
        assertTrue(expected.getMessage().startsWith(f.toString()), expected.getMessage());
        return;
      }
      assertEquals(DamFile.HEADER + 8L * m.map().y() + 4, data.length);
    } finally {
      Files.deleteIfExists(f);
    }
  }
}
