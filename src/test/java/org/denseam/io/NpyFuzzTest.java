package org.denseam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the NPY parser. Any input must either parse into a consistent
 * value or fail with an {@link IOException} naming the problem: no other exception, no crash, no
 * unbounded allocation (a parser never allocates more than the file's size). Normal test runs
 * replay the corpus in {@code NpyFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes for the
 * duration given.
 */
class NpyFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void npy(byte[] data) throws IOException {
    Path f = Files.createTempFile("fuzz", ".npy");
    try {
      Files.write(f, data);
      Matrix m;
      try {
        m = Npy.read(f);
      } catch (IOException expected) {
        assertTrue(expected.getMessage().startsWith(f.toString()), expected.getMessage());
        return;
      }
      assertEquals((long) m.rows() * m.cols(), m.data().length);
      assertTrue(m.data().length * 4L <= data.length, "more values than bytes");
    } finally {
      Files.deleteIfExists(f);
    }
  }
}
