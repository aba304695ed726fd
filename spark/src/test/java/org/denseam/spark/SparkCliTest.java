package org.denseam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dam spark ...} on local[2] against the single-process commands, and its errors. */
class SparkCliTest {
  static final int D = 10;
  static final int K = 2000;
  static final int B = 12;
  @TempDir static Path dir;
  static Path shards;
  static Path all;
  static Path queries;
  static Path queryShards;

  @BeforeAll
  static void data() throws IOException {
    double[] mem = TestData.gaussian(11, K, D, 0.4);
    double[] q = TestData.gaussian(12, B, D, 0.4);
    shards = TestData.shards(dir.resolve("mem"), mem, D, 4);
    all = dir.resolve("all.npy");
    TestData.npy(all, mem, D, 0, K);
    queries = dir.resolve("q.npy");
    TestData.npy(queries, q, D, 0, B);
    queryShards = dir.resolve("qs");
    Files.createDirectories(queryShards);
    TestData.npy(queryShards.resolve("first.npy"), q, D, 0, 5);
    TestData.npy(queryShards.resolve("second.npy"), q, D, 5, B);
  }

  static TestData.Run ok(String... args) {
    TestData.Run r = TestData.dam(args);
    assertEquals(0, r.code(), () -> String.join(" ", args) + "\n" + r.err());
    return r;
  }

  static String[] spark(String... args) {
    List<String> a = new ArrayList<>(List.of("spark", args[0], "--master", "local[2]",
        "--no-progress"));
    a.addAll(List.of(args).subList(1, args.length));
    return a.toArray(new String[0]);
  }

  @Test
  void storeMatchesDamStoreAndIsBitIdenticalWhenRepeated() throws IOException {
    Path t1 = dir.resolve("t1.dam");
    Path t2 = dir.resolve("t2.dam");
    Path t0 = dir.resolve("t0.dam");
    TestData.Run r = ok(spark("store", "--memories", shards.toString(), "--beta", "2", "--dim",
        "2048", "--seed", "5", "--out", t1.toString()));
    assertTrue(r.err().contains("folded K = " + K + " memories (D = " + D + ") from 4 shards"),
        r.err());
    ok(spark("store", "--memories", shards.toString(), "--beta", "2", "--dim", "2048", "--seed",
        "5", "--out", t2.toString()));
    assertArrayEquals(Files.readAllBytes(t1), Files.readAllBytes(t2), "re-running: same T.dam");
    ok("store", "--memories", all.toString(), "--beta", "2", "--dim", "2048", "--seed", "5",
        "--out", t0.toString());
    Path e1 = dir.resolve("e1.npy");
    Path e0 = dir.resolve("e0.npy");
    ok("energy", "--store", t1.toString(), "--queries", queries.toString(), "--out", e1.toString());
    ok("energy", "--store", t0.toString(), "--queries", queries.toString(), "--out", e0.toString());
    double err = TestData.relErr(TestData.read(e1), TestData.read(e0));
    assertTrue(err < 1e-5, "energy error " + err);
  }

  @Test
  void energyAndGradMatchTheExactSingleProcessPath() throws IOException {
    for (String cmd : List.of("energy", "grad")) {
      for (String backend : List.of("reference", "jvm")) {
        Path s = dir.resolve("s-" + cmd + backend + ".npy");
        Path o = dir.resolve("o-" + cmd + backend + ".npy");
        ok(spark(cmd, "--backend", backend, "--memories", shards.toString(), "--queries",
            queries.toString(), "--beta", "4", "--out", s.toString()));
        ok(cmd, "--backend", backend, "--memories", all.toString(), "--queries",
            queries.toString(), "--beta", "4", "--out", o.toString());
        double err = TestData.relErr(TestData.read(s), TestData.read(o));
        assertTrue(err < (backend.equals("reference") ? 1e-6 : 1e-4), cmd + " " + backend + " " + err);
        assertEquals(Files.size(o), Files.size(s), "same dtype and shape");
      }
    }
  }

