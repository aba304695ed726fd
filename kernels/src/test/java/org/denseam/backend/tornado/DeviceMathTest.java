package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.denseam.features.FeatureKernels;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The kernels' float32 {@link DeviceMath#sin} and {@link DeviceMath#cos}, run on the JVM (the
 * kernel suite checks the features computed with them on the device): within a few float32 ulps
 * of {@link Math#sin} and {@link Math#cos} across every quadrant, at quadrant boundaries, and
 * over the range of projections the kernels see; and their eight-lane forms ({@link
 * DeviceMath#sinLanes}, {@link DeviceMath#pLanes}), the same operations in the same order, equal
 * to them lane by lane. The Box-Muller logarithm {@link DeviceMath#logUniform} within 2 ulps of
 * {@link Math#log} for every bit length of the uniform's integer.
 */
class DeviceMathTest {
  /** Absolute error allowed: 4 ulps of 1 in float32, plus the reduction's error for large |x|. */
  static double tolerance(double x) {
    return 4 * Math.ulp(1f) + Math.abs(x) * 0x1p-30;
  }

  static void check(float x) {
    assertEquals(Math.sin(x), DeviceMath.sin(x), tolerance(x), "sin " + x);
    assertEquals(Math.cos(x), DeviceMath.cos(x), tolerance(x), "cos " + x);
  }

  @Test
  void sinAndCosMatchMathAcrossQuadrants() {
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 200_000; i++) {
      check((float) (r.nextDouble(-1, 1) * (i % 2 == 0 ? 10 : 2000)));
    }
    for (int n = -64; n <= 64; n++) {
      float x = (float) (n * Math.PI / 4);
      check(x);
      check(Math.nextUp(x));
      check(Math.nextDown(x));
    }
    check(0f);
    check(-0f);
    check(Float.MIN_VALUE);
  }

  @Test
  void quadrantsGiveTheRightSigns() {
    // sin and cos of the four quadrants' midpoints, far from zero: a wrong sign or swap shows.
    for (int q = -8; q < 8; q++) {
      float x = (float) ((q + 0.5) * Math.PI / 2);
      assertEquals(Math.signum(Math.sin(x)), Math.signum(DeviceMath.sin(x)), "sin sign " + x);
      assertEquals(Math.signum(Math.cos(x)), Math.signum(DeviceMath.cos(x)), "cos sign " + x);
    }
  }

  @Test
  void laneFormsEqualTheScalarOnesLaneByLane() {
    SplittableRandom r = new SplittableRandom(5);
    float[] v = new float[8];
    float[] n2 = new float[8];
    for (int i = 0; i < 20_000; i++) {
      for (int l = 0; l < 8; l++) {
        v[l] = (float) (r.nextDouble(-1, 1) * (l % 2 == 0 ? 10 : 2000));
        n2[l] = (float) r.nextDouble(0, 4);
      }
      if (i < 129) {
        // Quadrant boundaries in lane i % 8.
        v[i % 8] = (float) ((i - 64) * Math.PI / 4);
      }
      Float8 x = of(v);
      Float8 norms = of(n2);
      float bias = (float) r.nextDouble(0, 2 * Math.PI);
      Float8 s = DeviceMath.sinLanes(x);
      Float8 c = DeviceMath.cosLanes(x);
      for (int l = 0; l < 8; l++) {
        assertEquals(DeviceMath.sin(v[l]), s.get(l), "sin lane " + l + " of " + v[l]);
        assertEquals(DeviceMath.cos(v[l]), c.get(l), "cos lane " + l + " of " + v[l]);
      }
      for (int basis : new int[] {FeatureKernels.COS, FeatureKernels.SINCOS,
          FeatureKernels.EXP, FeatureKernels.EXPEXP}) {
        Float8 h = of(v);
        Float8 p = DeviceMath.pLanes(basis, Float8.mult(h, 0.001f), bias, norms);
        Float8 q = DeviceMath.qLanes(basis, Float8.mult(h, 0.001f), bias, norms);
        for (int l = 0; l < 8; l++) {
          float hl = v[l] * 0.001f;
          assertEquals(DeviceMath.p(basis, hl, bias, n2[l]), p.get(l), "p lane " + l);
          assertEquals(DeviceMath.q(basis, hl, bias, n2[l]), q.get(l), "q lane " + l);
        }
      }
    }
  }

  @Test
  void logOfTheUniformMatchesMathLog() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 400_000; i++) {
      checkLog(r.nextInt());
    }
    // Every bit length of j = 2k + 1 (k = x >>> 9), at both ends, and around √½ of each.
    for (int bits = 0; bits < 23; bits++) {
      for (int k : new int[] {(1 << bits) - 1, 1 << bits, (1 << bits) + 1,
          (int) Math.min((1L << 23) - 1, Math.round((1 << bits) * Math.sqrt(2)))}) {
        if (k >= 0 && k < (1 << 23)) {
          checkLog(k << 9);
          checkLog((k << 9) | 0x1FF);
        }
      }
    }
    checkLog(0);
    checkLog(-1);
  }

  static void checkLog(int x) {
    double u = ((x >>> 9) + 0.5) * 0x1p-23;
    assertEquals((float) u, DeviceMath.uniform(x), 0f, "uniform " + x);
    double ln = Math.log(u);
    float got = DeviceMath.logUniform(x);
    assertEquals(ln, got, 2 * Math.ulp((float) ln), "ln u(" + Integer.toHexString(x) + ")");
  }

  static Float8 of(float[] a) {
    return new Float8(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
  }
}
