package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels' float32 {@link DeviceMath#sin} and {@link DeviceMath#cos}, run on the JVM (the
 * kernel suite checks the features computed with them on the device): within a few float32 ulps
 * of {@link Math#sin} and {@link Math#cos} across every quadrant, at quadrant boundaries, and
 * over the range of projections the kernels see.
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
}
