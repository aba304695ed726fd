package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.denseam.TestData;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The {@code ./dam} launcher as a process: signals reach the JVM (which then writes nothing, now or
 * later), Ctrl-C (INT to the process group) and INT to the launcher stop it within seconds, and
 * errors are one line on stderr. Runs the launcher on this test's class path
 * ({@code DAM_CLASS_PATH}), so nothing is built.
 */
@Execution(ExecutionMode.CONCURRENT)
class LauncherTest {
  @TempDir Path dir;
  Path launcher;

  @BeforeEach
  void find() {
    launcher = ProcessGroup.damLauncher();
  }

  private ProcessBuilder dam(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("DAM_CLASS_PATH", System.getProperty("java.class.path"));
    pb.environment().put("DAM_JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("DAM_DEBUG");
    pb.environment().remove("TORNADOVM_HOME");
    return pb;
  }

  /** A store that runs for minutes: K = 2000, D = 256, Y = 2^22. */
  private Process longStore(Path out) throws IOException {
    Path mem = dir.resolve("big.npy");
    Npy.write(mem, new Matrix(TestData.uniform(2000 * 256, -1, 1, 5), 2000, 256, false), true);
    return dam("store", "--memories", mem.toString(), "--beta", "0.1", "--dim", "4194304",
        "--out", out.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile()).start();
  }

  /** Waits until the launcher's JVM runs the command, and returns it. */
  private static ProcessHandle jvmOf(Process p) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Optional<ProcessHandle> jvm = p.descendants()
          .filter(h -> h.info().command().orElse("").endsWith("/java")).findFirst();
      if (jvm.isPresent()) {
        Thread.sleep(1500); // past startup: reading the memories, folding them
        return jvm.get();
      }
      assertTrue(p.isAlive(), "the launcher ended early");
      Thread.sleep(50);
    }
    throw new AssertionError("no JVM started");
  }

  /** Nothing written now, nor a second later (a JVM that outlived the signal would write). */
  private void assertNothingWritten(Path out) throws Exception {
    Thread.sleep(1000);
    ProcessGroup.assertNothingWritten(dir, out);
  }

  @Test
  void termStopsTheJvmAndNothingIsWritten() throws Exception {
    Path out = dir.resolve("T.dam");
    Process p = longStore(out);
    ProcessHandle jvm = jvmOf(p);
    p.destroy(); // SIGTERM to the launcher
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launcher still running");
    assertEquals(143, p.exitValue());
    assertTrue(jvm.onExit().get(30, TimeUnit.SECONDS) != null);
    assertFalse(jvm.isAlive(), "the JVM outlived the launcher");
    assertNothingWritten(out);
  }

  @Test
  void killOfTheLauncherStopsTheJvmToo() throws Exception {
    Assumptions.assumeTrue(new ProcessBuilder("setpriv", "--pdeathsig", "TERM", "true")
        .start().waitFor() == 0, "setpriv --pdeathsig is not available here");
    Path out = dir.resolve("T.dam");
    Process p = longStore(out);
    ProcessHandle jvm = jvmOf(p);
    p.destroyForcibly(); // SIGKILL to the launcher: the JVM gets its parent-death signal
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    jvm.onExit().get(30, TimeUnit.SECONDS);
    assertFalse(jvm.isAlive(), "the JVM outlived the launcher");
    assertNothingWritten(out);
  }

  @Test
  void errorsAreOneLineWithoutTheIncubatorWarning() throws Exception {
    Process p = dam("energy", "--memories", "m.npy", "--queries", "missing.npy", "--beta", "1",
        "--out", "e.npy").start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), err);
    assertEquals("dam: error: missing.npy: no such file\n", err);
  }

  /**
   * A retrieval that runs for minutes: exact MrDAM, K = 20000, D = 256, B = 64, 10^6 steps, in a
   * process group of its own.
   */
  private ProcessGroup longRetrieve(Path out, ProcessGroup.Start start) throws Exception {
    Path mem = dir.resolve("m.npy");
    Path q = dir.resolve("q.npy");
    Npy.write(mem, new Matrix(TestData.uniform(20000 * 256, -1, 1, 7), 20000, 256, false), true);
    Npy.write(q, new Matrix(TestData.uniform(64 * 256, -1, 1, 8), 64, 256, false), true);
    return ProcessGroup.start(launcher, dir, dir.resolve("log.txt"), start,
        List.of("DAM_CLASS_PATH=" + System.getProperty("java.class.path"),
            "DAM_JAVA_HOME=" + System.getProperty("java.home")),
        "retrieve", "--memories", mem.toString(), "--queries", q.toString(), "--beta", "1",
        "--steps", "1000000", "--eta", "0.001", "--out", out.toString());
  }

  /** Ctrl-C in a terminal: INT to the whole process group of a running {@code dam retrieve}. */
  @Test
  void ctrlCStopsRetrieveWithinFiveSecondsAndNothingIsWritten() throws Exception {
    Path out = dir.resolve("x.npy");
    try (ProcessGroup g = longRetrieve(out, ProcessGroup.Start.DEFAULT)) {
      Thread.sleep(1500); // past startup: reading the inputs, descending
      g.signalGroup("INT");
      g.assertStoppedWithin(5, dir.resolve("log.txt"));
      ProcessGroup.assertNothingWritten(dir, out);
    }
  }

  /**
   * {@code dam retrieve ... &} in a script starts the launcher with INT ignored; INT to the group
   * still stops the JVM, which starts with INT at its default disposition whatever the launcher's.
   */
  @Test
  void intToTheGroupStopsRetrieveStartedWithIntIgnored() throws Exception {
    Path out = dir.resolve("x.npy");
    try (ProcessGroup g = longRetrieve(out, ProcessGroup.Start.IGNORED)) {
      Thread.sleep(1500);
      g.signalGroup("INT");
      g.assertStoppedWithin(5, dir.resolve("log.txt"));
      ProcessGroup.assertNothingWritten(dir, out);
    }
  }

  /** INT to the launcher alone (kill -INT PID) is passed on to the JVM. */
  @Test
  void intToTheLauncherAloneStopsRetrieve() throws Exception {
    Path out = dir.resolve("x.npy");
    try (ProcessGroup g = longRetrieve(out, ProcessGroup.Start.DEFAULT)) {
      Thread.sleep(1500);
      assertTrue(g.jvm.isAlive(), "the command ended before the signal");
      ProcessGroup.signal(g.launcher(), "INT");
      g.assertStoppedWithin(5, dir.resolve("log.txt"));
      ProcessGroup.assertNothingWritten(dir, out);
    }
  }
}
