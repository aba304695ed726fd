package org.denseam.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.denseam.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public API on every backend available here, against the reference backend. Tolerances: 0
 * for the reference itself, relative error ≤ 1e-4 (max-norm over the batch) for float32 backends.
 */
class ApiTest {
  static final int K = 30, D = 32, B = 5, Y = 8192;
  static final double BETA = 40;
  final double[] pats = TestData.binary(K, D, 1);
  final double[] queries = noisy(pats, B, 2);

  static Stream<String> availableBackends() {
    return DenseAM.backends().stream().filter(BackendInfo::available).map(BackendInfo::name);
  }

  @ParameterizedTest
  @MethodSource("availableBackends")
  void everyBackendAgreesWithTheReference(String name) {
    try (Engine ref = DenseAM.open("reference"); Engine e = DenseAM.open(name)) {
      double tol = e.singlePrecision() ? 1e-4 : 0;
      Vectors p = Vectors.of(pats, K, D);
      Vectors q = Vectors.of(queries, B, D);
      Memory[] mine = {e.exactMemory(p, BETA), e.featureMemory(p, BETA, "sincos", Y, 3)};
      Memory[] refs = {ref.exactMemory(p, BETA), ref.featureMemory(p, BETA, "sincos", Y, 3)};
      for (int m = 0; m < 2; m++) {
        assertClose(refs[m].energy(q), mine[m].energy(q), tol, name + " energy " + m);
        assertClose(refs[m].gradient(q).toArray(), mine[m].gradient(q).toArray(), tol,
            name + " gradient " + m);
        RetrieveOptions o = RetrieveOptions.steps(30).eta(0.5);
        Retrieval rr = refs[m].retrieve(q, o);
        Retrieval rm = mine[m].retrieve(q, o);
        assertClose(rr.states().toArray(), rm.states().toArray(), 10 * tol, name + " retrieval " + m);
        for (int b = 0; b < B; b++) {
          assertArrayEquals(binarise(pats, b), binarise(rm.states().toArray(), b), name + " recall");
        }
      }
    }
  }

  @Test
  void featureStoreAddsRemovesSavesAndLoads(@TempDir Path dir) throws Exception {
    try (Engine e = DenseAM.open("jvm")) {
      FeatureStore s = e.featureMemory(D, BETA, "sincos", Y, 9);
      s.add(Vectors.of(pats, K, D));
      double[] before = s.energy(Vectors.of(queries, B, D));
      s.add(Vectors.of(TestData.binary(1, D, 5), 1, D));
      s.remove(Vectors.of(TestData.binary(1, D, 5), 1, D));
      assertEquals(K, s.count());
      assertClose(before, s.energy(Vectors.of(queries, B, D)), 1e-5, "after add+remove");
      Path f = dir.resolve("t.dam");
      s.save(f);
      FeatureStore loaded = e.loadFeatureMemory(f);
      assertEquals(Y, loaded.y());
      assertArrayEquals(s.energy(Vectors.of(queries, B, D)), loaded.energy(Vectors.of(queries, B, D)));
    }
  }

  @Test
  void sparseMemoryRetrievesWithSparseWeights() {
    try (Engine e = DenseAM.open("jvm")) {
      SparseStore s = e.sparseMemory(Vectors.of(pats, K, D), 40, 2);
      Vectors q = Vectors.of(queries, B, D);
      Vectors p = s.weights(q);
      assertEquals(K, p.dim());
      for (int b = 0; b < B; b++) {
        double sum = 0;
        int support = 0;
        for (int i = 0; i < K; i++) {
          sum += p.get(b, i);
          support += p.get(b, i) > 0 ? 1 : 0;
        }
        assertEquals(1, sum, 1e-12);
        assertTrue(support < K, "sparsemax weights are sparse");
      }
      Retrieval plain = s.retrieve(q, RetrieveOptions.steps(20));
      Retrieval traced = s.retrieve(q, RetrieveOptions.steps(20).trace(true));
      assertArrayEquals(plain.states().toArray(), traced.states().toArray(), 1e-12);
      for (int t = 1; t < traced.trace().size(); t++) {
        for (int b = 0; b < B; b++) {
          double now = traced.trace().get(t)[b], before = traced.trace().get(t - 1)[b];
          assertTrue(Double.isNaN(now) || now <= before + 1e-12, "energy rose");
        }
      }
      // The gradient vanishes at the retrieved fixed points.
      double[] g = s.gradient(plain.states()).toArray();
      for (double v : g) {
        assertEquals(0, v, 1e-9);
      }
      assertThrows(IllegalArgumentException.class,
          () -> s.retrieve(q, RetrieveOptions.steps(2).clamp(new boolean[D])));
    }
  }

