package org.denseam.backend.tornado;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.denseam.backend.Backends;
import org.denseam.backend.DistributedPatterns;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * GradComp time with SORF against Gaussian projections on the TornadoVM device; prints, asserts
 * nothing. Not part of the suite (kernels/pom.xml excludes it); run with {@code
 * -Dtest=SorfTimingTest -Ddenseam.timing=true} (and optionally {@code
 * -Ddenseam.timing.shape=B,D,Y}, {@code -Ddenseam.tornado.sorfPasses=n}).
 */
@EnabledIfSystemProperty(named = "denseam.timing", matches = "true")
class SorfTimingTest {
  static final int WARMUP = 2;
  static final int CALLS = 5;

  @Test
  void gradCompSorfVersusGaussian() {
    TornadoBackend tornado = (TornadoBackend) Backends.create("tornado");
    int[] shape = Arrays.stream(System.getProperty("denseam.timing.shape", "64,512,16384")
        .split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    int b = shape[0], d = shape[1], y = shape[2];
    System.out.println("device: " + tornado.device().getDescription() + "; B=" + b + " D=" + d
        + " Y=" + y + " SinCos; SORF passes per transform " + TornadoBackend.SORF_PASSES);
    SplittableRandom r = new SplittableRandom(1);
    double[] x = new double[b * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() / Math.sqrt(d);
    }
    double[] t = new double[y];
    for (int i = 0; i < y; i++) {
      t[i] = r.nextDouble();
    }
    for (Projection projection : Projection.values()) {
      FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 7, projection);
      double[] energy = new double[b];
      double[] grad = new double[b * d];
      double[] ms = new double[WARMUP + CALLS];
      for (int c = 0; c < ms.length; c++) {
        long t0 = System.nanoTime();
        tornado.gradComp(new DistributedPatterns(map, 10, t), x, b, energy, grad);
        ms[c] = (System.nanoTime() - t0) / 1e6;
      }
      double[] timed = Arrays.copyOfRange(ms, WARMUP, ms.length);
      Arrays.sort(timed);
      System.out.printf("gradComp %-8s first call %8.1f ms, median of %d after warm-up %8.1f ms"
          + " (min %.1f, max %.1f), device buffers %d B%n", projection.id(), ms[0], CALLS,
          timed[CALLS / 2], timed[0], timed[CALLS - 1], tornado.lastDeviceMemoryBytes());
    }
  }
}
