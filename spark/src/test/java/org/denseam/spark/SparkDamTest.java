package org.denseam.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Memory;
import org.denseam.api.Retrieval;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Vectors;
import org.denseam.backend.Similarity;
import org.junit.jupiter.api.Test;

/** The library API on local[2], checked against the single-process library. */
class SparkDamTest {
  static final int D = 12;
  static final int K = 3000;
  static final int B = 9;
  static final double[] MEM = TestData.gaussian(1, K, D, 0.4);
  static final double[] Q = TestData.gaussian(2, B, D, 0.4);

  static List<double[]> rows(double[] x, int d) {
    List<double[]> rows = new ArrayList<>();
    for (int r = 0; r < x.length / d; r++) {
      rows.add(Arrays.copyOfRange(x, r * d, (r + 1) * d));
    }
    return rows;
  }

  static JavaRDD<double[]> rdd(double[] x, int d, int partitions) {
    SparkSession s = TestData.local();
    return JavaSparkContext.fromSparkContext(s.sparkContext()).parallelize(rows(x, d), partitions);
  }

  @Test
  void foldIsBitIdenticalRunAfterRunAndMatchesOneProcess() {
    FeatureSpec spec = new FeatureSpec(D, 2, "sincos", 2048, 7, "gaussian");
    // 19 partitions: a tree of two levels (fan-in 8) before the driver's last merge.
    SparkDam.Folded a = SparkDam.fold(rdd(MEM, D, 19), spec, "jvm");
    SparkDam.Folded b = SparkDam.fold(rdd(MEM, D, 19), spec, "jvm");
    assertEquals(K, a.count());
    assertEquals(19, a.partitions());
    assertArrayEquals(a.t(), b.t(), "same partitioning, same T, bit for bit");
    try (Engine engine = DenseAM.open("jvm")) {
      FeatureStore one = engine.featureMemory(Vectors.of(MEM, K, D), 2, "sincos", 2048, 7);
      FeatureStore spark = a.store(engine, spec);
      Vectors q = Vectors.of(Q, B, D);
      assertTrue(TestData.relErr(spark.energy(q), one.energy(q)) < 1e-5);
      assertTrue(TestData.relErr(spark.gradient(q).toArray(), one.gradient(q).toArray()) < 1e-4);
      assertEquals(one.spec(), spark.spec());
    }
    SparkDam.Folded other = SparkDam.fold(rdd(MEM, D, 3), spec, "jvm");
    assertTrue(TestData.relErr(other.t(), a.t()) < 1e-5);

    // A Dataset with an array<double> column, in 19 partitions as well: the same T.
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (double[] r : rows(MEM, D)) {
      Double[] boxed = new Double[D];
      for (int i = 0; i < D; i++) {
        boxed[i] = r[i];
      }
      rows.add(org.apache.spark.sql.RowFactory.create((Object) boxed));
    }
    var schema = new org.apache.spark.sql.types.StructType().add("v",
        org.apache.spark.sql.types.DataTypes.createArrayType(
            org.apache.spark.sql.types.DataTypes.DoubleType));
    var ds = TestData.local().createDataFrame(rows, schema).repartition(1).coalesce(1);
    SparkDam.Folded fromDs = SparkDam.fold(ds, "v", spec, "jvm");
    assertEquals(K, fromDs.count());
    assertTrue(TestData.relErr(fromDs.t(), a.t()) < 1e-5);
  }

  @Test
  void exactOverShardsMatchesOneProcess() {
    JavaRDD<double[]> mem = rdd(MEM, D, 5);
    for (Similarity sim : Similarity.values()) {
      for (String backend : List.of("reference", "jvm")) {
        double tol = backend.equals("reference") ? 1e-6 : 1e-4;
        SparkDam.Exact ex = SparkDam.exact(mem, Q, B, 3, sim, true, backend);
        try (Engine engine = DenseAM.open(backend)) {
          Memory one = engine.exactMemory(Vectors.of(MEM, K, D), 3, sim);
          Vectors q = Vectors.of(Q, B, D);
          double e = TestData.relErr(ex.energy(), one.energy(q));
          double g = TestData.relErr(ex.gradient(), one.gradient(q).toArray());
          assertTrue(e < tol, sim + " " + backend + " energy error " + e);
          assertTrue(g < tol, sim + " " + backend + " gradient error " + g);
        }
        assertEquals(K, ex.count());
      }
    }
    SparkDam.Exact energyOnly = SparkDam.exact(mem, Q, B, 3, Similarity.L2, false, "reference");
    assertEquals(null, energyOnly.gradient());
  }

