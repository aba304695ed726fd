package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.denseam.backend.Backend;
import org.denseam.backend.Backends;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.Similarity;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.dynamics.Descent;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.features.Sorf;
import org.denseam.memory.EnergyModel;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.denseam.rng.Gaussian;
import org.denseam.rng.Philox4x32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The kernel correctness suite: every task graph on a real TornadoVM device against the
 * double-precision reference. Tolerances: relative error ≤ 1e-4 (max-norm over the batch) for
 * energies, gradients, features and T; identical Philox words; identical binarised retrieval
 * fixed points.
 */
class TornadoKernelsTest {
  static final double TOL = 1e-4;
  static TornadoBackend tornado;
  final ReferenceBackend ref = new ReferenceBackend();

  @BeforeAll
  static void device() {
    Backend b = Backends.create("tornado");
    tornado = (TornadoBackend) b;
    System.out.println("TornadoVM device: " + tornado.device().getDescription() + " / "
        + tornado.device().getPlatformName());
  }

  @Test
  void philoxWordsAreIdenticalOnTheDevice() throws Exception {
    int n = 4096;
    long seed = 0x243F6A8885A308D3L;
    int[] out = new int[4 * n];
    TaskGraph g = new TaskGraph("rng")
        .task("words", RngKernels::words, out, n, 77, seed)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
    run(g);
    int[] w = new int[4];
    for (int i = 0; i < n; i++) {
      Philox4x32.block(i, 77, 0, 0, Gaussian.key0(seed), Gaussian.key1(seed), w, 0);
      for (int j = 0; j < 4; j++) {
        assertEquals(w[j], out[4 * i + j], "block " + i + " word " + j);
      }
    }
  }

  @Test
  void normalsMatchTheHostToFloatRounding() throws Exception {
    int m = 512, d = 37;
    long seed = 99;
    float[] out = new float[m * d];
    TaskGraph g = new TaskGraph("normals")
        .task("omegas", RngKernels::omegas, out, m, d, seed)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
    run(g);
    for (int a = 0; a < m; a++) {
      for (int i = 0; i < d; i++) {
        double host = Gaussian.omega(seed, a, i);
        assertEquals(host, out[a * d + i], 2e-6 * Math.max(1, Math.abs(host)), a + "," + i);
      }
    }
  }

