package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    assertTrue(r.out().contains("backend") && r.out().contains("wall ms"), r.out());
    assertFalse(r.out().contains("JVM ms"), "the time column names no backend: " + r.out());
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
  void severalBackendsRunOnTheSameCellsInOneTable() {
    DamRun r = dam("bench", "throughput", "--kernel", "gradcomp", "--backend", "reference,jvm",
        "--d", "16", "--dim", "256", "--k", "20", "--b", "1,8", "--reps", "2", "--warmup", "1",
        "--warmup-seconds", "0", "--numpy", "off", "--projection", "gaussian,sorf");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("backends reference, jvm"), r.out());
    // The header: the ratio names the first backend, the device columns are there.
    String header = r.out().lines().filter(l -> l.trim().startsWith("proj")).findFirst()
        .orElseThrow();
    assertTrue(header.contains("/reference") && header.contains("kernel ms")
        && header.contains("xfer ms") && header.contains("GFLOP/s"), header);
    // 2 B values x 2 projections, each timed on both backends, reference first.
    // Groups of a row: the cell and backend | the times | the comparison with the first | NumPy.
    List<String[][]> rows = r.out().lines().map(String::trim)
        .filter(l -> l.startsWith("gaussian ") || l.startsWith("sorf "))
        .map(l -> java.util.Arrays.stream(l.split(" \\| ")).map(g -> g.trim().split("\\s+"))
            .toArray(String[][]::new))
        .toList();
    assertEquals(8, rows.size(), r.out());
    for (int i = 0; i < rows.size(); i += 2) {
      String[][] ref = rows.get(i), jvm = rows.get(i + 1);
      assertEquals(4, jvm.length, r.out());
      assertEquals("reference", ref[0][5], r.out());
      assertEquals("jvm", jvm[0][5], r.out());
      assertEquals(ref[0][4], jvm[0][4], "same cell");
      assertEquals(ref[0][0], jvm[0][0], "same projection");
      // Neither runs device code: no kernel or transfer time.
      assertEquals("-", jvm[1][2], r.out());
      assertEquals("-", jvm[1][3], r.out());
      assertTrue(Double.parseDouble(jvm[1][0]) > 0 && Double.parseDouble(jvm[1][4]) > 0, r.out());
      // jvm's time over the reference's, and how far its gradients are (float32 vs float64). The
      // ratio may round to 0.00x: in a fresh JVM the reference's first calls run interpreted.
      assertTrue(jvm[2][0].matches("[0-9]+\\.[0-9]{2}x"), r.out());
      double diff = Double.parseDouble(jvm[2][1]);
      assertTrue(diff > 0 && diff < 1e-3, "jvm against reference: " + diff);
      assertEquals("-", ref[2][0], r.out());
    }
  }

  @Test
  void aBackendWithADeviceProfileGetsItsKernelAndTransferTimesPrinted() throws Exception {
    // The fake backend's provider, visible to the registry (ServiceLoader, context class loader)
    // for this test only.
    Path services = dir.resolve("services/META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(org.denseam.backend.BackendProvider.class.getName()),
        FakeDeviceBackend.Provider.class.getName() + "\n");
    Thread th = Thread.currentThread();
    ClassLoader old = th.getContextClassLoader();
    DamRun r;
    FakeDeviceBackend.PROFILED_CALLS.set(0);
    FakeDeviceBackend.UNPROFILED_CALLS.set(0);
    try (java.net.URLClassLoader cl = new java.net.URLClassLoader(
        new java.net.URL[] {dir.resolve("services").toUri().toURL()}, old)) {
      th.setContextClassLoader(cl);
      r = dam("bench", "throughput", "--kernel", "exact", "--backend", "jvm,fakedevice", "--d",
          "8", "--k", "30", "--b", "3", "--reps", "3", "--rounds", "2", "--warmup", "2",
          "--warmup-seconds", "0", "--numpy", "off");
    } finally {
      th.setContextClassLoader(old);
    }
    assertEquals(0, r.code(), r.err());
    // The 2 warm-up calls run profiled, then one without; in each of the 2 rounds the 3 timed
    // calls run without the profiler and 3 more with it; it is off once the cell is done.
    assertEquals(2 + 3 * 2, FakeDeviceBackend.PROFILED_CALLS.get());
    assertEquals(1 + 3 * 2, FakeDeviceBackend.UNPROFILED_CALLS.get());
    assertEquals(0, FakeDeviceBackend.PROFILING.get(), "profiling left on");
    String[][] jvm = null, fake = null;
    for (String line : r.out().lines().map(String::trim).toList()) {
      if (line.startsWith("gaussian ")) {
        String[][] g = java.util.Arrays.stream(line.split(" \\| "))
            .map(x -> x.trim().split("\\s+")).toArray(String[][]::new);
        if (g[0][5].equals("jvm")) {
          jvm = g;
        } else if (g[0][5].equals(FakeDeviceBackend.NAME)) {
          fake = g;
        }
      }
    }
    assertTrue(jvm != null && fake != null, r.out());
    assertEquals("1.50", fake[1][2], "kernel ms: " + r.out());
    assertEquals("0.25", fake[1][3], "xfer ms: " + r.out());
    assertEquals("-", jvm[1][2], r.out());
    assertTrue(fake[2][0].endsWith("x"), r.out());
  }

  @Test
  void anUnknownOrRepeatedBackendIsABadInput() {
    DamRun r = dam("bench", "throughput", "--kernel", "gradcomp", "--backend", "jvm,nope",
        "--numpy", "off");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("unknown backend 'nope'"), r.err());
    r = dam("bench", "throughput", "--kernel", "gradcomp", "--backend", "jvm,jvm", "--numpy",
        "off");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("given twice"), r.err());
  }

  @Test
  void unknownKernelIsABadInput() {
    DamRun r = dam("bench", "throughput", "--kernel", "nope", "--numpy", "off");
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("unknown kernel"), r.err());
  }
}
