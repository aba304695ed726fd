package org.denseam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.denseam.cli.OutputPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dam spark}: the output policy of the single-process commands (no output is, or is
 * inside, an input; no special file is replaced), every form of {@code --master} (accepted, or
 * one line naming it, within a bounded time), and the messages of bad Parquet rows.
 */
class SparkPolicyTest {
  static final int D = 6;
  static final int K = 90;
  static final int B = 5;
  @TempDir static Path dir;
  static Path shards;
  static Path queries;
  static Path queryShards;
  static Path store;

  @BeforeAll
  static void data() throws IOException {
    shards = TestData.shards(dir.resolve("sh"), TestData.gaussian(1, K, D, 0.4), D, 3);
    double[] q = TestData.gaussian(2, B, D, 0.4);
    queries = dir.resolve("q.npy");
    TestData.npy(queries, q, D, 0, B);
    queryShards = Files.createDirectories(dir.resolve("qd"));
    TestData.npy(queryShards.resolve("first.npy"), q, D, 0, 2);
    TestData.npy(queryShards.resolve("second.npy"), q, D, 2, B);
    store = dir.resolve("t.dam");
    assertEquals(0, TestData.dam("store", "--memories", shards.resolve("part-0.npy").toString(),
        "--beta", "2", "--dim", "64", "--out", store.toString()).code());
  }

  static String[] spark(String master, String... args) {
    List<String> a = new ArrayList<>(List.of("spark", args[0], "--master", master,
        "--no-progress"));
    a.addAll(List.of(args).subList(1, args.length));
    return a.toArray(new String[0]);
  }

