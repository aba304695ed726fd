package org.denseam.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.denseam.TestData;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.Similarity;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The float32 JVM backend against the float64 reference. Tolerance: relative error ≤ 1e-4,
 * measured over a batch as {@code max|a - r| / max|r|}.
 */
class JvmBackendTest {
  static final double TOL = 1e-4;
  static final JvmBackend JVM = new JvmBackend(2);
  final ReferenceBackend ref = new ReferenceBackend();

  @AfterAll
  static void close() {
    JVM.close();
  }

  @ParameterizedTest
  @EnumSource(Similarity.class)
  void exactEnergyAndGradient(Similarity sim) {
    int k = 500, d = 48, b = 9;
    ExactMemory m = new ExactMemory(TestData.binary(k, d, 1), k, d, 30, sim);
    double[] x = TestData.uniform(b * d, 0, 1 / Math.sqrt(d), 2);
    compare(m, x, b);
  }

  @ParameterizedTest
  @EnumSource(Basis.class)
  void featureEnergyAndGradient(Basis basis) {
    int k = 100, d = 24, y = 4096, b = 7;
    double beta = basis.trigonometric() ? 10 : 2;
    double[] pats = TestData.binary(k, d, 3);
    FeatureMap map = new FeatureMap(basis, d, y, 5);
    FeatureMemory mRef = new FeatureMemory(map, beta);
    mRef.add(ref, pats, k);
    FeatureMemory mJvm = new FeatureMemory(map, beta);
    mJvm.add(JVM, pats, k);
    assertTrue(TestData.relMaxError(mJvm.t(), mRef.t()) <= TOL, "ProcMems T");
    // Queries: stored patterns with some noise.
    double[] x = TestData.uniform(b * d, -0.02, 0.02, 4);
    for (int i = 0; i < x.length; i++) {
      x[i] += pats[i];
    }
    compareWith(mRef, x, b, map, beta);
  }

  @ParameterizedTest
  @EnumSource(Basis.class)
  void randomFeatures(Basis basis) {
    int d = 20, y = 2048, b = 5;
    FeatureMap map = new FeatureMap(basis, d, y, 8);
    double[] x = TestData.uniform(b * d, 0, 0.3, 6);
    double[] a = new double[b * y];
    double[] r = new double[b * y];
    JVM.rf(map, 4, x, b, a);
    ref.rf(map, 4, x, b, r);
    double err = TestData.relMaxError(a, r);
    assertTrue(err <= TOL, basis + " RF relative error " + err);
  }

  @ParameterizedTest
  @EnumSource(value = Basis.class, names = {"SINCOS", "COS"})
  void sorfFeaturesEnergyAndGradient(Basis basis) {
    int k = 100, d = 24, y = 4096, b = 7;
    double beta = 10;
    double[] pats = TestData.binary(k, d, 3);
    FeatureMap map = new FeatureMap(basis, d, y, 5, org.denseam.features.Projection.SORF);
    FeatureMemory mRef = new FeatureMemory(map, beta);
    mRef.add(ref, pats, k);
    FeatureMemory mJvm = new FeatureMemory(map, beta);
    mJvm.add(JVM, pats, k);
    assertTrue(TestData.relMaxError(mJvm.t(), mRef.t()) <= TOL, "SORF ProcMems T");
    double[] x = TestData.uniform(b * d, -0.02, 0.02, 4);
    for (int i = 0; i < x.length; i++) {
      x[i] += pats[i];
    }
    compareWith(mRef, x, b, map, beta);
    double[] a = new double[b * y];
    double[] r = new double[b * y];
    JVM.rf(map, beta, x, b, a);
    ref.rf(map, beta, x, b, r);
    assertTrue(TestData.relMaxError(a, r) <= TOL, "SORF RF");
  }