  @Test
  void retrieveWritesOneShardPerInputShardEqualToDamRetrieve() throws IOException {
    Path t = dir.resolve("r.dam");
    ok("store", "--memories", all.toString(), "--beta", "4", "--dim", "4096", "--out",
        t.toString());
    Path one = dir.resolve("r-one.npy");
    ok("retrieve", "--store", t.toString(), "--queries", queries.toString(), "--steps", "10",
        "--eta", "0.2", "--out", one.toString());
    Path out = dir.resolve("r-out");
    ok(spark("retrieve", "--store", t.toString(), "--queries", queryShards.toString(), "--steps",
        "10", "--eta", "0.2", "--partition-rows", "3", "--out", out.toString()));
    assertEquals(List.of("first.npy", "second.npy"), names(out));
    assertTrue(TestData.relErr(concat(out), TestData.read(one)) < 1e-4);

    Path oneExact = dir.resolve("r-one-exact.npy");
    ok("retrieve", "--memories", all.toString(), "--beta", "4", "--queries", queries.toString(),
        "--steps", "8", "--eta", "0.2", "--tol", "1e-9", "--out", oneExact.toString());
    Path outExact = dir.resolve("r-out-exact");
    ok(spark("retrieve", "--memories", shards.toString(), "--beta", "4", "--queries",
        queryShards.toString(), "--steps", "8", "--eta", "0.2", "--tol", "1e-9", "--out",
        outExact.toString()));
    assertEquals(List.of("first.npy", "second.npy"), names(outExact));
    assertTrue(TestData.relErr(concat(outExact), TestData.read(oneExact)) < 1e-4);

    // A clamp mask keeps the marked coordinates, in both paths, as 'dam retrieve --clamp' does.
    Path mask = dir.resolve("mask.npy");
    double[] m = new double[D];
    m[0] = 1;
    m[3] = 1;
    TestData.npy(mask, m, D, 0, 1);
    Path oneClamp = dir.resolve("r-one-clamp.npy");
    ok("retrieve", "--store", t.toString(), "--queries", queries.toString(), "--steps", "10",
        "--eta", "0.2", "--clamp", mask.toString(), "--out", oneClamp.toString());
    Path outClamp = dir.resolve("r-out-clamp");
    ok(spark("retrieve", "--store", t.toString(), "--queries", queryShards.toString(), "--steps",
        "10", "--eta", "0.2", "--clamp", mask.toString(), "--out", outClamp.toString()));
    double[] clamped = concat(outClamp);
    assertTrue(TestData.relErr(clamped, TestData.read(oneClamp)) < 1e-4);
    double[] q0 = TestData.read(queries);
    for (int r = 0; r < B; r++) {
      assertEquals((float) q0[r * D + 3], (float) clamped[r * D + 3]);
    }
  }

