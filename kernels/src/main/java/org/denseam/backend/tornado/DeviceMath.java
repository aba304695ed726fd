package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import org.denseam.math.VectorMath;
import org.denseam.rng.Gaussian;
import org.denseam.rng.Philox4x32;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The float32 transcendental functions of the kernels, so that no kernel needs float64 in its hot
 * loops and devices without fp64 run them all (a call of {@link Math#cos} on a float compiles to
 * a double-precision {@code cos} on the device): {@code sin} and {@code cos} are the JVM
 * backend's ({@link VectorMath}: its range reduction and polynomials, with its constants), which
 * compile to arithmetic that CPU devices vectorise across work-items where the device's own
 * {@code sin} and {@code cos} may run one work-item at a time; {@code log}, {@code sqrt} and
 * {@code exp} are the device's own of single precision ({@link TornadoMath}).
 *
 * <p>Only the primitives live here. What is computed from them is the core's: the Philox stream
 * and its layout ({@link Philox4x32#half}, {@link Gaussian#omega}), the uniform mapping ({@link
 * Gaussian#uniform}, computed here in float32, where it is exact), and the feature formulas in
 * terms of the two primitives p and q of a projection ({@link FeatureKernels#firstOf}, {@link
 * FeatureKernels#secondOf}, {@link FeatureKernels#valueOf}, {@link FeatureKernels#slopeOf}).
 */
final class DeviceMath {
  /** 2π in float32. */
  static final float TWO_PI = 6.2831855f;

  private DeviceMath() {}

  /**
   * {@link Gaussian#uniform} in float32: {@code ((x >>> 9) + 0.5) · 2^-23}, exact (the unsigned
   * shift is written as a signed shift and a mask, which kernel compilers lower correctly).
   *
   * @param x the word, read as unsigned
   * @return the uniform number in (0, 1)
   */
  static float uniform(int x) {
    return (((x >> 9) & 0x7FFFFF) + 0.5f) * 0x1p-23f;
  }

  /**
   * The Box-Muller radius {@code sqrt(-2 ln u(x_a))} in float32.
   *
   * @param xa the radius word
   * @return the radius
   */
  static float radius(int xa) {
    return TornadoMath.sqrt(-2f * TornadoMath.log(uniform(xa)));
  }

  /**
   * The Box-Muller angle {@code 2π u(x_b)} in float32.
   *
   * @param xb the angle word
   * @return the angle
   */
  static float angle(int xb) {
    return TWO_PI * uniform(xb);
  }

  /**
   * {@code ω_{α,i}} in float32 ({@link Gaussian#omega}): one Philox half-block.
   *
   * @param k0 key word 0 of the seed
   * @param k1 key word 1 of the seed
   * @param alpha projection α
   * @param i component i
   * @return {@code ω_{α,i}}
   */
  static float omega(int k0, int k1, int alpha, int i) {
    long pair = omegaWords(k0, k1, alpha, i);
    float r = radius((int) (pair >> 32));
    float t = angle((int) pair);
    return (i & 1) == 1 ? r * sin(t) : r * cos(t);
  }

  /**
   * The Philox half-block behind the normals {@code ω_{α,i}} and {@code ω_{α,i^1}} of {@link
   * Gaussian#omega}'s stream: the radius word in the high 32 bits, the angle word in the low.
   *
   * @param k0 key word 0 of the seed
   * @param k1 key word 1 of the seed
   * @param alpha projection α
   * @param i component i
   * @return the two words
   */
  static long omegaWords(int k0, int k1, int alpha, int i) {
    return Philox4x32.half(i >> 2, alpha, Gaussian.STREAM_OMEGA, 0, k0, k1, (i & 2) != 0);
  }

  /**
   * The Cos-feature shift {@code b_α} in float32 ({@link Gaussian#bias}).
   *
   * @param k0 key word 0 of the seed
   * @param k1 key word 1 of the seed
   * @param alpha projection α
   * @return {@code b_α}
   */
  static float bias(int k0, int k1, int alpha) {
    long pair = Philox4x32.half(0, alpha, Gaussian.STREAM_BIAS, 0, k0, k1, false);
    return angle((int) (pair >> 32));
  }

  /**
   * The first primitive of a projection ({@link FeatureKernels#primitiveP}): {@code cos(h + b)}
   * for the trigonometric bases, {@code exp(h - ||z||²)} for the exponential ones.
   *
   * @param basis basis code
   * @param h projection
   * @param bias shift (Cos only, else 0)
   * @param n2 squared norm of z
   * @return p
   */
  static float p(int basis, float h, float bias, float n2) {
    return basis <= FeatureKernels.COS ? cos(h + bias) : TornadoMath.exp(h - n2);
  }

  /**
   * The second primitive ({@link FeatureKernels#primitiveQ}): {@code sin(h + b)} or {@code exp(-h -
   * ||z||²)}.
   *
   * @param basis basis code
   * @param h projection
   * @param bias shift (Cos only, else 0)
   * @param n2 squared norm of z
   * @return q
   */
  static float q(int basis, float h, float bias, float n2) {
    return basis <= FeatureKernels.COS ? sin(h + bias) : TornadoMath.exp(-h - n2);
  }

  /**
   * The floor ε of a basis in float32: its value, or the smallest normal float where it is
   * smaller (the exponential bases' underflow guard).
   *
   * @param clip ε ({@link org.denseam.features.Basis#clip})
   * @return the float32 floor
   */
  static float clip(double clip) {
    return (float) Math.max(clip, Float.MIN_NORMAL);
  }

  /**
   * The DrDAM energy {@link FeatureKernels#energy} in float32, for the descent that stays on the
   * device: {@code -(1/β) log max(ε, s)}. (Results that leave the device are recomputed on the
   * host from s with the float64 formula.)
   *
   * @param s the inner product {@code <φ(z), T>}
   * @param clip the float32 floor ε
   * @param beta β
   * @return the energy
   */
  static float energy(float s, float clip, float beta) {
    return -TornadoMath.log(Math.max(clip, s)) / beta;
  }

  /**
   * {@code sin x} in float32 as {@link VectorMath#sin} computes it lane by lane: the nearest
   * multiple n of π/2, Cody-Waite reduction to r in about [-π/4, π/4], the polynomials {@link
   * VectorMath#sinPoly} and {@link VectorMath#cosPoly}, and the quadrant's choice and sign (about
   * 1 ulp for {@code |x| < 2^17}). The choice is arithmetic, {@code ±((1 - odd)·s + odd·c)} with
   * odd ∈ {0, 1}, exact (one term is zero, the other multiplied by one), so that the kernel has no
   * branch for the compiler to keep.
   *
   * @param x the argument in radians
   * @return {@code sin x}
   */
  static float sin(float x) {
    float n = TornadoMath.floor(x * VectorMath.TWO_OVER_PI + 0.5f);
    float r = reduce(x, n);
    float r2 = r * r;
    int q = (int) n;
    float odd = q & 1;
    return (1 - (q & 2)) * ((1 - odd) * sinPoly(r, r2) + odd * cosPoly(r2));
  }

  /**
   * {@code cos x} in float32 as {@link VectorMath#cos} computes it lane by lane ({@link #sin}).
   *
   * @param x the argument in radians
   * @return {@code cos x}
   */
  static float cos(float x) {
    float n = TornadoMath.floor(x * VectorMath.TWO_OVER_PI + 0.5f);
    float r = reduce(x, n);
    float r2 = r * r;
    int q = (int) n;
    float odd = q & 1;
    return (1 - ((q + 1) & 2)) * ((1 - odd) * cosPoly(r2) + odd * sinPoly(r, r2));
  }

  /** {@code x - n·π/2} in three steps ({@link VectorMath#reduce}). */
  private static float reduce(float x, float n) {
    float r = x - n * VectorMath.PIO2_1;
    r = r - n * VectorMath.PIO2_2;
    return r - n * VectorMath.PIO2_3;
  }

  /** sin on [-π/4, π/4] ({@link VectorMath#sinPoly}). */
  private static float sinPoly(float r, float r2) {
    float p = r2 * VectorMath.S0 + VectorMath.S1;
    p = p * r2 + VectorMath.S2;
    return p * r2 * r + r;
  }

  /** cos on [-π/4, π/4] ({@link VectorMath#cosPoly}). */
  private static float cosPoly(float r2) {
    float p = r2 * VectorMath.C0 + VectorMath.C1;
    p = p * r2 + VectorMath.C2;
    return p * (r2 * r2) + (r2 * -0.5f + 1f);
  }

  /**
   * {@code v^e} for {@code v > 0} in float32, as {@code exp(e·log v)} (TornadoVM 5.2's OpenCL
   * backend has no {@code pow}).
   *
   * @param v a positive base
   * @param e the exponent
   * @return {@code v^e}
   */
  static float pow(float v, float e) {
    return TornadoMath.exp(e * TornadoMath.log(v));
  }

  /**
   * A vector of zeros, the start of the kernels' {@link Float8} sums.
   *
   * @return (0, …, 0)
   */
  static Float8 zero8() {
    return new Float8(0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f);
  }
}