  /** Runs dam spark; checks exit 2, one error line and no trace; returns the line. */
  static String fails(String... args) throws IOException {
    TestData.Run r = TestData.dam(args);
    String cmd = String.join(" ", args);
    assertEquals(2, r.code(), cmd + "\n" + r.err());
    List<String> lines = r.err().strip().lines().toList();
    assertEquals(1, lines.size(), cmd + ": one line expected, got\n" + r.err());
    assertTrue(lines.get(0).startsWith("dam: error: "), r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    try (Stream<Path> s = Files.walk(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")),
          cmd + " left a temporary file");
    }
    return lines.get(0);
  }

  static byte[] bytes(Path dirOrFile) throws IOException {
    if (!Files.isDirectory(dirOrFile)) {
      return Files.readAllBytes(dirOrFile);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dirOrFile)) {
      files = s.sorted().toList();
    }
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (Path f : files) {
      all.writeBytes(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      all.writeBytes(Files.readAllBytes(f));
    }
    return all.toByteArray();
  }

  @Test
  void noOutputIsOrIsInsideAnInput() throws IOException {
    byte[] mem = bytes(shards);
    byte[] qs = bytes(queryShards);
    String m = "local[2]";
    String msg = fails(spark(m, "energy", "--memories", shards.toString(), "--queries",
        queries.toString(), "--beta", "1", "--out", shards.resolve("part-0.npy").toString()));
    assertTrue(msg.contains("--out " + shards.resolve("part-0.npy") + " is inside --memories "
        + shards + ": it would overwrite the input"), msg);
    msg = fails(spark(m, "grad", "--memories", shards.toString(), "--queries",
        queries.toString(), "--beta", "1", "--out", shards.resolve("new.npy").toString()));
    assertTrue(msg.contains("is inside --memories"), msg);
    msg = fails(spark(m, "energy", "--memories", shards.toString(), "--queries",
        queries.toString(), "--beta", "1", "--out", dir.resolve("sh/../q.npy").toString()));
    assertTrue(msg.contains("is the same file as --queries"), msg);
    msg = fails(spark(m, "store", "--memories", shards.toString(), "--beta", "1", "--dim", "64",
        "--out", shards.resolve("T.dam").toString()));
    assertTrue(msg.contains("is inside --memories"), msg);
    msg = fails(spark(m, "retrieve", "--store", store.toString(), "--queries",
        queryShards.toString(), "--steps", "3", "--eta", "0.1", "--out",
        queryShards.toString()));
    assertTrue(msg.contains("--out " + queryShards + " is the same directory as --queries "
        + queryShards + ": it would overwrite the input"), msg);
    msg = fails(spark(m, "retrieve", "--store", store.toString(), "--queries",
        queryShards.toString(), "--steps", "3", "--eta", "0.1", "--out",
        queryShards.resolve("out").toString()));
    assertTrue(msg.contains("is inside --queries"), msg);
    msg = fails(spark(m, "retrieve", "--memories", shards.toString(), "--beta", "1",
        "--queries", queryShards.toString(), "--steps", "3", "--eta", "0.1", "--out",
        shards.toString()));
    assertTrue(msg.contains("is the same directory as --memories"), msg);
    // One query file in the output directory: the result would be written over it.
    msg = fails(spark(m, "retrieve", "--store", store.toString(), "--queries",
        queryShards.resolve("first.npy").toString(), "--steps", "3", "--eta", "0.1", "--out",
        queryShards.toString()));
    assertTrue(msg.contains("--out " + queryShards.resolve("first.npy")
        + " is the same file as --queries"), msg);
    // Through a link to the directory.
    Path link = dir.resolve("qd-link");
    Files.createSymbolicLink(link, queryShards);
    msg = fails(spark(m, "retrieve", "--store", store.toString(), "--queries",
        queryShards.toString(), "--steps", "3", "--eta", "0.1", "--out", link.toString()));
    assertTrue(msg.contains("is the same directory as --queries"), msg);
    assertArrayEquals(mem, bytes(shards), "a memory shard changed");
    assertArrayEquals(qs, bytes(queryShards), "a query shard changed");
  }

  @Test
  void specialFilesAreRefusedNotReplaced() throws Exception {
    Path fifo = dir.resolve("fifo");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "no mkfifo");
    Path devNull = dir.resolve("null-link");
    Files.createSymbolicLink(devNull, Path.of("/dev/null"));
    for (Path out : List.of(fifo, devNull)) {
      String kind = out == fifo ? "is a FIFO" : "is a character device";
      String msg = fails(spark("local[2]", "energy", "--memories", shards.toString(),
          "--queries", queries.toString(), "--beta", "1", "--out", out.toString()));
      assertTrue(msg.contains(kind), msg);
      msg = fails(spark("local[2]", "store", "--memories", shards.toString(), "--beta", "1",
          "--dim", "64", "--out", out.toString()));
      assertTrue(msg.contains(kind), msg);
      msg = fails(spark("local[2]", "retrieve", "--store", store.toString(), "--queries",
          queryShards.toString(), "--steps", "1", "--eta", "0.1", "--out", out.toString()));
      assertTrue(msg.contains(kind), msg);
    }
    assertTrue(Files.isSymbolicLink(devNull));
    // A FIFO where retrieve would write one of its shards.
    Path out = Files.createDirectories(dir.resolve("r-out"));
    Files.move(fifo, out.resolve("first.npy"));
    String msg = fails(spark("local[2]", "retrieve", "--store", store.toString(), "--queries",
        queryShards.toString(), "--steps", "1", "--eta", "0.1", "--out", out.toString()));
    assertTrue(msg.contains(out.resolve("first.npy") + " is a FIFO"), msg);
  }

  @Test
  void everyMasterFormIsAcceptedOrNamedInOneLine() throws IOException {
    Path out = dir.resolve("m-e.npy");
    for (String bad : List.of("local[0]", "local[-1]", "local[x]", "local[2,0]", "yarn",
        "k8s://https://x:443", "mesos://h:5050", "garbage", "local-cluster[2,1,512]",
        "spark://", "spark://127.0.0.1", "spark://127.0.0.1:0", "spark://h:99999",
        "bad\nmaster")) {
      long t0 = System.nanoTime();
      String msg = fails(spark(bad, "energy", "--memories", shards.toString(), "--queries",
          queries.toString(), "--beta", "1", "--out", out.toString()));
      assertTrue((System.nanoTime() - t0) / 1e9 < 15, bad + " took too long");
      assertTrue(msg.contains("--master " + OutputPolicy.show(bad) + " "), msg);
      assertTrue(msg.contains("use local, local[N] (N >= 1 threads), local[*] or"
          + " spark://HOST:PORT"), msg);
      assertFalse(Files.exists(out));
    }
    // Nothing listening: a bounded time, one line naming the master.
    for (String master : List.of("spark://127.0.0.1:1", "spark://127.0.0.1:1,127.0.0.1:2")) {
      long t0 = System.nanoTime();
      String msg = fails(spark(master, "store", "--memories", shards.toString(), "--beta", "1",
          "--dim", "64", "--out", dir.resolve("m.dam").toString()));
      double s = (System.nanoTime() - t0) / 1e9;
      assertTrue(s < 15, master + ": " + s + " s");
      assertEquals("dam: error: cannot reach the Spark master " + master
          + " (connection refused): start it (scripts/spark-local-cluster starts one on this"
          + " machine) or use --master local[*]", msg);
      assertFalse(Files.exists(dir.resolve("m.dam")));
    }
    // The forms that run.
    for (String good : List.of("local", "local[1]", "local[*]", "local[2,3]", "local[2]")) {
      TestData.Run r = TestData.dam(spark(good, "energy", "--memories", shards.toString(),
          "--queries", queries.toString(), "--beta", "1", "--out", out.toString()));
      assertEquals(0, r.code(), good + ": " + r.err());
      assertTrue(r.err().contains("from 3 shards"), r.err());
    }
  }