  /** The backend with each default shape (GPU: tiles 16 × 16; CPU: panels) on the same device. */
  static java.util.stream.Stream<TornadoBackend> shapes() {
    return java.util.stream.Stream.of(new TornadoBackend(tornado.device(), TornadoShape.GPU),
        new TornadoBackend(tornado.device(), TornadoShape.CPU));
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> basesAndShapes() {
    return shapes().flatMap(s -> java.util.Arrays.stream(Basis.values())
        .map(b -> org.junit.jupiter.params.provider.Arguments.of(b, s)));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("basesAndShapes")
  void rfProcMemsAndGradCompMatchTheReference(Basis basis, TornadoBackend tornado) {
    int k = 150, d = 24, y = 2048, b = 9;
    double beta = basis.trigonometric() ? 10 : 2;
    double[] pats = binary(k, d, 3);
    FeatureMap map = new FeatureMap(basis, d, y, 5);
    double[] phiR = new double[b * y];
    double[] phiT = new double[b * y];
    ref.rf(map, beta, pats, b, phiR);
    tornado.rf(map, beta, pats, b, phiT);
    assertClose(phiR, phiT, basis + " RF");
    FeatureMemory mR = new FeatureMemory(map, beta);
    mR.add(ref, pats, k);
    FeatureMemory mT = new FeatureMemory(map, beta);
    mT.add(tornado, pats, k);
    assertClose(mR.t(), mT.t(), basis + " ProcMems T");
    double[] x = noisy(pats, b * d, 0.02, 4);
    double[] eR = new double[b], eT = new double[b];
    double[] gR = new double[b * d], gT = new double[b * d];
    ref.gradComp(new DistributedPatterns(map, beta, mR.t()), x, b, eR, gR);
    tornado.gradComp(new DistributedPatterns(map, beta, mR.t()), x, b, eT, gT);
    assertClose(eR, eT, basis + " energy");
    assertClose(gR, gT, basis + " gradient");
  }

  /**
   * Sizes that fill no tile, panel or vector: D = 13 (not a multiple of 4 or 16), m = 37
   * projections (not a multiple of the panel width), B = 6 (not a multiple of 4), and GradComp
   * again with B = 261. RF and GradComp match the reference in each shape.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("shapes")
  void raggedSizesMatchTheReference(TornadoBackend tornado) {
    int k = 40, d = 13, y = 74, b = 6;
    double beta = 6;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 17);
    double[] pats = binary(k, d, 8);
    double[] phiR = new double[b * y];
    double[] phiT = new double[b * y];
    ref.rf(map, beta, pats, b, phiR);
    tornado.rf(map, beta, pats, b, phiT);
    assertClose(phiR, phiT, "ragged RF");
    FeatureMemory mR = new FeatureMemory(map, beta);
    mR.add(ref, pats, k);
    double[] x = noisy(pats, b * d, 0.02, 9);
    double[] eR = new double[b], eT = new double[b];
    double[] gR = new double[b * d], gT = new double[b * d];
    ref.gradComp(new DistributedPatterns(map, beta, mR.t()), x, b, eR, gR);
    tornado.gradComp(new DistributedPatterns(map, beta, mR.t()), x, b, eT, gT);
    assertClose(eR, eT, "ragged energy");
    assertClose(gR, gT, "ragged gradient");
    // B = 261: in the panels shape the transpose product has more blocks of 4 inputs × 16
    // components (66) than work-items (64) and takes them in two rounds.
    int wide = 4 * ProjectionKernels.panelGroup(d) + 5;
    double[] xw = noisy(binary(wide, d, 10), wide * d, 0.02, 11);
    double[] ewR = new double[wide], ewT = new double[wide];
    double[] gwR = new double[wide * d], gwT = new double[wide * d];
    ref.gradComp(new DistributedPatterns(map, beta, mR.t()), xw, wide, ewR, gwR);
    tornado.gradComp(new DistributedPatterns(map, beta, mR.t()), xw, wide, ewT, gwT);
    assertClose(ewR, ewT, "ragged energy, B = " + wide);
    assertClose(gwR, gwT, "ragged gradient, B = " + wide);
  }

  /**
   * Compiled plans are reused: repeated calls of the same shape with new inputs (new queries, a new
   * T, the same memory again with T resident on the device, an earlier memory again, ProcMems
   * blocks of 1024 and a remainder) give the reference's results and add no plan; closing the
   * backend frees them.
   */
  @Test
  @SuppressWarnings("try") // closes the backend inside its try to check that close frees the plans
  void reusedPlansSeeNewInputs() {
    int k = 2500, d = 16, y = 512, b = 5;
    double beta = 8;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 21);
    double[] pats = binary(k, d, 22);
    double[] tR = new double[y], tT = new double[y];
    ref.procMems(map, beta, pats, k, 1, tR);
    try (TornadoBackend fresh = new TornadoBackend(tornado.device())) {
      fresh.procMems(map, beta, pats, k, 1, tT);
      assertClose(tR, tT, "ProcMems over 3 blocks");
      assertEquals(2, fresh.cachedPlans(), "plans for blocks of 1024 and 452");
      DistributedPatterns first = null;
      for (int call = 0; call < 3; call++) {
        double[] t = tR.clone();
        t[call] += 1.0; // a different T on every call
        DistributedPatterns memory = new DistributedPatterns(map, beta, t);
        first = first == null ? memory : first;
        // The same memory twice (T stays on the device), then the first one again (uploaded anew).
        DistributedPatterns[] order = {memory, memory, first};
        for (int again = 0; again < order.length; again++) {
          double[] x = noisy(pats, b * d, 0.05, 30 + 3 * call + again);
          double[] eR = new double[b], eT = new double[b];
          double[] gR = new double[b * d], gT = new double[b * d];
          ref.gradComp(order[again], x, b, eR, gR);
          fresh.gradComp(order[again], x, b, eT, gT);
          assertClose(eR, eT, "energy, call " + call + "." + again);
          assertClose(gR, gT, "gradient, call " + call + "." + again);
          assertEquals(3, fresh.cachedPlans(), "one GradComp plan, reused");
        }
      }
      fresh.close();
      assertEquals(0, fresh.cachedPlans());
    }
  }

  /**
   * SORF cases (trigonometric bases only): SinCos in each shape (fused transforms, lanes,
   * passes), Cos in the CPU's (the lane kernels' shifts, unpaired features).
   */
  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> sorfCases() {
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of(Basis.SINCOS,
            new TornadoBackend(tornado.device(), TornadoShape.GPU)),
        org.junit.jupiter.params.provider.Arguments.of(Basis.SINCOS,
            new TornadoBackend(tornado.device(), TornadoShape.CPU)),
        org.junit.jupiter.params.provider.Arguments.of(Basis.COS,
            new TornadoBackend(tornado.device(), TornadoShape.CPU)));
  }