  @Test
  void lseStatesMergeExactlyInAnyGrouping() {
    // Three blocks of memories whose log-sum-exps differ by hundreds: the merge must not overflow.
    double[] x = {0.5, -1};
    double beta = 1;
    double[][] blocks = {{0, 0, 1, 1}, {30, 30}, {-20, 4, 2, 2, 0.5, -1}};
    try (Engine engine = DenseAM.open("reference")) {
      LsePartial all = null;
      List<Double> flat = new ArrayList<>();
      for (double[] blk : blocks) {
        Memory m = engine.exactMemory(Vectors.of(blk, blk.length / 2, 2), beta);
        var eg = m.energyAndGradient(Vectors.of(x, 1, 2));
        LsePartial p = LsePartial.ofBlock(x, eg.energy(), eg.gradient().toArray(), 2, beta, false,
            blk.length / 2);
        all = all == null ? p : all.merge(p);
        for (double v : blk) {
          flat.add(v);
        }
      }
      double[] mem = flat.stream().mapToDouble(Double::doubleValue).toArray();
      Memory one = engine.exactMemory(Vectors.of(mem, mem.length / 2, 2), beta);
      double[] e = all.energy(x, 2, beta, false);
      assertTrue(Double.isFinite(e[0]));
      assertEquals(one.energy(Vectors.of(x, 1, 2))[0], e[0], 1e-9 * Math.abs(e[0]));
      assertArrayEquals(one.gradient(Vectors.of(x, 1, 2)).toArray(), all.gradient(x, 2), 1e-9);
    }
  }

  @Test
  void retrievalMatchesOneProcess() {
    FeatureSpec spec = new FeatureSpec(D, 2, "sincos", 2048, 7, "gaussian");
    RetrieveOptions o = RetrieveOptions.steps(15).eta(0.2).tol(1e-7);
    try (Engine engine = DenseAM.open("jvm")) {
      FeatureStore one = engine.featureMemory(Vectors.of(MEM, K, D), 2, "sincos", 2048, 7);
      Retrieval want = one.retrieve(Vectors.of(Q, B, D), o);
      List<double[]> got = SparkDam.retrieve(rdd(Q, D, 3), spec, one.vector(), one.count(), o,
          "jvm").collect();
      double[] flat = new double[B * D];
      for (int r = 0; r < B; r++) {
        System.arraycopy(got.get(r), 0, flat, r * D, D);
      }
      assertTrue(TestData.relErr(flat, want.states().toArray()) < 1e-4);

      Memory exact = engine.exactMemory(Vectors.of(MEM, K, D), 3);
      Retrieval wantExact = exact.retrieve(Vectors.of(Q, B, D), o);
      SparkDam.Descent d = SparkDam.retrieveExact(rdd(MEM, D, 4), Q, B, 3, Similarity.L2, o, "jvm");
      assertTrue(TestData.relErr(d.states(), wantExact.states().toArray()) < 1e-4);
      assertTrue(TestData.relErr(d.energy(), wantExact.energy()) < 1e-4);
      assertArrayEquals(wantExact.steps(), d.steps());
      assertFalse(Arrays.equals(d.states(), Q), "the queries moved");
    }
  }

  @Test
  void badVectorsFailTheJob() {
    FeatureSpec spec = new FeatureSpec(D + 1, 2, "sincos", 64, 7, "gaussian");
    Exception e = assertThrows(Exception.class, () -> SparkDam.fold(rdd(MEM, D, 2), spec, "jvm"));
    assertTrue(org.denseam.spark.cli.ErrorsAccess.message(e).contains("has dimension " + D),
        org.denseam.spark.cli.ErrorsAccess.message(e));
  }
}
