package org.denseam.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.denseam.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts of the API that programs built on it need for their own files and options: named
 * reads of {@code .npy} inputs, 1-D and raw 2-D writes of results, basis and projection names, the
 * feature-map check before any data is read, and CCCP retrieval with weights and convergence.
 */
class CommandSupportTest {

  /** The values of a little-endian {@code .npy} file written by this library, after its header. */
  static ByteBuffer values(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    return ByteBuffer.wrap(b, 10 + headerLen, b.length - 10 - headerLen).slice()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  static String header(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    int headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
    return new String(b, 10, headerLen, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void namedReadsKeepThePrecisionAndNameTheArgument(@TempDir Path dir) throws IOException {
    float[] f = {1.5f, -2.25f, 0.1f, 3, 4, 5};
    Path p32 = dir.resolve("q32.npy");
    NpyFile.write(p32, Vectors.of(f, 2, 3));
    Vectors v = NpyFile.read(p32, "queries");
    assertTrue(v.float32());
    assertEquals(2, v.count());
    assertEquals(3, v.dim());
    assertArrayEquals(f, v.toFloatArray());

    double[] g = {0.1, 0.2, 0.3};
    Path p64 = dir.resolve("v64.npy");
    NpyFile.write(p64, g, false);
    Vectors w = NpyFile.read(p64, "queries");
    assertFalse(w.float32());
    assertEquals(1, w.count());
    assertArrayEquals(g, w.toArray());

    Path nan = dir.resolve("nan.npy");
    NpyFile.write(nan, new double[] {0, 1, 2, 3, Double.NaN, 5}, 2, 3, false);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NpyFile.read(nan, "queries"));
    assertEquals("queries (" + nan + ") has a non-finite value (NaN) at row 1, column 1",
        e.getMessage());
    Path inf = dir.resolve("inf.npy");
    NpyFile.write(inf, new double[] {Double.NEGATIVE_INFINITY}, true);
    e = assertThrows(IllegalArgumentException.class, () -> NpyFile.read(inf, "mask"));
    assertEquals("mask (" + inf + ") has a non-finite value (-Infinity) at row 0, column 0",
        e.getMessage());

    Path empty = dir.resolve("empty.npy");
    NpyFile.write(empty, new double[0], 0, 8, false);
    e = assertThrows(IllegalArgumentException.class, () -> NpyFile.read(empty, "memories"));
    assertEquals("memories (" + empty + ") is empty", e.getMessage());
    Path missing = dir.resolve("missing.npy");
    assertThrows(IOException.class, () -> NpyFile.read(missing, "queries"));
  }

  @Test
  void writesOneDimensionalAndRawMatricesInEitherPrecision(@TempDir Path dir) throws IOException {
    double[] e = {1.0 / 3, -2.5, 1e-40};
    Path e32 = dir.resolve("e32.npy");
    NpyFile.write(e32, e, true);
    assertEquals(new NpyFile.Info(1, 3, true, true), NpyFile.info(e32));
    assertTrue(header(e32).contains("'descr': '<f4'") && header(e32).contains("'shape': (3,)"));
    ByteBuffer b = values(e32);
    assertEquals(12, b.remaining());
    for (double v : e) {
      assertEquals(Float.floatToRawIntBits((float) v), Float.floatToRawIntBits(b.getFloat()));
    }
    Path e64 = dir.resolve("e64.npy");
    NpyFile.write(e64, e, false);
    assertEquals(new NpyFile.Info(1, 3, true, false), NpyFile.info(e64));
    assertArrayEquals(e, NpyFile.read(e64).toArray());

    // A trace: NaN marks a stopped query and is written as it is.
    double[] t = {3, 2, 1, Double.NaN, 0.5, Double.NaN};
    Path tr = dir.resolve("trace.npy");
    NpyFile.write(tr, t, 3, 2, false);
    assertEquals(new NpyFile.Info(3, 2, false, false), NpyFile.info(tr));
    ByteBuffer tb = values(tr);
    for (double v : t) {
      assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(tb.getDouble()));
    }
    Path tr32 = dir.resolve("trace32.npy");
    NpyFile.write(tr32, t, 2, 3, true);
    assertEquals(new NpyFile.Info(2, 3, false, true), NpyFile.info(tr32));
    assertTrue(Float.isNaN(values(tr32).getFloat(12)));

    Path bad = dir.resolve("bad.npy");
    assertThrows(IllegalArgumentException.class, () -> NpyFile.write(bad, t, 4, 2, false));
    assertThrows(IllegalArgumentException.class, () -> NpyFile.write(bad, new double[0], -1, 0,
        false));
    assertFalse(Files.exists(bad));
  }

  @Test
  void namesAndFeatureMapsAreCheckedWithoutData() {
    assertEquals("sincos", FeatureSpec.basisName(" SinCos "));
    assertEquals("expexp", FeatureSpec.basisName("expexp"));
    assertEquals("sorf", FeatureSpec.projectionName("SORF"));
    assertEquals("gaussian", FeatureSpec.projectionName("gaussian"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureSpec.basisName("gaussian"));
    assertEquals("unknown features 'gaussian': expected one of sincos, cos, exp, expexp",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FeatureSpec.projectionName("fastfood"));
    assertEquals("unknown projection 'fastfood': expected gaussian or sorf", e.getMessage());

    FeatureSpec.checkMap("sincos", 64, "sorf");
    FeatureSpec.checkMap("exp", 7, "gaussian");
    // Y of a billion features is only checked, not allocated.
    FeatureSpec.checkMap("cos", 2_000_000_000, "gaussian");
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.checkMap("sincos", 63, "gaussian"));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.checkMap("cos", 0, "gaussian"));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.checkMap("exp", 64, "sorf"));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.checkMap("nope", 64, "sorf"));
  }

  @Test
  void projectionCountsAndSorfDimensions() {
    assertEquals(32, FeatureSpec.projections("sincos", 64));
    assertEquals(32, FeatureSpec.projections(" ExpExp ", 64));
    assertEquals(64, FeatureSpec.projections("cos", 64));
    assertEquals(7, FeatureSpec.projections("exp", 7));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.projections("sincos", 63));
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.projections("cos", 0));
    assertEquals("unknown features 'gauss': expected one of sincos, cos, exp, expexp",
        assertThrows(IllegalArgumentException.class,
            () -> FeatureSpec.projections("gauss", 8)).getMessage());

    assertEquals(1, FeatureSpec.sorfDimension(1));
    assertEquals(2, FeatureSpec.sorfDimension(2));
    assertEquals(4, FeatureSpec.sorfDimension(3));
    assertEquals(16, FeatureSpec.sorfDimension(16));
    assertEquals(32, FeatureSpec.sorfDimension(17));
    assertEquals(1 << 30, FeatureSpec.sorfDimension((1 << 29) + 1));
    assertEquals("D (dimension) must be in [1, 2^30], got 0",
        assertThrows(IllegalArgumentException.class,
            () -> FeatureSpec.sorfDimension(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> FeatureSpec.sorfDimension((1 << 30) + 1));
  }

  @Test
  void cccpOptionsValidate() {
    assertEquals(new CccpOptions(5, 0), CccpOptions.fixedSteps(5));
    assertEquals(new CccpOptions(10_000, 1e-12), CccpOptions.toConvergence());
    assertEquals("steps must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> CccpOptions.fixedSteps(-1)).getMessage());
    for (double tol : new double[] {-1e-3, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertEquals("tol must be finite and >= 0, got " + tol,
          assertThrows(IllegalArgumentException.class, () -> new CccpOptions(3, tol)).getMessage());
    }
  }

  @Test
  void convergeReturnsTheStatesOfRetrieveWithWeightsAndConvergence() {
    int k = 12, d = 16, b = 4;
    double[] pats = TestData.binary(k, d, 3);
    double[] queries = TestData.binary(b, d, 4);
    try (Engine e = DenseAM.open("reference")) {
      SparseStore s = e.sparseMemory(Vectors.of(pats, k, d), 40, 2);
      assertEquals(k, s.count());
      Vectors q = Vectors.of(queries, b, d);

      SparseRetrieval fixed = s.converge(q, CccpOptions.fixedSteps(3));
      Retrieval plain = s.retrieve(q, RetrieveOptions.steps(3));
      assertArrayEquals(plain.states().toArray(), fixed.states().toArray());
      assertArrayEquals(plain.steps(), fixed.steps());
      assertEquals(b * k, fixed.weights().length);
      assertArrayEquals(s.weights(fixed.states()).toArray(), fixed.weights());

      SparseRetrieval done = s.converge(q, CccpOptions.toConvergence());
      assertEquals(0, done.notConverged());
      for (int r = 0; r < b; r++) {
        assertTrue(done.converged()[r]);
        assertTrue(done.steps()[r] < CccpOptions.DEFAULT_MAX_STEPS);
      }
      // One update is not enough for a query that moves: it stops at the limit, not converged.
      SparseRetrieval one = s.converge(q, new CccpOptions(1, 1e-12));
      int moved = 0;
      for (int r = 0; r < b; r++) {
        moved += one.converged()[r] ? 0 : 1;
      }
      assertEquals(moved, one.notConverged());
      assertTrue(moved > 0, "some query moved in its first update");

      SparseRetrieval none = s.converge(q, CccpOptions.fixedSteps(0));
      assertArrayEquals(queries, none.states().toArray());
      assertArrayEquals(new int[b], none.steps());
      assertThrows(IllegalArgumentException.class,
          () -> s.converge(Vectors.of(new double[d + 1]), CccpOptions.fixedSteps(1)));
    }
  }
}