  /**
   * SORF maps: D mostly not a power of two (padded to P) and m not a multiple of P (the last block
   * is partial), for P = 4, 16, 64, 256 and 4096; and D = P = 1 (no butterflies, only signs and
   * row norms). In the CPU shape P = 64 to 4096 run the lane kernels ({@link
   * SorfKernels#forwardLanes}, and GradComp's {@link SorfKernels#forwardCoefficients}, eight inputs
   * per work-item: B = 9 leaves a group of one) and P ≤ 16
   * the butterfly passes; in the GPU shape P = 4 to 256 run the fused transforms ({@link
   * SorfKernels#forwardFused}) and P = 4096 the butterfly passes (past {@link
   * SorfKernels#FUSED_P}).
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("sorfCases")
  void sorfRfProcMemsAndGradCompMatchTheReference(Basis basis, TornadoBackend tornado) {
    int k = 150, b = 9;
    double beta = 10;
    for (int d : new int[] {1, 3, 16, 50, 200, SorfKernels.FUSED_P + 1}) {
      int p = Sorf.padded(d);
      int m = 5 * p + p / 4 + 1; // 6 blocks, the last one partial
      int y = basis.paired() ? 2 * m : m;
      FeatureMap map = new FeatureMap(basis, d, y, 5, Projection.SORF);
      assertTrue(p == 1 || map.projections() % p != 0);
      String what = basis + " SORF " + tornado.shape() + " D=" + d + " P=" + p + " m=" + m;
      double[] pats = binary(k, d, 3);
      double[] phiR = new double[b * y];
      double[] phiT = new double[b * y];
      ref.rf(map, beta, pats, b, phiR);
      tornado.rf(map, beta, pats, b, phiT);
      assertClose(phiR, phiT, what + " RF");
      FeatureMemory mR = new FeatureMemory(map, beta);
      mR.add(ref, pats, k);
      FeatureMemory mT = new FeatureMemory(map, beta);
      mT.add(tornado, pats, k);
      assertClose(mR.t(), mT.t(), what + " ProcMems T");
      double[] x = noisy(pats, b * d, 0.02, 4);
      double[] eR = new double[b], eT = new double[b];
      double[] gR = new double[b * d], gT = new double[b * d];
      ref.gradComp(new DistributedPatterns(map, beta, mR.t()), x, b, eR, gR);
      tornado.gradComp(new DistributedPatterns(map, beta, mR.t()), x, b, eT, gT);
      assertClose(eR, eT, what + " energy");
      assertClose(gR, gT, what + " gradient");
      System.out.printf("%s: relative errors RF %.1e, T %.1e, energy %.1e, gradient %.1e%n", what,
          relError(phiR, phiT), relError(mR.t(), mT.t()), relError(eR, eT), relError(gR, gT));
    }
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> similaritiesAndShapes() {
    return shapes().flatMap(s -> java.util.Arrays.stream(Similarity.values())
        .map(sim -> org.junit.jupiter.params.provider.Arguments.of(sim, s)));
  }

  /** In each shape: {@link LseKernels#partialTiles} (GPUs) and {@link LseKernels#partialPanels}. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("similaritiesAndShapes")
  void exactEnergyAndGradientMatchTheReference(Similarity sim, TornadoBackend tornado) {
    // K neither a multiple of the 64 chunks nor of the panels or tiles of 16, D not of the vectors
    // of 8 nor of the slices of 64; the second size has several tiles per chunk, two slices of D
    // and two query tiles (one partial).
    int[][] sizes = {{1000, 37, 7}, {5000, 70, 19}};
    for (int[] size : sizes) {
      int k = size[0], d = size[1], b = size[2];
      ExactMemory m = new ExactMemory(binary(k, d, 8), k, d, 30, sim);
      double[] x = noisy(m.patterns(), b * d, 0.05, 9);
      double[] eR = new double[b], eT = new double[b];
      double[] gR = new double[b * d], gT = new double[b * d];
      ref.exact(m.values(), x, b, eR, gR);
      tornado.exact(m.values(), x, b, eT, gT);
      String what = sim + " " + tornado.shape() + " K=" + k + " D=" + d + " B=" + b;
      assertClose(eR, eT, what + " energy");
      assertClose(gR, gT, what + " gradient");
    }
  }

  /**
   * The Fig. 3 setup (binary patterns in {0, 1/√D}^D, queries with 10% of bits flipped): the
   * fixed points retrieved on the device equal the reference's after binarising, for MrDAM and
   * DrDAM; with a tolerance and a trace the device run follows the host loop's semantics.
   */
  @Test
  void retrievalFixedPointsMatchTheReference() {
    int k = 64, d = 64, b = 32, y = 32768;
    double beta = 40;
    double[] pats = binary(k, d, 11);
    double[] q = flipped(pats, b, d, 6, 12);
    EnergyModel[] models = {
      new ExactMemory(pats, k, d, beta, Similarity.L2),
      new FeatureMemory(new FeatureMap(Basis.SINCOS, d, y, 13), beta)
    };
    ((FeatureMemory) models[1]).add(ref, pats, k);
    for (EnergyModel model : models) {
      Descent descent = new Descent(30, 0.5, 1e-7, null, true);
      double[] xR = q.clone();
      double[] xT = q.clone();
      Descent.Result rR = descent.run(model, ref, xR, b);
      Descent.Result rT = descent.run(model, tornado, xT, b);
      String what = model.getClass().getSimpleName();
      for (int r = 0; r < b; r++) {
        for (int i = 0; i < d; i++) {
          assertEquals(xR[r * d + i] > 0.5 / Math.sqrt(d), xT[r * d + i] > 0.5 / Math.sqrt(d),
              what + " query " + r + " bit " + i);
        }
      }
      assertClose(rR.energy(), rT.energy(), what + " final energies");
      assertEquals(rR.trace().get(0).length, rT.trace().get(0).length);
      assertClose(rR.trace().get(0), rT.trace().get(0), what + " initial energies");
    }
  }

