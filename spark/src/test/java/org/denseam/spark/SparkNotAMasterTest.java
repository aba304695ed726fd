package org.denseam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.denseam.cli.ProcessGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code --master spark://HOST:PORT} where something listens that is not a Spark master: a server
 * that accepts connections and never answers, and one that closes each connection at once. Each
 * {@code ./dam spark store} ends with one line naming the master once the registration time
 * ({@code denseam.spark.registerSeconds}, here 3 s) has passed, exit status 2, and writes nothing.
 * The launcher runs as its own process (a Spark context still starting in the background would
 * share the test JVM otherwise), on this test's class path.
 */
@Execution(ExecutionMode.CONCURRENT)
class SparkNotAMasterTest {
  @TempDir Path dir;
  Path launcher;

  @BeforeEach
  void find() {
    launcher = ProcessGroup.damLauncher();
  }

  /** A loopback server that accepts every connection, and then keeps it silent or closes it. */
  private static Thread serve(ServerSocket server, boolean close, List<Socket> held) {
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          if (close) {
            s.close();
          } else {
            synchronized (held) {
              held.add(s);
            }
          }
        } catch (IOException e) {
          return; // the server was closed
        }
      }
    }, "not-a-master");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void aPortThatIsNotASparkMasterFailsInOneLineNamingIt() throws Exception {
    Path shards = TestData.shards(dir.resolve("mem"), TestData.gaussian(5, 30, 6, 0.4), 6, 2);
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      serve(silent, false, held);
      serve(closing, true, held);
      List<String> masters = List.of("spark://127.0.0.1:" + silent.getLocalPort(),
          "spark://127.0.0.1:" + closing.getLocalPort());
      List<Process> runs = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < masters.size(); i++) {
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "spark", "store",
            "--master", masters.get(i), "--no-progress", "--memories", shards.toString(),
            "--beta", "1", "--dim", "64", "--out", dir.resolve("t" + i + ".dam").toString())
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("out" + i + ".txt").toFile())
            .redirectError(dir.resolve("err" + i + ".txt").toFile());
        pb.environment().put("DAM_CLASS_PATH", System.getProperty("java.class.path"));
        pb.environment().put("DAM_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("DAM_JAVA_OPTS", "-Ddenseam.spark.registerSeconds=3");
        pb.environment().put("DAM_JIT_OPTS", SparkSignalTest.JIT);
        pb.environment().remove("DAM_DEBUG");
        runs.add(pb.start());
      }
      for (int i = 0; i < masters.size(); i++) {
        Process p = runs.get(i);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), masters.get(i) + ": still running after 60 s");
        String err = Files.readString(dir.resolve("err" + i + ".txt"), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertEquals("dam: error: the Spark master " + masters.get(i) + " did not accept the"
            + " application within 3 s: is it a Spark standalone master (the URL its log"
            + " prints), with a worker?\n", err);
        assertEquals("", Files.readString(dir.resolve("out" + i + ".txt")));
        ProcessGroup.assertNothingWritten(dir, dir.resolve("t" + i + ".dam"));
        assertTrue(p.descendants().noneMatch(ProcessHandle::isAlive), "a process outlived dam");
      }
      assertTrue((System.nanoTime() - t0) / 1e9 < 60);
    } finally {
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