  @Test
  void summariesSayOneShardAndOneQuery() throws IOException {
    Path one = Files.createDirectories(dir.resolve("one-q"));
    TestData.npy(one.resolve("only.npy"), TestData.gaussian(3, 1, D, 0.4), D, 0, 1);
    TestData.Run r = TestData.dam(spark("local[2]", "retrieve", "--store", store.toString(),
        "--queries", one.toString(), "--steps", "1", "--eta", "0.1", "--out",
        dir.resolve("one-out").toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("1 query from 1 shard, 1 step against"), r.err());
    r = TestData.dam(spark("local[2]", "store", "--memories", shards.resolve("part-1.npy")
        .toString(), "--beta", "1", "--dim", "64", "--partition-rows", "1000", "--out",
        dir.resolve("one.dam").toString()));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("from 1 shard in 1 partition into"), r.err());
  }

  @Test
  void similarityIsRefusedWithAStore() throws IOException {
    String msg = fails(spark("local[2]", "retrieve", "--store", store.toString(), "--queries",
        queryShards.toString(), "--similarity", "dot", "--steps", "1", "--eta", "0.1", "--out",
        dir.resolve("sim-out").toString()));
    assertTrue(msg.contains("--similarity dot applies to exact MrDAM"), msg);
    assertFalse(Files.exists(dir.resolve("sim-out")));
  }

  @Test
  void aParquetRowOfAnotherDimensionNamesItsFile() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < 20; r++) {
      Float[] v = new Float[r == 13 ? D - 1 : D];
      for (int i = 0; i < v.length; i++) {
        v[i] = 0.1f * ((r + i) % 5);
      }
      rows.add(RowFactory.create(r, v));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("emb", DataTypes.createArrayType(DataTypes.FloatType));
    Dataset<Row> df = TestData.local().createDataFrame(rows, schema).coalesce(1);
    Path pq = dir.resolve("ragged.parquet");
    df.write().parquet(pq.toString());
    String part;
    try (Stream<Path> s = Files.list(pq)) {
      part = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet"))
          .findFirst().orElseThrow();
    }
    Path out = dir.resolve("ragged.npy");
    for (String[] cmd : List.of(
        spark("local[2]", "energy", "--memories", pq.toString(), "--column", "emb", "--queries",
            queries.toString(), "--beta", "1", "--out", out.toString()),
        spark("local[2]", "store", "--memories", pq.toString(), "--column", "emb", "--beta", "1",
            "--dim", "64", "--out", out.toString()),
        spark("local[2]", "retrieve", "--store", store.toString(), "--queries", pq.toString(),
            "--column", "emb", "--steps", "1", "--eta", "0.1", "--out",
            dir.resolve("ragged-out").toString()))) {
      TestData.Run r = TestData.dam(cmd);
      assertEquals(2, r.code(), r.err());
      List<String> lines = r.err().lines().filter(l -> l.startsWith("dam: error:")).toList();
      assertEquals(1, lines.size(), r.err());
      assertTrue(lines.get(0).contains(part) && lines.get(0).contains(
          "holds a vector of dimension " + (D - 1) + ", expected D = " + D), lines.get(0));
      assertFalse(Files.exists(out));
      assertFalse(Files.exists(dir.resolve("ragged-out")));
    }
  }
}