  @Test
  void parquetWithAnArrayColumn() throws IOException {
    // The same memories as a Parquet dataset of two files with an array<float> column.
    double[] mem = TestData.gaussian(11, K, D, 0.4);
    List<Row> rows = new ArrayList<>();
    for (int r = 0; r < K; r++) {
      float[] v = new float[D];
      for (int i = 0; i < D; i++) {
        v[i] = (float) mem[r * D + i];
      }
      Float[] boxed = new Float[D];
      for (int i = 0; i < D; i++) {
        boxed[i] = v[i];
      }
      rows.add(RowFactory.create(r, boxed));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("emb", DataTypes.createArrayType(DataTypes.FloatType));
    Dataset<Row> df = TestData.local().createDataFrame(rows, schema).coalesce(2);
    Path pq = dir.resolve("mem.parquet");
    df.write().parquet(pq.toString());
    Path e1 = dir.resolve("pq-e.npy");
    Path e0 = dir.resolve("pq-e0.npy");
    ok(spark("energy", "--backend", "reference", "--memories", pq.toString(), "--column", "emb",
        "--queries", queries.toString(), "--beta", "4", "--out", e1.toString()));
    ok("energy", "--backend", "reference", "--memories", all.toString(), "--queries",
        queries.toString(), "--beta", "4", "--out", e0.toString());
    assertTrue(TestData.relErr(TestData.read(e1), TestData.read(e0)) < 1e-6);

    // Retrieval of Parquet queries: one NPY per Parquet file, named after it.
    Path t = dir.resolve("pq.dam");
    ok(spark("store", "--memories", pq.toString(), "--column", "emb", "--beta", "4", "--dim",
        "1024", "--out", t.toString()));
    Path out = dir.resolve("pq-out");
    ok(spark("retrieve", "--store", t.toString(), "--queries", pq.toString(), "--column", "emb",
        "--steps", "2", "--eta", "0.1", "--out", out.toString()));
    List<String> parquetFiles;
    try (Stream<Path> s = Files.list(pq)) {
      parquetFiles = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet"))
          .map(n -> n.substring(0, n.length() - 8) + ".npy").sorted().toList();
    }
    assertEquals(parquetFiles, names(out));
    assertEquals(K * D, concat(out).length);

    TestData.Run noColumn = TestData.dam(spark("store", "--memories", pq.toString(), "--beta",
        "4", "--dim", "64", "--out", dir.resolve("x.dam").toString()));
    assertEquals(2, noColumn.code());
    assertTrue(noColumn.err().contains("--column"), noColumn.err());
    TestData.Run badColumn = TestData.dam(spark("store", "--memories", pq.toString(),
        "--column", "id", "--beta", "4", "--dim", "64", "--out", dir.resolve("x.dam").toString()));
    assertEquals(2, badColumn.code());
    assertTrue(badColumn.err().contains("column 'id' has type int"), badColumn.err());
    assertFalse(Files.exists(dir.resolve("x.dam")));
  }

  @Test
  void aBadShardFailsTheJobNamingItAndWritesNothing() throws IOException {
    double[] mem = TestData.gaussian(21, 400, D, 0.4);
    // Truncated: the header promises more rows than the file holds.
    Path truncated = TestData.shards(dir.resolve("bad-trunc"), mem, D, 3);
    Path victim = truncated.resolve("part-1.npy");
    byte[] b = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(b, b.length - 7));
    // Another D.
    Path otherD = TestData.shards(dir.resolve("bad-dim"), mem, D, 3);
    TestData.npy(otherD.resolve("part-2.npy"), TestData.gaussian(3, 20, D + 1, 1), D + 1, 0, 20);
    // Unreadable: the shard is not a regular file.
    Path unreadable = TestData.shards(dir.resolve("bad-unreadable"), mem, D, 3);
    Files.delete(unreadable.resolve("part-0.npy"));
    Files.createDirectory(unreadable.resolve("part-0.npy"));
    // NaN inside the data: found by the executor that reads it, reported by the driver.
    Path nan = TestData.shards(dir.resolve("bad-nan"), mem, D, 3);
    double[] withNan = mem.clone();
    withNan[150 * D + 3] = Double.NaN;
    TestData.npy(nan.resolve("part-1.npy"), withNan, D, 133, 266);

    record Case(Path dir, String shard, String says) {}
    for (Case c : List.of(new Case(truncated, "part-1.npy", "truncated"),
        new Case(otherD, "part-2.npy", "has D = " + (D + 1)),
        new Case(unreadable, "part-0.npy", "cannot be read"),
        new Case(nan, "part-1.npy", "NaN at row 17"))) {
      for (String[] cmd : List.of(
          spark("store", "--memories", c.dir().toString(), "--beta", "2", "--dim", "64", "--out",
              dir.resolve("fail.dam").toString()),
          spark("energy", "--memories", c.dir().toString(), "--queries", queries.toString(),
              "--beta", "2", "--out", dir.resolve("fail.npy").toString()),
          spark("retrieve", "--memories", c.dir().toString(), "--beta", "2", "--queries",
              queryShards.toString(), "--steps", "2", "--eta", "0.1", "--out",
              dir.resolve("fail-dir").toString()))) {
        TestData.Run r = TestData.dam(cmd);
        String what = String.join(" ", cmd);
        assertEquals(2, r.code(), what + "\n" + r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("dam: error:")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(c.dir().resolve(c.shard()).toString()), lines.get(0));
        assertTrue(lines.get(0).contains(c.says()), lines.get(0));
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
      }
      assertFalse(Files.exists(dir.resolve("fail.dam")));
      assertFalse(Files.exists(dir.resolve("fail.npy")));
      assertFalse(Files.exists(dir.resolve("fail-dir")));
      try (Stream<Path> s = Files.list(dir)) {
        assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")),
            "no temporary output left behind");
      }
    }
    // The retrieve output directory is not created when the queries are bad either.
    Path badQueries = TestData.shards(dir.resolve("bad-q"), mem, D, 2);
    Files.write(badQueries.resolve("part-1.npy"), new byte[] {1, 2, 3});
    Path t = dir.resolve("r2.dam");
    ok("store", "--memories", all.toString(), "--beta", "4", "--dim", "256", "--out",
        t.toString());
    TestData.Run r = TestData.dam(spark("retrieve", "--store", t.toString(), "--queries",
        badQueries.toString(), "--steps", "2", "--eta", "0.1", "--out",
        dir.resolve("fail-dir").toString()));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("queries shard " + badQueries.resolve("part-1.npy")), r.err());
    assertFalse(Files.exists(dir.resolve("fail-dir")));
  }

  @Test
  void argumentErrorsAreThoseOfTheSingleProcessCommands() {
    TestData.Run r = TestData.dam(spark("energy", "--memories", shards.toString(), "--queries",
        queries.toString(), "--beta", "-1", "--out", dir.resolve("n.npy").toString()));
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("dam: error: beta must be finite and > 0"), r.err());
    Path wrongD = dir.resolve("q3.npy");
    try {
      TestData.npy(wrongD, new double[] {1, 2, 3}, 3, 0, 1);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    r = TestData.dam(spark("grad", "--memories", shards.toString(), "--queries",
        wrongD.toString(), "--beta", "1", "--out", dir.resolve("n.npy").toString()));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("queries have 3 columns but the memory has D = " + D), r.err());
    r = TestData.dam(spark("retrieve", "--queries", queryShards.toString(), "--steps", "1",
        "--eta", "1", "--out", dir.resolve("n").toString()));
    assertEquals(2, r.code());
    assertTrue(r.err().contains("give exactly one of --memories PATH or --store T.dam"), r.err());
    r = TestData.dam(spark("store", "--memories", shards.toString(), "--beta", "1", "--dim",
        "0", "--out", dir.resolve("n.dam").toString()));
    assertEquals(2, r.code());
    assertFalse(Files.exists(dir.resolve("n.npy")));
  }

  static List<String> names(Path out) throws IOException {
    try (Stream<Path> s = Files.list(out)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static double[] concat(Path out) throws IOException {
    List<double[]> parts = new ArrayList<>();
    int n = 0;
    for (String name : names(out)) {
      double[] p = TestData.read(out.resolve(name));
      parts.add(p);
      n += p.length;
    }
    double[] all = new double[n];
    int o = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, all, o, p.length);
      o += p.length;
    }
    return all;
  }

  /** With the Spark module on the class path, {@code dam --help} lists it and help shows it. */
  @Test
  void helpListsSparkAndHelpSparkShowsItsCommands() {
    TestData.Run r = ok("--help");
    assertTrue(r.out().contains("\n  spark "), r.out());
    assertFalse(r.out().contains("./dam puts on the class path"), "the real command, not the stand-in");
    TestData.Run h = ok("help", "spark");
    for (String c : List.of("store", "energy", "grad", "retrieve")) {
      assertTrue(h.out().contains("\n  " + c + " "), h.out());
    }
  }
}
