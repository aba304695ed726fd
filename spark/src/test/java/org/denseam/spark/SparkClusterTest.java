package org.denseam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.denseam.api.FeatureSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster: a master and a worker in their own JVMs on 127.0.0.1, whose
 * executors get the JVM flags and the DenseAM jars from the driver. The three commands give the
 * results of local[2]; an executor killed in the middle of a job is replaced and the job's result
 * is unchanged, bit for bit.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SparkClusterTest {
  static final int D = 16;
  @TempDir static Path dir;
  /** The cluster, started in the background while the local[2] half of the test runs. */
  static CompletableFuture<StandaloneCluster> starting;

  @BeforeAll
  static void start() {
    starting = CompletableFuture.supplyAsync(() -> {
      try {
        return new StandaloneCluster(dir, 2);
      } catch (Exception e) {
        throw new IllegalStateException("the standalone cluster did not start", e);
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    SparkSession.getDefaultSession().foreach(s -> {
      s.stop();
      return null;
    });
    StandaloneCluster cluster = starting.handle((c, e) -> c).get();
    if (cluster != null) {
      assertTrue(cluster.stop(), "master, worker and executors have exited");
    }
  }

  static String[] spark(String master, String... args) {
    List<String> a = new ArrayList<>(List.of("spark", args[0], "--master", master, "--no-progress"));
    a.addAll(List.of(args).subList(1, args.length));
    return a.toArray(new String[0]);
  }

  @Test
  void commandsOnTheClusterGiveTheLocalResultsAndAKilledExecutorChangesNothing()
      throws Exception {
    double[] mem = TestData.gaussian(31, 1200, D, 0.4);
    Path shards = TestData.shards(dir.resolve("mem"), mem, D, 3);
    Path queries = dir.resolve("q.npy");
    TestData.npy(queries, TestData.gaussian(32, 6, D, 0.4), D, 0, 6);
    Path qs = Files.createDirectories(dir.resolve("qs"));
    TestData.npy(qs.resolve("a.npy"), TestData.gaussian(33, 7, D, 0.4), D, 0, 7);

    // local[2] first, then the same commands on the cluster; the fold of the second half's
    // result on local[2] too, before the session moves to the cluster.
    FeatureSpec spec = new FeatureSpec(D, 2, "sincos", 8192, 9, "gaussian");
    double[] big = TestData.gaussian(34, 24000, D, 0.4);
    SparkDam.Folded want = null;
    StandaloneCluster cluster = null;
    for (String master : List.of("local[2]", "cluster")) {
      if (master.equals("cluster")) {
        SparkSession local = SparkSupport.session(SparkSupport.conf("local[2]", false));
        assertEquals("local[2]", local.sparkContext().master());
        want = SparkDam.fold(SparkDamTest.rdd(big, D, 4), spec, "jvm");
        cluster = starting.get();
        master = cluster.masterUrl;
      }
      String tag = master.startsWith("local") ? "local" : "cluster";
      TestData.Run r = TestData.dam(spark(master, "store", "--memories", shards.toString(),
          "--beta", "2", "--dim", "1024", "--seed", "4", "--out",
          dir.resolve(tag + ".dam").toString()));
      assertEquals(0, r.code(), r.err());
      r = TestData.dam(spark(master, "energy", "--memories", shards.toString(), "--queries",
          queries.toString(), "--beta", "2", "--out", dir.resolve(tag + "-e.npy").toString()));
      assertEquals(0, r.code(), r.err());
      r = TestData.dam(spark(master, "retrieve", "--store", dir.resolve(tag + ".dam").toString(),
          "--queries", qs.toString(), "--steps", "5", "--eta", "0.1", "--out",
          dir.resolve(tag + "-r").toString()));
      assertEquals(0, r.code(), r.err());
    }
    assertArrayEquals(Files.readAllBytes(dir.resolve("local.dam")),
        Files.readAllBytes(dir.resolve("cluster.dam")), "T from the cluster = T from local[2]");
    assertTrue(TestData.relErr(TestData.read(dir.resolve("cluster-e.npy")),
        TestData.read(dir.resolve("local-e.npy"))) < 1e-6);
    assertTrue(TestData.relErr(TestData.read(dir.resolve("cluster-r/a.npy")),
        TestData.read(dir.resolve("local-r/a.npy"))) < 1e-6);
    List<ProcessHandle> executors = cluster.executors();
    assertFalse(executors.isEmpty(), "the worker runs an executor JVM");
    String cmd = executors.get(0).info().commandLine().orElse("");
    assertTrue(cmd.contains("--add-modules=jdk.incubator.vector"), cmd);
    assertTrue(cmd.contains("--hostname 127.0.0.1"), cmd);
    assertTrue(cmd.contains("@127.0.0.1:"), "the driver is on the loopback interface: " + cmd);

    // A fold whose executor is killed as soon as a task starts: Spark loses the running tasks,
    // the worker starts a new executor, the tasks run again, and T is the same bit for bit. The
    // fold runs in the application of the commands above (same master: the same session), on
    // the executor they started.
    SparkSession onCluster = SparkSupport.session(SparkSupport.conf(cluster.masterUrl, false));
    assertEquals(cluster.masterUrl, onCluster.sparkContext().master());
    AtomicInteger killed = new AtomicInteger();
    AtomicLong lost = new AtomicLong();
    StandaloneCluster running = cluster;
    onCluster.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskStart(SparkListenerTaskStart e) {
        if (killed.get() == 0) {
          for (ProcessHandle p : running.executors()) {
            p.destroyForcibly();
            killed.incrementAndGet();
          }
        }
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (!e.reason().toString().equals("Success")) {
          lost.incrementAndGet();
        }
      }
    });
    JavaRDD<double[]> rows = JavaSparkContext.fromSparkContext(onCluster.sparkContext())
        .parallelize(SparkDamTest.rows(big, D), 4);
    SparkDam.Folded got = SparkDam.fold(rows, spec, "jvm");
    assertEquals(1, killed.get(), "one executor JVM was killed mid-job");
    assertTrue(lost.get() > 0, "tasks were lost with the executor and run again");
    assertEquals(24000, got.count());
    assertArrayEquals(want.t(), got.t(), "same T as local[2], bit for bit");
  }
}
