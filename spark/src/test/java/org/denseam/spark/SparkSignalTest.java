package org.denseam.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.denseam.cli.ProcessGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Ctrl-C stops a running {@code ./dam spark store} or {@code retrieve}: INT to its process group
 * ends every process of the group within 5 s, with a non-zero status, no output and no temporary
 * file. (INT to the launcher alone takes the same path in the launcher for every command: {@code
 * LauncherTest}.) The commands run on local[1], so that the test, which runs beside the other test
 * classes, takes one core. Runs the launcher on this test's class path ({@code DAM_CLASS_PATH}).
 */
@Execution(ExecutionMode.CONCURRENT)
class SparkSignalTest {
  /**
   * The launcher's JIT settings for these runs ({@code DAM_JIT_OPTS}): C1 alone. How fast the
   * stopped command computes does not matter here, and C2 compiling its kernels would take a core
   * from the test classes running beside this one. Signals take the same path either way.
   */
  static final String JIT = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

  @TempDir Path dir;
  Path launcher;

  @BeforeEach
  void find() {
    launcher = ProcessGroup.damLauncher();
  }

  /** A store that runs for minutes: K = 2000 in 4 shards, D = 256, Y = 2^22. */
  private ProcessGroup longStore(Path out) throws Exception {
    Path shards = TestData.shards(dir.resolve("mem"), TestData.gaussian(3, 2000, 256, 0.1), 256, 4);
    return ProcessGroup.start(launcher, dir, dir.resolve("log.txt"), ProcessGroup.Start.DEFAULT,
        List.of("DAM_CLASS_PATH=" + System.getProperty("java.class.path"),
            "DAM_JAVA_HOME=" + System.getProperty("java.home"), "DAM_JIT_OPTS=" + JIT,
            "SPARK_LOCAL_DIRS=" + Files.createDirectories(dir.resolve("spark-local"))),
        "spark", "store", "--master", "local[1]", "--no-progress", "--memories",
        shards.toString(), "--beta", "0.1", "--dim", "4194304", "--out", out.toString());
  }

  @Test
  void ctrlCStopsSparkStoreWithinFiveSecondsAndNothingIsWritten() throws Exception {
    Path out = dir.resolve("T.dam");
    try (ProcessGroup g = longStore(out)) {
      // Past startup: the Spark context has made its block manager's directory and runs the fold.
      awaitWhileRunning(g, this::hasBlockManager, "no Spark context started");
      Thread.sleep(1000);
      g.signalGroup("INT");
      g.assertStoppedWithin(5, dir.resolve("log.txt"));
      ProcessGroup.assertNothingWritten(dir, out);
    }
  }

  /**
   * INT to the group of a running exact {@code dam spark retrieve}: its temporary output directory
   * ({@code .OUT.tmp-*}, created before the descent) is deleted as the JVM stops.
   */
  @Test
  void ctrlCStopsSparkRetrieveAndLeavesNoTemporaryDirectory() throws Exception {
    Path shards = TestData.shards(dir.resolve("mem"), TestData.gaussian(3, 2000, 64, 0.1), 64, 4);
    Path queries = TestData.shards(dir.resolve("q"), TestData.gaussian(4, 16, 64, 0.1), 64, 2);
    Path out = dir.resolve("out");
    try (ProcessGroup g = ProcessGroup.start(launcher, dir, dir.resolve("log.txt"),
        ProcessGroup.Start.DEFAULT, List.of("DAM_CLASS_PATH=" + System.getProperty("java.class.path"),
            "DAM_JAVA_HOME=" + System.getProperty("java.home"), "DAM_JIT_OPTS=" + JIT),
        "spark", "retrieve", "--master", "local[1]", "--no-progress", "--memories",
        shards.toString(), "--beta", "1", "--queries", queries.toString(), "--steps", "1000000",
        "--eta", "0.001", "--out", out.toString())) {
      awaitWhileRunning(g, this::hasTemporaryDirectory,
          "no temporary output directory while running");
      Thread.sleep(1000);
      g.signalGroup("INT");
      g.assertStoppedWithin(5, dir.resolve("log.txt"));
      ProcessGroup.assertNothingWritten(dir, out);
    }
  }

  /** What the test waits for in its directory. */
  private interface Sign {
    boolean seen() throws java.io.IOException;
  }

  /**
   * Waits, up to 60 s and while the JVM runs, until {@code sign} is seen; fails with {@code what}
   * and the command's log otherwise.
   */
  private void awaitWhileRunning(ProcessGroup g, Sign sign, String what) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!sign.seen() && System.nanoTime() < deadline && g.jvm.isAlive()) {
      Thread.sleep(50);
    }
    assertTrue(sign.seen(), what + ":\n" + ProcessGroup.read(dir.resolve("log.txt")));
  }

  private boolean hasBlockManager() throws java.io.IOException {
    try (var s = Files.list(dir.resolve("spark-local"))) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("blockmgr-"));
    }
  }

  private boolean hasTemporaryDirectory() throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith(".out.tmp-"));
    }
  }
}
