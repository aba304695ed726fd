package org.denseam.backend.tornado;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.denseam.backend.Backends;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.FeatureMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GradComp at the size of the DrDAM paper's Figure 1: D = 12288 (64 × 64 × 3 images), Y = 180000
 * SinCos features (90000 projections), β = 60, four stored images with values in [0, 1/√D] and
 * a query whose bottom two thirds are zero. The energy and gradient of the device in each shape
 * match the double-precision reference within {@link TornadoKernelsTest#TOL} (relative max-norm).
 * T is folded by the jvm backend (ProcMems is checked against the reference at smaller sizes in
 * {@link TornadoKernelsTest}): the reference's GradComp alone regenerates 2 × 1.1·10⁹ Gaussian
 * entries of Ω in float64, most of this test's time.
 */
class PaperSizeKernelTest {
  static final int D = 12288;
  static final int Y = 180_000;
  static final int K = 4;
  static final int B = 1;
  static final double BETA = 60;
  static double[] t;
  static FeatureMap map;
  static double[] queries;
  static double[] energyRef = new double[B];
  static double[] gradientRef = new double[B * D];

  @BeforeAll
  static void reference() {
    SplittableRandom r = new SplittableRandom(12);
    double[] images = new double[K * D];
    for (int i = 0; i < images.length; i++) {
      images[i] = r.nextDouble() / Math.sqrt(D);
    }
    queries = java.util.Arrays.copyOf(images, B * D);
    int visible = D / 3;
    for (int b = 0; b < B; b++) {
      java.util.Arrays.fill(queries, b * D + visible, (b + 1) * D, 0);
    }
    map = new FeatureMap(Basis.SINCOS, D, Y, 31);
    FeatureMemory m = new FeatureMemory(map, BETA);
    m.add(Backends.create("jvm"), images, K);
    t = m.t();
    new ReferenceBackend().gradComp(new DistributedPatterns(map, BETA, t), queries, B, energyRef, gradientRef);
  }

  static Stream<TornadoBackend> shapes() {
    TornadoBackend any = (TornadoBackend) Backends.create("tornado");
    return Stream.of(new TornadoBackend(any.device(), TornadoShape.GPU),
        new TornadoBackend(any.device(), TornadoShape.CPU));
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void gradCompAtFigureOneSizeMatchesTheReference(TornadoBackend tornado) {
    double[] e = new double[B];
    double[] g = new double[B * D];
    tornado.gradComp(new DistributedPatterns(map, BETA, t), queries, B, e, g);
    TornadoKernelsTest.assertClose(energyRef, e, "D=12288 Y=180000 " + tornado.shape()
        + " energy");
    TornadoKernelsTest.assertClose(gradientRef, g, "D=12288 Y=180000 " + tornado.shape()
        + " gradient");
    System.out.printf("D=12288 Y=180000 %s: energy error %.2e, gradient error %.2e%n",
        tornado.shape(), TornadoKernelsTest.relError(energyRef, e),
        TornadoKernelsTest.relError(gradientRef, g));
  }

  @AfterAll
  static void release() {
    t = null;
    queries = null;
  }
}
