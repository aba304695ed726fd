package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dam bench} runs and reports what it promises (tiny sizes; no timing is checked). */
class BenchCommandTest {
  @TempDir Path dir;

  static DamRun dam(String... args) {
    return DamRun.of(args);
  }

  @Test
  void throughputPrintsOneRowPerCellWithAProgressBar() {
    DamRun r = dam("bench", "throughput", "--kernel", "gradcomp", "--d", "16", "--dim", "256",
        "--k", "20", "--b", "1,8", "--reps", "2", "--warmup", "1", "--warmup-seconds", "0",
        "--numpy", "off");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("JVM ms"), r.out());
    assertTrue(r.out().lines().filter(l -> l.trim().startsWith("gaussian    16 ")).count() == 2,
        r.out());
    assertTrue(r.err().contains("2/2"), "progress bar: " + r.err());
  }

  @Test
  void bothProjectionsAcrossDimensionsWithThePlot() throws Exception {
    Path png = dir.resolve("time-vs-d.png");
    DamRun r = dam("bench", "throughput", "--kernel", "gradcomp", "--d", "16,40", "--dim", "256",
        "--k", "20", "--b", "9", "--reps", "2", "--warmup", "1", "--warmup-seconds", "0",
        "--numpy", "off", "--projection", "gaussian,sorf", "--plot", png.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(2, r.out().lines().filter(l -> l.trim().startsWith("sorf ")).count(), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.trim().startsWith("gaussian ")).count(), r.out());
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
    assertEquals("\u0089PNG", new String(head, 0, 4, StandardCharsets.ISO_8859_1), "PNG signature");
  }

  @Test
  void sorfNeedsTrigonometricFeaturesAndThePlotAWritableFile() {
    DamRun r = dam("bench", "throughput", "--kernel", "gradcomp", "--features", "exp",
        "--projection", "sorf", "--numpy", "off");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("trigonometric"), r.err());
    r = dam("bench", "throughput", "--kernel", "gradcomp", "--numpy", "off", "--plot",
        dir.resolve("missing/dir/t.png").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("existing directory"), r.err());
  }

  @Test
  void everyKernelRuns() {
    for (String kernel : new String[] {"exact", "rf", "procmems", "retrieve"}) {
      DamRun r = dam("bench", "throughput", "--kernel", kernel, "--d", "8", "--dim", "64", "--k",
          "30", "--b", "3", "--reps", "1", "--warmup", "0", "--warmup-seconds", "0", "--steps",
          "2", "--numpy", "off");
      assertEquals(0, r.code(), kernel + ": " + r.err());
    }
  }

  @Test
  void latencyPrintsPercentilesAndWritesTheHistogram() throws Exception {
    Path h = dir.resolve("lat.hgrm");
    DamRun r = dam("bench", "latency", "--model", "mrdam", "--d", "8", "--k", "50", "--n", "30",
        "--warmup", "5", "--steps", "3", "--hgrm", h.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("p50") && r.out().contains("p99.9") && r.out().contains("max"),
        r.out());
    assertTrue(r.out().contains("peak RSS"), r.out());
    String hist = Files.readString(h);
    assertTrue(hist.contains("Percentile") && hist.contains("#[Mean"), hist);
  }

  @Test
  void unknownKernelIsABadInput() {
    DamRun r = dam("bench", "throughput", "--kernel", "nope", "--numpy", "off");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("unknown kernel"), r.err());
  }
}