  /**
   * The panel transform of the JVM path (radix-4 stages, signs applied on load) equals the dense
   * Sylvester-Hadamard matrix times the sign diagonal, in every lane, for even and odd log₂ P.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 4, 8, 16, 32, 128, 512, 1024, 2048})
  void panelTransformMatchesDenseHadamard(int p) {
    int l = JvmSorf.L;
    double[] v = TestData.uniform(p * l, -1, 1, p);
    float[] u = new float[p * l];
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) v[i];
    }
    float[] sg = new float[p + 5];
    org.denseam.features.Sorf.signs(3, 1, 2, p, sg, 5);
    JvmSorf.fwht(u, p, sg, 5);
    for (int b = 0; b < l; b++) {
      for (int i = 0; i < p; i++) {
        double expected = 0;
        for (int j = 0; j < p; j++) {
          expected += (Integer.bitCount(i & j) % 2 == 0 ? 1 : -1) * sg[5 + j] * (float) v[j * l + b];
        }
        assertEquals(expected, u[i * l + b], 1e-5 * Math.sqrt(p) * Math.log(2 * p),
            "row " + i + " lane " + b);
      }
    }
  }

  /**
   * SORF with D = 100 (padded to P = 128), a last block of 37 of 128 projections and a batch that
   * crosses vector panels: within tolerance of the reference; bit-identical with one or two
   * threads and for a query alone or in the batch.
   */
  @ParameterizedTest
  @EnumSource(value = Basis.class, names = {"SINCOS", "COS"})
  void sorfUnalignedBlocksPanelsAndThreads(Basis basis) {
    int k = 77, d = 100, b = 19, m = 3 * 128 + 37;
    double beta = 5;
    FeatureMap map = new FeatureMap(basis, d, basis.paired() ? 2 * m : m, 12,
        org.denseam.features.Projection.SORF);
    double[] pats = TestData.binary(k, d, 13);
    double[] tRef = new double[map.y()];
    double[] t1 = new double[map.y()];
    double[] t2 = new double[map.y()];
    ref.procMems(map, beta, pats, k, 1, tRef);
    double[] x = TestData.uniform(b * d, -0.1, 0.1, 14);
    for (int i = 0; i < x.length; i++) {
      x[i] += pats[i];
    }
    double[] eRef = new double[b], gRef = new double[b * d];
    double[] e1 = new double[b], g1 = new double[b * d];
    double[] e2 = new double[b], g2 = new double[b * d];
    ref.gradComp(new DistributedPatterns(map, beta, tRef), x, b, eRef, gRef);
    try (JvmBackend one = new JvmBackend(1); JvmBackend two = new JvmBackend(2)) {
      one.procMems(map, beta, pats, k, 1, t1);
      two.procMems(map, beta, pats, k, 1, t2);
      one.gradComp(new DistributedPatterns(map, beta, tRef), x, b, e1, g1);
      two.gradComp(new DistributedPatterns(map, beta, tRef), x, b, e2, g2);
      double[] eAlone = new double[1], gAlone = new double[d];
      int q = 13;
      two.gradComp(new DistributedPatterns(map, beta, tRef), java.util.Arrays.copyOfRange(x, q * d, (q + 1) * d), 1,
          eAlone, gAlone);
      assertEquals(e2[q], eAlone[0], 0.0, "energy alone vs in batch");
      assertArrayEquals(java.util.Arrays.copyOfRange(g2, q * d, (q + 1) * d), gAlone, 0.0,
          "gradient alone vs in batch");
    }
    assertTrue(TestData.relMaxError(t1, tRef) <= TOL, "SORF T " + TestData.relMaxError(t1, tRef));
    assertTrue(TestData.relMaxError(e1, eRef) <= TOL, "SORF energy");
    assertTrue(TestData.relMaxError(g1, gRef) <= TOL,
        "SORF gradient " + TestData.relMaxError(g1, gRef));
    assertArrayEquals(t1, t2, 0.0, "T with 1 and 2 threads");
    assertArrayEquals(e1, e2, 0.0, "energies with 1 and 2 threads");
    assertArrayEquals(g1, g2, 0.0, "gradients with 1 and 2 threads");
  }

  @Test
  void tIsBitIdenticalForOneAndTwoThreads() {
    int k = 300, d = 16;
    double[] pats = TestData.binary(k, d, 9);
    for (Basis basis : Basis.values()) {
      FeatureMap map = new FeatureMap(basis, d, 1000, 10);
      double[] t1 = new double[map.y()];
      double[] t2 = new double[map.y()];
      try (JvmBackend one = new JvmBackend(1); JvmBackend two = new JvmBackend(2)) {
        one.procMems(map, 5, pats, k, 1, t1);
        two.procMems(map, 5, pats, k, 1, t2);
      }
      assertArrayEquals(t1, t2, 0.0, basis.id());
    }
  }

  @Test
  void exactWithUnalignedDimensionManyChunksAndQueryBlocks() {
    // D = 13 is not a multiple of the vector width; K = 1000 gives several chunks and tiles; B =
    // 300 crosses a query block.
    int k = 1000, d = 13, b = 300;
    ExactMemory m = new ExactMemory(TestData.binary(k, d, 21), k, d, 20, Similarity.L2);
    compare(m, TestData.uniform(b * d, 0, 1 / Math.sqrt(d), 22), b);
  }

  @Test
  void exactEnergyNearAStoredPatternKeepsItsPrecision() {
    // A query on top of a memory: the energy is small and must not lose digits to cancellation.
    int k = 300, d = 32;
    double[] pats = TestData.binary(k, d, 23);
    ExactMemory m = new ExactMemory(pats, k, d, 40, Similarity.L2);
    double[] x = java.util.Arrays.copyOf(pats, 2 * d);
    compare(m, x, 2);
  }

