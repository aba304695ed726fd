package org.denseam.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * float32 {@code exp}, {@code log}, {@code sin} and {@code cos} on vectors, built from additions,
 * multiplications, fused multiply-adds and integer bit operations only (Cody-Waite range
 * reduction and the minimax polynomials of Cephes' {@code expf}, {@code logf}, {@code sinf},
 * {@code cosf}; about 1 ulp on the ranges used here).
 *
 * <p>Why not {@code VectorOperators.EXP/LOG/SIN/COS}: those run Intel's SVML when C2 has compiled
 * the caller but {@code Math.*} lane by lane when it has not, and the two differ in the last bit,
 * so results would depend on the JIT's progress. These methods give the same bits in the
 * interpreter, C1 and C2 (IEEE 754 pins every operation they use), which keeps the JVM backend's
 * results independent of warm-up and of the number of threads. They are also faster: no call into
 * a stub that saves the vector registers.
 *
 * <p>The kernels of the JVM backend repeat these few lines inside their loops instead of calling
 * them: C2 stops inlining ordinary methods into a large vector loop (its node-count cutoff), and a
 * vector passed to a method that is not inlined is boxed on the heap. They use the constants
 * defined here, and tests check them against these methods.
 */
public final class VectorMath {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;

  /** 1.5·2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
  public static final float ROUNDER = 12582912f;
  /** log2(e). */
  public static final float LOG2E = 1.44269504088896341f;
  /** ln 2, high part (exact products with small integers). */
  public static final float LN2_HI = 0.693359375f;
  /** ln 2, low part: {@code ln 2 = LN2_HI + LN2_LO} to float64 precision. */
  public static final float LN2_LO = -2.12194440e-4f;
  /** π/2, first part (8 bits). */
  public static final float PIO2_1 = 1.5703125f;
  /** π/2, second part. */
  public static final float PIO2_2 = 4.837512969970703125e-4f;
  /** π/2, third part. */
  public static final float PIO2_3 = 7.54978995489188216e-8f;
  /** 2/π. */
  public static final float TWO_OVER_PI = 0.636619772367581343f;
  /** √½: mantissas below it are doubled in {@link #log}. */
  public static final float SQRT_HALF = 0.707106781186547524f;
  /** Above this, exp overflows float32. */
  public static final float EXP_MAX = 88.72283f;
  /** Below this, exp is flushed to zero (the result would be below 2^-125). */
  public static final float EXP_MIN = -86.6f;
  /** exp polynomial coefficients, highest degree first. */
  public static final float E0 = 1.9875691500e-4f, E1 = 1.3981999507e-3f, E2 = 8.3334519073e-3f,
      E3 = 4.1665795894e-2f, E4 = 1.6666665459e-1f, E5 = 5.0000001201e-1f;
  /** log polynomial coefficients, highest degree first. */
  public static final float G0 = 7.0376836292e-2f, G1 = -1.1514610310e-1f, G2 = 1.1676998740e-1f,
      G3 = -1.2420140846e-1f, G4 = 1.4249322787e-1f, G5 = -1.6668057665e-1f,
      G6 = 2.0000714765e-1f, G7 = -2.4999993993e-1f, G8 = 3.3333331174e-1f;
  /** sin polynomial coefficients on [-π/4, π/4], highest degree first. */
  public static final float S0 = -1.9515295891e-4f, S1 = 8.3321608736e-3f, S2 = -1.6666654611e-1f;
  /** cos polynomial coefficients on [-π/4, π/4], highest degree first. */
  public static final float C0 = 2.443315711809948e-5f, C1 = -1.388731625493765e-3f,
      C2 = 4.166664568298827e-2f;

  private VectorMath() {}

  /**
   * {@code e^x}: +∞ above 88.72, 0 below -86.6 (and for -∞), NaN for NaN.
   *
   * @param x arguments
   * @return {@code exp(x)}
   */
  public static FloatVector exp(FloatVector x) {
    FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
    FloatVector n = xc.fma(LOG2E, ROUNDER).sub(ROUNDER);
    FloatVector r = n.fma(bc(-LN2_HI), xc);
    r = n.fma(bc(-LN2_LO), r);
    FloatVector r2 = r.mul(r);
    FloatVector p = r.fma(E0, E1);
    p = p.fma(r, bc(E2));
    p = p.fma(r, bc(E3));
    p = p.fma(r, bc(E4));
    p = p.fma(r, bc(E5));
    p = p.fma(r2, r).add(1f);
    // 2^n as 2^(n-1)·2 keeps the exponent field in range for n = 128.
    IntVector e = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(126)
        .lanewise(VectorOperators.LSHL, 23);
    FloatVector y = p.mul(e.reinterpretAsFloats()).mul(2f);
    y = y.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
    y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
    return y.blend(x, x.test(VectorOperators.IS_NAN));
  }

