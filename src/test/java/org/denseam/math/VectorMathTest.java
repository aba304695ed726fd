package org.denseam.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The polynomial exp, log, sin and cos against {@link Math} in double precision. */
class VectorMathTest {
  static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

  /** Largest error in float32 ulps of the exact value over n random arguments in [lo, hi). */
  static double worstUlps(UnaryOperator<FloatVector> f, DoubleUnaryOperator ref, double lo,
      double hi, double floor) {
    SplittableRandom r = new SplittableRandom(5);
    float[] in = new float[FS.length()];
    float[] out = new float[FS.length()];
    double worst = 0;
    for (int t = 0; t < 200000 / FS.length(); t++) {
      for (int l = 0; l < in.length; l++) {
        in[l] = (float) (lo + (hi - lo) * r.nextDouble());
      }
      f.apply(FloatVector.fromArray(FS, in, 0)).intoArray(out, 0);
      for (int l = 0; l < in.length; l++) {
        double e = ref.applyAsDouble(in[l]);
        double ulp = Math.ulp((float) Math.max(Math.abs(e), floor));
        worst = Math.max(worst, Math.abs(out[l] - e) / ulp);
      }
    }
    return worst;
  }

  @Test
  void expIsWithinTwoUlps() {
    assertTrue(worstUlps(VectorMath::exp, Math::exp, -80, 80, 0) <= 2);
    assertTrue(worstUlps(VectorMath::exp, Math::exp, -1, 1, 0) <= 2);
  }

  @Test
  void logIsWithinTwoUlps() {
    assertTrue(worstUlps(VectorMath::log, Math::log, 1e-7, 1, 0) <= 2);
    assertTrue(worstUlps(VectorMath::log, Math::log, 0.5, 2, 0) <= 2);
  }

  @Test
  void sinAndCosAreWithinTwoUlpsOfOne() {
    // Absolute error relative to the ulp of 1 (the scale of sin and cos).
    assertTrue(worstUlps(VectorMath::sin, Math::sin, -100, 100, 1) <= 2);
    assertTrue(worstUlps(VectorMath::cos, Math::cos, -100, 100, 1) <= 2);
    assertTrue(worstUlps(VectorMath::sin, Math::sin, -1, 1, 0) <= 2, "relative near 0");
  }

  @Test
  void expHandlesTheEnds() {
    float[] in = new float[FS.length()];
    float[] out = new float[FS.length()];
    float[] cases = {Float.NEGATIVE_INFINITY, -100f, 0f, 89f, Float.POSITIVE_INFINITY, Float.NaN,
        88.7f, -86f};
    for (int i = 0; i < in.length; i++) {
      in[i] = cases[i % cases.length];
    }
    VectorMath.exp(FloatVector.fromArray(FS, in, 0)).intoArray(out, 0);
    for (int i = 0; i < in.length; i++) {
      float x = in[i];
      if (Float.isNaN(x)) {
        assertTrue(Float.isNaN(out[i]));
      } else if (x < -86.6f) {
        assertEquals(0f, out[i], 0f);
      } else if (x > 88.72283f) {
        assertEquals(Float.POSITIVE_INFINITY, out[i], 0f);
      } else {
        assertEquals(Math.exp(x), out[i], 2 * Math.ulp((float) Math.exp(x)));
      }
    }
  }

  @Test
  void sumLanesIsInLaneOrder() {
    float[] v = new float[FS.length()];
    float expected = 0f;
    for (int i = 0; i < v.length; i++) {
      v[i] = 1f / (i + 3);
      expected += v[i];
    }
    assertEquals(expected, VectorMath.sumLanes(FloatVector.fromArray(FS, v, 0)), 0f);
  }
}