  /**
   * Descent on the device with a SORF map (D = 48, padded to 64; a partial last block): the same
   * binarised fixed points, final and initial energies as the reference.
   */
  @Test
  void sorfRetrievalFixedPointsMatchTheReference() {
    int k = 48, d = 48, b = 24, y = 2 * (64 * 100 + 40);
    double beta = 40;
    double[] pats = binary(k, d, 11);
    double[] q = flipped(pats, b, d, 5, 12);
    FeatureMemory model =
        new FeatureMemory(new FeatureMap(Basis.SINCOS, d, y, 13, Projection.SORF), beta);
    model.add(ref, pats, k);
    Descent descent = new Descent(30, 0.5, 1e-7, null, true);
    double[] xR = q.clone();
    double[] xT = q.clone();
    Descent.Result rR = descent.run(model, ref, xR, b);
    Descent.Result rT = descent.run(model, tornado, xT, b);
    int retrieved = 0;
    for (int r = 0; r < b; r++) {
      boolean same = true;
      for (int i = 0; i < d; i++) {
        boolean bit = xT[r * d + i] > 0.5 / Math.sqrt(d);
        assertEquals(xR[r * d + i] > 0.5 / Math.sqrt(d), bit, "SORF query " + r + " bit " + i);
        same &= bit == pats[r * d + i] > 0;
      }
      retrieved += same ? 1 : 0;
    }
    System.out.println("SORF retrieval: " + retrieved + " of " + b + " queries recover their pattern");
    assertClose(rR.energy(), rT.energy(), "SORF final energies");
    assertClose(rR.trace().get(0), rT.trace().get(0), "SORF initial energies");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(doubles = {1, 1.33, 1.5, 2, 4})
  void sparseUpdatesAndRetrievalMatchTheReference(double alpha) {
    int n = 50, d = 16, b = 13;
    SplittableRandom r = new SplittableRandom(40);
    double[] x = new double[n * d];
    double[] q = new double[b * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * r.nextDouble() - 1;
    }
    for (int i = 0; i < q.length; i++) {
      q[i] = 2 * r.nextDouble() - 1;
    }
    org.denseam.sparse.SparseMemory m = new org.denseam.sparse.SparseMemory(x, n, d, 2, alpha);
    double[] pR = new double[b * n], pT = new double[b * n];
    double[] nR = new double[b * d], nT = new double[b * d];
    ref.sparseUpdate(m.values(), q, b, pR, nR);
    tornado.sparseUpdate(m.values(), q, b, pT, nT);
    assertClose(pR, pT, "alpha " + alpha + " weights");
    assertClose(nR, nT, "alpha " + alpha + " next states");
    // Retrieval: the same fixed points (states within tolerance, same supports where the weights
    // are not at rounding level).
    org.denseam.sparse.Cccp rule = org.denseam.sparse.Cccp.fixedSteps(30);
    org.denseam.sparse.Cccp.Result rr = rule.run(m, ref, q, b);
    org.denseam.sparse.Cccp.Result rt = rule.run(m, tornado, q, b);
    assertClose(rr.states(), rt.states(), "alpha " + alpha + " retrieved states");
    for (int i = 0; i < b * n; i++) {
      if (Math.abs(rr.weights()[i]) > 1e-4 || Math.abs(rt.weights()[i]) > 1e-4) {
        assertEquals(rr.weights()[i] > 0, rt.weights()[i] > 0, "support at " + i);
      }
    }
  }

  @Test
  void clampedCoordinatesStayOnTheDevice() {
    int k = 16, d = 32, b = 4;
    double[] pats = binary(k, d, 21);
    ExactMemory m = new ExactMemory(pats, k, d, 20, Similarity.L2);
    boolean[] mask = new boolean[d];
    for (int i = 0; i < d / 3; i++) {
      mask[i] = true;
    }
    double[] x = noisy(pats, b * d, 0.1, 22);
    double[] x0 = x.clone();
    Descent.Result r = new Descent(12, 0.3, 0, mask, false).run(m, tornado, x, b);
    for (int q = 0; q < b; q++) {
      assertEquals(12, r.stepsTaken()[q]);
      for (int i = 0; i < d / 3; i++) {
        assertEquals((float) x0[q * d + i], x[q * d + i], 0.0);
      }
    }
  }

  /**
   * DrDAM retrieval's device memory depends on B, D and Y only: the same for K = 10 and K = 2000,
   * with Gaussian and with SORF projections.
   */
  @ParameterizedTest
  @EnumSource(Projection.class)
  void deviceMemoryOfDrDamRetrievalDoesNotGrowWithK(Projection projection) {
    int d = 32, y = 4096, b = 8;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 1, projection);
    long[] bytes = new long[2];
    int[] ks = {10, 2000};
    for (int n = 0; n < 2; n++) {
      FeatureMemory m = new FeatureMemory(map, 10);
      m.add(ref, binary(ks[n], d, 30 + n), ks[n]);
      new Descent(3, 0.1, 0, null, false).run(m, tornado, noisy(binary(b, d, 5), b * d, 0.0, 6), b);
      bytes[n] = tornado.lastDeviceMemoryBytes();
    }
    System.out.println("DrDAM retrieval device memory (" + projection.id() + "): K=10 -> "
        + bytes[0] + " B, K=2000 -> " + bytes[1] + " B");
    assertEquals(bytes[0], bytes[1]);
    // Buffers: x, z, acc, grad (B·D); h, value, slope (3·B·m); T (Y); B-sized vectors; trace;
    // for SORF the work buffer of B·⌈m/P⌉·P floats and the signs and row factors (⌈m/P⌉·P each);
    // for Gaussian panels the slabs of the transpose product (at most 8 × B·D).
    int p = Sorf.padded(d);
    int nbp = (map.projections() + p - 1) / p * p;
    long work = projection == Projection.SORF
        ? (long) b * nbp + 2L * nbp : (long) ProjectionKernels.SLABS * b * d;
    long bound = 4L * (4L * b * d + 3L * b * map.projections() + work + y + 16L * b + 4 * b + d)
        + 65536;
    assertTrue(bytes[0] > 0 && bytes[0] <= bound, bytes[0] + " > " + bound);
  }

