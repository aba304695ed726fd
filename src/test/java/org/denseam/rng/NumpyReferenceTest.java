package org.denseam.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stream documented in {@code docs/rng.md} is reproduced by an independent NumPy program
 * ({@code docs/rng_reference.py}): the uint32 words bit for bit, the normals and shifts to the last
 * few ulps (the two sides use different libm implementations of log, cos and sin).
 */
class NumpyReferenceTest {

  @Test
  void numpyImplementationReproducesTheStream() throws Exception {
    Path script = locate("docs/rng_reference.py");
    assumeTrue(script != null && numpyAvailable(), "python3 with NumPy is not installed");
    long seed = 0xFEDCBA9876543210L;
    int a0 = 1000, n = 40, d = 13;
    List<String> lines = run("python3", script.toString(), Long.toUnsignedString(seed),
        String.valueOf(a0), String.valueOf(n), String.valueOf(d));
    int[] w = new int[4];
    int words = 0, normals = 0, shifts = 0;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      switch (f[0]) {
        case "w" -> {
          int alpha = Integer.parseInt(f[1]), blk = Integer.parseInt(f[2]);
          Philox4x32.block(blk, alpha, Gaussian.STREAM_OMEGA, 0, Gaussian.key0(seed),
              Gaussian.key1(seed), w, 0);
          for (int j = 0; j < 4; j++) {
            assertEquals(Integer.parseUnsignedInt(f[3 + j], 16), w[j], line);
          }
          words++;
        }
        case "o" -> {
          double expected = Double.parseDouble(f[3]);
          double actual = Gaussian.omega(seed, Integer.parseInt(f[1]), Integer.parseInt(f[2]));
          assertEquals(expected, actual, 1e-14 * Math.max(1, Math.abs(expected)), line);
          normals++;
        }
        case "b" -> {
          double expected = Double.parseDouble(f[2]);
          assertEquals(expected, Gaussian.bias(seed, Integer.parseInt(f[1])), 1e-14, line);
          shifts++;
        }
        default -> throw new AssertionError("unexpected line: " + line);
      }
    }
    assertEquals(n * ((d + 3) / 4), words);
    assertEquals(n * d, normals);
    assertEquals(n, shifts);
  }

  static boolean numpyAvailable() {
    try {
      return run("python3", "-c", "import numpy").isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  static Path locate(String rel) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(rel))) {
        return p.resolve(rel);
      }
    }
    return null;
  }

  static List<String> run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        out.add(line);
      }
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
