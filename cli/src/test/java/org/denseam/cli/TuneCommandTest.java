package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.denseam.TestData;
import org.denseam.backend.MachineKey;
import org.denseam.backend.Tuning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dam tune}: what it writes and that the JVM backend reads it. (That every candidate gives
 * the default's results within the suite's tolerance is the core's {@code TileSizesTest}.) No time
 * is asserted.
 */
class TuneCommandTest {
  @TempDir Path dir;

  @Test
  void quickTuneWritesAFileTheBackendReads() throws Exception {
    Path file = dir.resolve("cfg").resolve("tuning.properties");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "other|machine/tileBytes=1024\n");
    DamRun r = DamRun.of("tune", "--quick", "--out", file.toString(), "--b", "4", "--d", "16",
        "--dim", "64", "--k", "40", "--reps", "1", "--warmup-seconds", "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("tuned vs untuned") && r.out().contains("(default)"), r.out());
    Tuning t = Tuning.read(file);
    assertEquals("1024", t.entry("other|machine", "tileBytes"), "other machines' entries kept");
    String bytes = t.entry(MachineKey.jvm(), "tileBytes");
    assertTrue(List.of("65536", "131072", "262144").contains(bytes), String.valueOf(bytes));
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary file left");
    }
    String devices = child(List.of("-Ddenseam.tuning=" + file), Main.class.getName(), "devices");
    assertTrue(devices.contains("tiles of " + bytes + " bytes") && devices.contains("tuned by "
        + file), devices);
  }

  @Test
  void anUnavailableBackendIsRefusedWithoutWriting() {
    Path file = dir.resolve("t.properties");
    DamRun r = DamRun.of("tune", "--backend", "tornado", "--out", file.toString());
    assertEquals(Main.EXIT_BAD_INPUT, r.code());
    assertTrue(r.err().contains("--backend tornado") && r.err().contains("not"), r.err());
    assertTrue(Files.notExists(file));
  }

  @Test
  void tornadoCandidatesFollowTheDeviceLimits() {
    List<TuneCandidate> all = TuneCandidate.tornado(false, true, 0);
    assertEquals(6, all.size());
    assertEquals(List.of("shape=panels workgroup=16x16"),
        all.stream().filter(TuneCandidate::builtIn).map(TuneCandidate::label).toList());
    List<TuneCandidate> small = TuneCandidate.tornado(false, false, 64);
    assertEquals(List.of("shape=tiles workgroup=8x8", "shape=panels workgroup=8x8"),
        small.stream().map(TuneCandidate::label).toList());
    List<TuneCandidate> quick = TuneCandidate.tornado(true, false, 4096);
    assertEquals(2, quick.size());
    assertTrue(quick.get(0).builtIn());
    assertEquals(Map.of("shape", "tiles"), quick.get(0).entries());
    assertEquals("16x16", quick.get(1).properties().get("denseam.tornado.workgroup"));
    assertEquals(3, TuneCandidate.jvm(true).size());
    assertEquals(6, TuneCandidate.jvm(false).size());
  }

  @Test
  void aChildsTablesAreReadPerKernel() {
    String row = "%8s    16     64    100     4 jvm       |      %s     1.00         -         -"
        + "       310.6       0.0     1.1 MiB |          -         -";
    String out = "dam bench throughput: kernel gradcomp, backend jvm, 2 cores, no NumPy baseline\n"
        + "    proj     D      Y      K     B backend   |    wall ms\n"
        + String.format(row, "gaussian", "2.50") + "\n" + String.format(row, "sorf", "0.50") + "\n"
        + "wall ms: median time per call\n"
        + "dam bench throughput: kernel exact, backend jvm, 2 cores, no NumPy baseline\n"
        + String.format(row, "gaussian", "12.00") + "\n";
    Map<String, Map<String, Double>> t = TuneChild.parse(out, "jvm");
    assertEquals(Map.of("gaussian", 2.5e-3, "sorf", 0.5e-3), t.get("gradcomp"));
    assertEquals(Map.of("gaussian", 12e-3), t.get("exact"));
    assertTrue(TuneChild.parse(out, "tornado").isEmpty(), "another backend's rows");
  }

  @Test
  void theTableKeepsItsColumnsWhateverTheLabels() {
    List<TuneCandidate> cands = TuneCandidate.jvm(false);
    double[][] sec = new double[cands.size()][TuneCell.JVM.size()];
    for (int i = 0; i < cands.size(); i++) {
      sec[i][0] = 1e-3 * (10 - i);
      sec[i][1] = 1e-3 * (12 + i);
    }
    int def = 3;
    assertTrue(cands.get(def).builtIn());
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    TuneReport.table(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8), cands,
        TuneCell.JVM, sec, def);
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(cands.size() + 1, lines.size());
    int bar = lines.get(0).indexOf(" | ");
    for (String line : lines) {
      assertEquals(bar, line.indexOf(" | "), "first column of:\n" + String.join("\n", lines));
    }
    assertTrue(lines.get(def + 1).contains("(default)"), lines.get(def + 1));
  }

  /** Runs a class in a child JVM with this test's class path; returns its stdout. */
  static String child(List<String> flags, String main, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC"));
    // The first-call JIT settings of ./dam: the kernels compiled after a few calls.
    cmd.add("@" + TestData.jitOptions());
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