  private static void run(TaskGraph g) throws Exception {
    ImmutableTaskGraph itg = g.snapshot();
    try (TornadoExecutionPlan plan = new TornadoExecutionPlan(itg)) {
      plan.withDevice(tornado.device()).execute();
    }
  }

  static double[] binary(int k, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[k * d];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextBoolean() ? 1 / Math.sqrt(d) : 0;
    }
    return a;
  }

  /** The first n values of pats plus uniform noise in [-amp, amp]. */
  static double[] noisy(double[] pats, int n, double amp, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] out = java.util.Arrays.copyOf(pats, n);
    for (int i = 0; i < n; i++) {
      out[i] += amp * (2 * r.nextDouble() - 1);
    }
    return out;
  }

  static double[] flipped(double[] pats, int b, int d, int flips, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = java.util.Arrays.copyOf(pats, b * d);
    for (int q = 0; q < b; q++) {
      for (int f = 0; f < flips; f++) {
        int i = q * d + r.nextInt(d);
        x[i] = x[i] > 0 ? 0 : 1 / Math.sqrt(d);
      }
    }
    return x;
  }

  static void assertClose(double[] expected, double[] actual, String what) {
    double err = relError(expected, actual);
    assertTrue(err <= TOL, what + ": relative error " + err + " > " + TOL);
  }

  /** Max-norm error relative to the max-norm of the expected values. */
  static double relError(double[] expected, double[] actual) {
    double num = 0, den = 0;
    for (int i = 0; i < expected.length; i++) {
      num = Math.max(num, Math.abs(actual[i] - expected[i]));
      den = Math.max(den, Math.abs(expected[i]));
    }
    return num / den;
  }
}