  @Test
  void retrievalHonoursClampToleranceAndTrace() {
    try (Engine e = DenseAM.open("reference")) {
      Memory m = e.exactMemory(Vectors.of(pats, K, D), BETA);
      boolean[] mask = new boolean[D];
      mask[2] = true;
      Retrieval r = m.retrieve(Vectors.of(queries, B, D),
          RetrieveOptions.steps(500).eta(0.5).tol(1e-10).clamp(mask).trace(true));
      for (int b = 0; b < B; b++) {
        assertEquals(queries[b * D + 2], r.states().get(b, 2), 0.0);
        assertTrue(r.steps()[b] < 500);
      }
      assertEquals(1 + java.util.Arrays.stream(r.steps()).max().orElseThrow(), r.trace().size());
    }
  }

  @Test
  void discoveryListsProvidersAndFastestIsReported() {
    List<BackendInfo> all = DenseAM.backends();
    assertEquals("reference", all.get(0).name());
    assertEquals("jvm", all.get(1).name());
    BackendInfo fake = all.stream().filter(b -> b.name().equals("test-unavailable")).findFirst()
        .orElseThrow(() -> new AssertionError("ServiceLoader provider not discovered"));
    assertTrue(!fake.available() && fake.reason().contains("imaginary"));
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> DenseAM.open("test-unavailable"));
    assertTrue(ex.getMessage().contains("imaginary"), ex.getMessage());
    try (Engine e = DenseAM.openFastest()) {
      assertNotEquals("test-unavailable", e.backend());
      assertEquals("jvm", e.backend());
      assertTrue(e.selection().contains("fastest") && e.selection().contains("test-unavailable"));
      assertTrue(!e.devices().isEmpty());
    }
    assertThrows(IllegalArgumentException.class, () -> DenseAM.open("cuda9000"));
  }

  @Test
  void badInputsAndClosedEnginesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> Vectors.of(new double[5], 2, 3));
    assertThrows(IllegalArgumentException.class, () -> Vectors.of(new float[] {Float.NaN}, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> RetrieveOptions.steps(-1));
    Engine e = DenseAM.open("jvm");
    Memory m = e.exactMemory(Vectors.of(pats, K, D), BETA);
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> m.energy(Vectors.of(new double[D + 1], 1, D + 1)));
    assertTrue(ex.getMessage().contains("dimension"));
    assertThrows(IllegalArgumentException.class, () -> e.exactMemory(Vectors.of(pats, K, D), 0));
    e.close();
    assertThrows(IllegalStateException.class, () -> m.energy(Vectors.of(queries, B, D)));
  }

  static double[] noisy(double[] pats, int b, long seed) {
    double[] noise = TestData.uniform(b * D, -0.05, 0.05, seed);
    for (int i = 0; i < noise.length; i++) {
      noise[i] += pats[i];
    }
    return noise;
  }

  static boolean[] binarise(double[] x, int row) {
    boolean[] out = new boolean[D];
    for (int i = 0; i < D; i++) {
      out[i] = x[row * D + i] > 0.5 / Math.sqrt(D);
    }
    return out;
  }

  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    double err = TestData.relMaxError(actual, expected);
    assertTrue(err <= tol, what + ": relative error " + err + " > " + tol);
  }

  /** toString summarises a retrieval (counts, dimensions, values) instead of array identities. */
  @Test
  void retrievalToStringIsReadable() {
    Retrieval r = new Retrieval(Vectors.of(new float[3 * 784], 3, 784),
        new double[] {-1.5, -2.25, -0.5}, new int[] {10, 10, 7},
        List.of(new double[3], new double[3]));
    assertEquals("Retrieval[states=Vectors[3 x 784, float32], steps=[10, 10, 7], energy=[-1.5,"
        + " -2.25, -0.5] (min -2.25, max -0.5), trace=2 rows]", r.toString());
    Retrieval many = new Retrieval(Vectors.of(new double[6 * 2], 6, 2),
        new double[] {1, 2, 3, 4, 5, 0}, new int[] {1, 2, 3, 4, 5, 6}, List.of());
    assertEquals("Retrieval[states=Vectors[6 x 2, float64], steps=[1, 2, 3, 4, ... (6)],"
        + " energy=[1.0, 2.0, 3.0, 4.0, ... (6)] (min 0.0, max 5.0), trace=none]", many.toString());
  }
}