  @Test
  void gradCompAcrossQueryBlocks() {
    int k = 50, d = 40, y = 512, b = 260;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 12);
    FeatureMemory mRef = new FeatureMemory(map, 8);
    mRef.add(ref, TestData.binary(k, d, 13), k);
    compareWith(mRef, TestData.uniform(b * d, 0, 1 / Math.sqrt(d), 14), b, map, 8);
  }

  @Test
  void resultsDoNotDependOnThreadsOrOnTheRestOfTheBatch() {
    int k = 400, d = 20, b = 11;
    double[] pats = TestData.binary(k, d, 15);
    double[] x = TestData.uniform(b * d, 0, 1 / Math.sqrt(d), 16);
    ExactMemory exact = new ExactMemory(pats, k, d, 25, Similarity.L2);
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, 2048, 17);
    FeatureMemory feat = new FeatureMemory(map, 10);
    feat.add(ref, pats, k);
    try (JvmBackend one = new JvmBackend(1); JvmBackend two = new JvmBackend(2)) {
      for (org.denseam.memory.EnergyModel model : new org.denseam.memory.EnergyModel[] {exact, feat}) {
        double[] e1 = new double[b], e2 = new double[b], g1 = new double[b * d], g2 = new double[b * d];
        model.energyGrad(one, x, b, e1, g1);
        model.energyGrad(two, x, b, e2, g2);
        assertArrayEquals(e1, e2, 0.0, "energies, 1 vs 2 threads");
        assertArrayEquals(g1, g2, 0.0, "gradients, 1 vs 2 threads");
        // Query 5 alone gives the same bits as inside the batch.
        double[] e = new double[1], g = new double[d];
        model.energyGrad(two, java.util.Arrays.copyOfRange(x, 5 * d, 6 * d), 1, e, g);
        assertEquals(e1[5], e[0], 0.0);
        assertArrayEquals(java.util.Arrays.copyOfRange(g1, 5 * d, 6 * d), g, 0.0);
      }
    }
  }

  @Test
  void projectionCacheGivesTheSameBits() {
    int k = 60, d = 20, b = 5;
    double[] pats = TestData.binary(k, d, 31);
    double[] x = TestData.uniform(b * d, 0, 1 / Math.sqrt(d), 32);
    try (JvmBackend plain = new JvmBackend(2); JvmBackend cached = new JvmBackend(2, 1L << 26)) {
      for (Basis basis : Basis.values()) {
        for (long seed : new long[] {3, 4}) { // two maps share the cache
          FeatureMap map = new FeatureMap(basis, d, 1000, seed);
          double beta = basis.trigonometric() ? 10 : 2;
          double[] t1 = new double[map.y()], t2 = new double[map.y()];
          plain.procMems(map, beta, pats, k, 1, t1);
          for (int rep = 0; rep < 2; rep++) { // fills the cache, then reads it
            double[] t2r = new double[map.y()];
            cached.procMems(map, beta, pats, k, 1, t2r);
            t2 = t2r;
          }
          assertArrayEquals(t1, t2, 0.0, basis + " T");
          double[] e1 = new double[b], e2 = new double[b], g1 = new double[b * d], g2 = new double[b * d];
          plain.gradComp(new DistributedPatterns(map, beta, t1), x, b, e1, g1);
          cached.gradComp(new DistributedPatterns(map, beta, t1), x, b, e2, g2);
          assertArrayEquals(e1, e2, 0.0, basis + " energies");
          assertArrayEquals(g1, g2, 0.0, basis + " gradients");
          double[] p1 = new double[b * map.y()], p2 = new double[b * map.y()];
          plain.rf(map, beta, x, b, p1);
          cached.rf(map, beta, x, b, p2);
          assertArrayEquals(p1, p2, 0.0, basis + " features");
        }
      }
    }
  }

  private void compare(ExactMemory m, double[] x, int b) {
    int d = m.dim();
    double[] er = new double[b], ej = new double[b];
    double[] gr = new double[b * d], gj = new double[b * d];
    m.energyGrad(ref, x, b, er, gr);
    m.energyGrad(JVM, x, b, ej, gj);
    assertClose(ej, er, "energy");
    assertClose(gj, gr, "gradient");
  }

  private void compareWith(FeatureMemory m, double[] x, int b, FeatureMap map, double beta) {
    int d = map.d();
    double[] er = new double[b], ej = new double[b];
    double[] gr = new double[b * d], gj = new double[b * d];
    ref.gradComp(new DistributedPatterns(map, beta, m.t()), x, b, er, gr);
    JVM.gradComp(new DistributedPatterns(map, beta, m.t()), x, b, ej, gj);
    assertClose(ej, er, map.basis() + " energy");
    assertClose(gj, gr, map.basis() + " gradient");
  }

  private static void assertClose(double[] actual, double[] expected, String what) {
    double err = TestData.relMaxError(actual, expected);
    assertTrue(err <= TOL, what + ": relative error " + err + " > " + TOL);
  }
}
