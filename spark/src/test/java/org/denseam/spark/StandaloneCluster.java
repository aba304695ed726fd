package org.denseam.spark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone master and one worker started as separate JVMs on 127.0.0.1, from the test
 * class path. The worker launches executors through Spark's launcher code, which needs a Spark
 * home holding {@code jars/} (here: links to every jar of the class path but DenseAM's own, which
 * the driver ships through {@code spark.jars}), a {@code RELEASE} file and the Scala version.
 */
final class StandaloneCluster {
  final Path home;
  final String masterUrl;
  private final Process master;
  private final Process worker;

  StandaloneCluster(Path dir, int cores) throws IOException, InterruptedException {
    home = dir.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
    Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 (class path of the DenseAM tests)\n");
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (name.endsWith(".jar") && Files.isRegularFile(p) && !name.startsWith("denseam-")
          && !name.startsWith("junit-") && !name.startsWith("surefire")
          && !Files.exists(jars.resolve(name))) {
        Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
      }
    }
    int masterPort = freePort();
    masterUrl = "spark://127.0.0.1:" + masterPort;
    master = start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", Integer.toString(masterPort),
        "--webui-port", Integer.toString(freePort()));
    await(dir.resolve("master.log"), "Starting Spark master", Duration.ofSeconds(60));
    worker = start(dir.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker",
        "--host", "127.0.0.1", "--port", Integer.toString(freePort()),
        "--webui-port", Integer.toString(freePort()), "--cores", Integer.toString(cores),
        "--memory", "1g", "--work-dir", Files.createDirectories(dir.resolve("work")).toString(),
        masterUrl);
    await(dir.resolve("master.log"), "Registering worker", Duration.ofSeconds(60));
  }

  private Process start(Path log, String main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(SparkSupport.jvmFlags());
    // The master and the worker only pass messages: C1 alone and the serial collector spare the
    // CPU that C2 and a parallel collector would take from the tests running beside them.
    cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", home.resolve("jars") + File.separator + "*",
        "-Dspark.master.rest.enabled=false", "-Dspark.ui.enabled=false", main));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_HOSTNAME", "localhost");
    return pb.start();
  }

  private void await(Path log, String line, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      if ((master != null && !master.isAlive()) || (worker != null && !worker.isAlive())) {
        break;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no '" + line + "' in " + log + ":\n" + Files.readString(log));
  }

  /** The executor JVMs the worker has launched. */
  List<ProcessHandle> executors() {
    return worker.descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Stops the worker, its executors and the master.
   *
   * @return whether every one of these processes has exited
   */
  boolean stop() throws InterruptedException {
    List<ProcessHandle> all = new ArrayList<>(worker.descendants().toList());
    all.add(worker.toHandle());
    all.add(master.toHandle());
    for (Process p : new Process[] {worker, master}) {
      if (p == null) {
        continue;
      }
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroy();
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
    long end = System.nanoTime() + 10_000_000_000L;
    while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    return all.stream().noneMatch(ProcessHandle::isAlive);
  }
}