  /**
   * Natural logarithm of positive normal floats (the only arguments used here: uniforms in
   * (0, 1)).
   *
   * @param x positive normal arguments
   * @return {@code ln(x)}
   */
  public static FloatVector log(FloatVector x) {
    IntVector bits = x.reinterpretAsInts();
    IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126);
    // Mantissa scaled to [0.5, 1).
    FloatVector m = bits.and(0x807FFFFF).or(0x3F000000).reinterpretAsFloats();
    VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
    FloatVector f = m.add(m.blend(0f, small.not())).sub(1f);
    FloatVector fe = ((FloatVector) e.convert(VectorOperators.I2F, 0))
        .sub(FloatVector.zero(FS).blend(1f, small));
    FloatVector z = f.mul(f);
    FloatVector p = f.fma(G0, G1);
    p = p.fma(f, bc(G2));
    p = p.fma(f, bc(G3));
    p = p.fma(f, bc(G4));
    p = p.fma(f, bc(G5));
    p = p.fma(f, bc(G6));
    p = p.fma(f, bc(G7));
    p = p.fma(f, bc(G8));
    FloatVector y = p.mul(f).mul(z);
    y = fe.fma(bc(LN2_LO), y);
    y = z.fma(bc(-0.5f), y);
    return fe.fma(bc(LN2_HI), f.add(y));
  }

  /**
   * {@code sin(x)} for {@code |x| < 2^17} (accuracy degrades slowly beyond).
   *
   * @param x arguments in radians
   * @return {@code sin(x)}
   */
  public static FloatVector sin(FloatVector x) {
    FloatVector n = quadrants(x);
    FloatVector r = reduce(x, n);
    FloatVector r2 = r.mul(r);
    return sinQuadrant(sinPoly(r, r2), cosPoly(r2), (IntVector) n.convert(VectorOperators.F2I, 0));
  }

  /**
   * {@code cos(x)} for {@code |x| < 2^17} (accuracy degrades slowly beyond).
   *
   * @param x arguments in radians
   * @return {@code cos(x)}
   */
  public static FloatVector cos(FloatVector x) {
    FloatVector n = quadrants(x);
    FloatVector r = reduce(x, n);
    FloatVector r2 = r.mul(r);
    return cosQuadrant(sinPoly(r, r2), cosPoly(r2), (IntVector) n.convert(VectorOperators.F2I, 0));
  }

  /**
   * {@code sin(r + q·π/2)} from {@code s = sin r} and {@code c = cos r}.
   *
   * @param s sine of the reduced argument
   * @param c cosine of the reduced argument
   * @param q quadrants
   * @return the sine of the full argument
   */
  public static FloatVector sinQuadrant(FloatVector s, FloatVector c, IntVector q) {
    VectorMask<Float> odd = q.and(1).compare(VectorOperators.NE, 0).cast(FS);
    IntVector sign = q.and(2).lanewise(VectorOperators.LSHL, 30);
    return s.blend(c, odd).reinterpretAsInts().lanewise(VectorOperators.XOR, sign)
        .reinterpretAsFloats();
  }

  /**
   * {@code cos(r + q·π/2)} from {@code s = sin r} and {@code c = cos r}.
   *
   * @param s sine of the reduced argument
   * @param c cosine of the reduced argument
   * @param q quadrants
   * @return the cosine of the full argument
   */
  public static FloatVector cosQuadrant(FloatVector s, FloatVector c, IntVector q) {
    VectorMask<Float> odd = q.and(1).compare(VectorOperators.NE, 0).cast(FS);
    IntVector sign = q.add(1).and(2).lanewise(VectorOperators.LSHL, 30);
    return c.blend(s, odd).reinterpretAsInts().lanewise(VectorOperators.XOR, sign)
        .reinterpretAsFloats();
  }

  private static FloatVector bc(float v) {
    return FloatVector.broadcast(FS, v);
  }

  /**
   * The nearest multiple of π/2: {@code round(x·2/π)}, as floats.
   *
   * @param x arguments, {@code |x| < 2^21}
   * @return the quadrants n (convert with {@code F2I} for {@link #sinQuadrant})
   */
  public static FloatVector quadrants(FloatVector x) {
    return x.fma(TWO_OVER_PI, ROUNDER).sub(ROUNDER);
  }

  /**
   * {@code x - n·π/2} in three steps (Cody-Waite).
   *
   * @param x arguments
   * @param n their {@link #quadrants}
   * @return reduced arguments in about [-π/4, π/4]
   */
  public static FloatVector reduce(FloatVector x, FloatVector n) {
    FloatVector r = n.fma(bc(-PIO2_1), x);
    r = n.fma(bc(-PIO2_2), r);
    return n.fma(bc(-PIO2_3), r);
  }

  /**
   * sin on [-π/4, π/4].
   *
   * @param r reduced arguments
   * @param r2 their squares
   * @return {@code sin r}
   */
  public static FloatVector sinPoly(FloatVector r, FloatVector r2) {
    FloatVector p = r2.fma(S0, S1);
    p = p.fma(r2, bc(S2));
    return p.mul(r2).fma(r, r);
  }

  /**
   * cos on [-π/4, π/4].
   *
   * @param r2 squares of the reduced arguments
   * @return {@code cos r}
   */
  public static FloatVector cosPoly(FloatVector r2) {
    FloatVector p = r2.fma(C0, C1);
    p = p.fma(r2, bc(C2));
    return p.mul(r2.mul(r2)).add(r2.fma(-0.5f, 1f));
  }

  /**
   * Sum of the lanes in lane order (deterministic, unlike {@code reduceLanes(ADD)}, whose order
   * the Vector API leaves open).
   *
   * @param v a vector
   * @return {@code v[0] + v[1] + ...}
   */
  public static float sumLanes(FloatVector v) {
    float s = 0f;
    for (int i = 0; i < FS.length(); i++) {
      s += v.lane(i);
    }
    return s;
  }

  static {
    if (IS.length() != FS.length()) {
      throw new IllegalStateException("int and float vectors differ in lane count");
    }
  }
}
