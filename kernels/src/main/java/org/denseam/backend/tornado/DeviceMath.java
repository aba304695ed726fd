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
 * {@code sin} and {@code cos} may run one work-item at a time; so is the logarithm of the
 * Box-Muller radius ({@link #logUniform}); {@code sqrt}, {@code exp} and the other logarithms are
 * the device's own of single precision ({@link TornadoMath}). Products of {@link Float8}s are
 * written as fused multiply-adds lane by lane ({@link #fma8(Float8, float, Float8)}).
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
   * The Box-Muller radius {@code sqrt(-2 ln u(x_a))} in float32, the logarithm {@link
   * #logUniform}'s.
   *
   * @param xa the radius word
   * @return the radius
   */
  static float radius(int xa) {
    return TornadoMath.sqrt(-2f * logUniform(xa));
  }

  /**
   * {@code ln u(x)} of the uniform {@link #uniform}{@code (x)} in float32, as {@link
   * VectorMath#log} computes it (the JVM backend's Box-Muller, {@code GaussianVector}): u = 2^e·m
   * with m in [0.5, 1), doubled below √½, and the same polynomial and ln 2 split, about 1 ulp.
   * Arithmetic only, with no branch and no call, so that CPU devices vectorise the drawing of
   * normals across work-items, which the device's {@code log} (a library call) prevents. TornadoVM
   * 5.2's OpenCL backend has no {@link Float#floatToRawIntBits}, so e and m come from the integer
   * behind u: u = j·2^-24 for the odd {@code j = 2·((x >>> 9) & 0x7FFFFF) + 1 < 2^24}, whose bit
   * length L is found by five branch-free shifts; then m = j·2^-L and e = L - 24, both exact.
   *
   * @param x the word, read as unsigned
   * @return {@code ln u(x)}, in [-16.7, 0)
   */
  static float logUniform(int x) {
    int j = (((x >> 9) & 0x7FFFFF) << 1) | 1;
    int v = j;
    int s16 = Math.min(1, v >>> 16) << 4;
    v >>>= s16;
    int s8 = Math.min(1, v >>> 8) << 3;
    v >>>= s8;
    int s4 = Math.min(1, v >>> 4) << 2;
    v >>>= s4;
    int s2 = Math.min(1, v >>> 2) << 1;
    v >>>= s2;
    int s1 = Math.min(1, v >>> 1);
    int bl = s16 + s8 + s4 + s2 + s1 + 1;
    float m = (j << (24 - bl)) * 0x1p-24f;
    float small = Math.min(1f, Math.max(0f, (VectorMath.SQRT_HALF - m) * 0x1p60f));
    float f = m + small * m - 1f;
    float fe = (bl - 24) - small;
    float z = f * f;
    float g = f * VectorMath.G0 + VectorMath.G1;
    g = g * f + VectorMath.G2;
    g = g * f + VectorMath.G3;
    g = g * f + VectorMath.G4;
    g = g * f + VectorMath.G5;
    g = g * f + VectorMath.G6;
    g = g * f + VectorMath.G7;
    g = g * f + VectorMath.G8;
    float y = g * f * z;
    y = fe * VectorMath.LN2_LO + y;
    y = z * -0.5f + y;
    return fe * VectorMath.LN2_HI + (f + y);
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
   * {@link #p} for eight inputs, one per lane ({@link #cosLanes}, or exp lane by lane).
   *
   * @param basis basis code
   * @param h the projections of one α, one input per lane
   * @param bias shift of α (Cos only, else 0)
   * @param n2 the squared norms, one input per lane
   * @return the eight values of p
   */
  static Float8 pLanes(int basis, Float8 h, float bias, Float8 n2) {
    return basis <= FeatureKernels.COS ? cosLanes(Float8.add(h, bias))
        : expLanes(Float8.sub(h, n2));
  }

  /**
   * {@link #q} for eight inputs, one per lane ({@link #sinLanes}, or exp lane by lane).
   *
   * @param basis basis code
   * @param h the projections of one α, one input per lane
   * @param bias shift of α (Cos only, else 0)
   * @param n2 the squared norms, one input per lane
   * @return the eight values of q
   */
  static Float8 qLanes(int basis, Float8 h, float bias, Float8 n2) {
    return basis <= FeatureKernels.COS ? sinLanes(Float8.add(h, bias))
        : expLanes(Float8.sub(Float8.mult(h, -1f), n2));
  }

  /** {@code exp x} of each lane. */
  private static Float8 expLanes(Float8 x) {
    return new Float8(TornadoMath.exp(x.getS0()),
        TornadoMath.exp(x.getS1()),
        TornadoMath.exp(x.getS2()),
        TornadoMath.exp(x.getS3()),
        TornadoMath.exp(x.getS4()),
        TornadoMath.exp(x.getS5()),
        TornadoMath.exp(x.getS6()),
        TornadoMath.exp(x.getS7()));
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
    float n = quadrant(x);
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
    float n = quadrant(x);
    float r = reduce(x, n);
    float r2 = r * r;
    int q = (int) n;
    float odd = q & 1;
    return (1 - ((q + 1) & 2)) * ((1 - odd) * cosPoly(r2) + odd * sinPoly(r, r2));
  }

  /**
   * {@link #sin} of eight arguments, one per lane, with the same operations in the same order:
   * only the nearest multiples of π/2 and their quadrant bits are taken lane by lane ({@link
   * #quadrants}, {@link #oddLanes}, {@link #signLanes}); the reduction, the polynomials and the
   * choice are vector arithmetic.
   *
   * @param x the arguments in radians
   * @return {@code sin x}, lane by lane
   */
  static Float8 sinLanes(Float8 x) {
    Float8 n = quadrants(x);
    Float8 r = reduceLanes(x, n);
    Float8 r2 = Float8.mult(r, r);
    Float8 odd = oddLanes(n);
    Float8 even = Float8.add(Float8.mult(odd, -1f), 1f);
    return Float8.mult(signLanes(n, 0), Float8.add(Float8.mult(even, sinPolyLanes(r, r2)),
        Float8.mult(odd, cosPolyLanes(r2))));
  }

  /**
   * {@link #cos} of eight arguments, one per lane ({@link #sinLanes}).
   *
   * @param x the arguments in radians
   * @return {@code cos x}, lane by lane
   */
  static Float8 cosLanes(Float8 x) {
    Float8 n = quadrants(x);
    Float8 r = reduceLanes(x, n);
    Float8 r2 = Float8.mult(r, r);
    Float8 odd = oddLanes(n);
    Float8 even = Float8.add(Float8.mult(odd, -1f), 1f);
    return Float8.mult(signLanes(n, 1), Float8.add(Float8.mult(even, cosPolyLanes(r2)),
        Float8.mult(odd, sinPolyLanes(r, r2))));
  }

  /**
   * A nearest multiple of π/2 for {@code |x·2/π| < 2^31}: {@code floor(x·2/π + 0.5)}, or at a
   * tie, where {@code x·2/π + 0.5} is within 2^-60 below an integer, that integer (both reduce x to
   * {@code |r| ≤ π/4}, to rounding).
   *
   * @param x the argument in radians
   * @return n, an integer as a float
   */
  static float quadrant(float x) {
    return floorOf(x * VectorMath.TWO_OVER_PI + 0.5f);
  }

  /**
   * {@code floor v} ({@link #quadrant}), without a branch: the truncation t, less one where {@code
   * t > v}, the step taken as {@code (int) min(1, max(0, (t - v)·2^60))}. Some CPU devices (PoCL) keep
   * the device's {@code floor} a call with a branch per value, and a select here breaks TornadoVM
   * 5.2's scheduling once inlined eight times; conversions and a min vectorise.
   */
  private static float floorOf(float v) {
    float t = (int) v;
    return t - (int) Math.min(1f, Math.max(0f, (t - v) * 0x1p60f));
  }

  /** {@link #quadrant}, lane by lane. */
  private static Float8 quadrants(Float8 x) {
    Float8 y = Float8.add(Float8.mult(x, VectorMath.TWO_OVER_PI), 0.5f);
    return new Float8(floorOf(y.getS0()),
        floorOf(y.getS1()),
        floorOf(y.getS2()),
        floorOf(y.getS3()),
        floorOf(y.getS4()),
        floorOf(y.getS5()),
        floorOf(y.getS6()),
        floorOf(y.getS7()));
  }

  /** {@code (int) n & 1} of each lane, as a float. */
  private static Float8 oddLanes(Float8 n) {
    return new Float8((int) n.getS0() & 1,
        (int) n.getS1() & 1,
        (int) n.getS2() & 1,
        (int) n.getS3() & 1,
        (int) n.getS4() & 1,
        (int) n.getS5() & 1,
        (int) n.getS6() & 1,
        (int) n.getS7() & 1);
  }

  /** {@code 1 - ((int) n + shift & 2)} of each lane, as a float: the sign of the quadrant. */
  private static Float8 signLanes(Float8 n, int shift) {
    return new Float8(1 - (((int) n.getS0() + shift) & 2),
        1 - (((int) n.getS1() + shift) & 2),
        1 - (((int) n.getS2() + shift) & 2),
        1 - (((int) n.getS3() + shift) & 2),
        1 - (((int) n.getS4() + shift) & 2),
        1 - (((int) n.getS5() + shift) & 2),
        1 - (((int) n.getS6() + shift) & 2),
        1 - (((int) n.getS7() + shift) & 2));
  }

  /** {@link #reduce}, lane by lane. */
  private static Float8 reduceLanes(Float8 x, Float8 n) {
    Float8 r = Float8.sub(x, Float8.mult(n, VectorMath.PIO2_1));
    r = Float8.sub(r, Float8.mult(n, VectorMath.PIO2_2));
    return Float8.sub(r, Float8.mult(n, VectorMath.PIO2_3));
  }

  /** {@link #sinPoly}, lane by lane. */
  private static Float8 sinPolyLanes(Float8 r, Float8 r2) {
    Float8 p = Float8.add(Float8.mult(r2, VectorMath.S0), VectorMath.S1);
    p = Float8.add(Float8.mult(p, r2), VectorMath.S2);
    return Float8.add(Float8.mult(Float8.mult(p, r2), r), r);
  }

  /** {@link #cosPoly}, lane by lane. */
  private static Float8 cosPolyLanes(Float8 r2) {
    Float8 p = Float8.add(Float8.mult(r2, VectorMath.C0), VectorMath.C1);
    p = Float8.add(Float8.mult(p, r2), VectorMath.C2);
    return Float8.add(Float8.mult(p, Float8.mult(r2, r2)),
        Float8.add(Float8.mult(r2, -0.5f), 1f));
  }

  /**
   * {@code x - n·π/2} in three steps ({@link VectorMath#reduce}), each written {@code n·(-c) + r}:
   * the same value as {@code r - n·c} in Java, and a multiply-add that TornadoVM 5.2 compiles to
   * one {@code fma}, as {@link VectorMath#reduce} computes it (it fuses {@code a·b + c}, not {@code
   * c - a·b}).
   */
  private static float reduce(float x, float n) {
    float r = n * -VectorMath.PIO2_1 + x;
    r = n * -VectorMath.PIO2_2 + r;
    return n * -VectorMath.PIO2_3 + r;
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
   * {@code a·x + c} lane by lane, each lane one fused multiply-add. TornadoVM 5.2 fuses a scalar
   * {@code a * b + c} into OpenCL's {@code fma} but keeps {@code Float8} arithmetic a multiply and
   * an add, which CPU devices then run as two instructions (PoCL compiles OpenCL C without
   * contraction); written lane by lane, the sums become {@code fma} calls that the device's
   * compiler packs back into vector FMAs.
   *
   * @param a the vector factor
   * @param x the scalar factor
   * @param c the addend
   * @return {@code fma(a_l, x, c_l)} for each lane l
   */
  static Float8 fma8(Float8 a, float x, Float8 c) {
    return new Float8(a.getS0() * x + c.getS0(), a.getS1() * x + c.getS1(),
        a.getS2() * x + c.getS2(), a.getS3() * x + c.getS3(), a.getS4() * x + c.getS4(),
        a.getS5() * x + c.getS5(), a.getS6() * x + c.getS6(), a.getS7() * x + c.getS7());
  }

  /**
   * {@code a·b + c} lane by lane, each lane one fused multiply-add ({@link #fma8(Float8, float,
   * Float8)}).
   *
   * @param a the first factor
   * @param b the second factor
   * @param c the addend
   * @return {@code fma(a_l, b_l, c_l)} for each lane l
   */
  static Float8 fma8(Float8 a, Float8 b, Float8 c) {
    return new Float8(a.getS0() * b.getS0() + c.getS0(), a.getS1() * b.getS1() + c.getS1(),
        a.getS2() * b.getS2() + c.getS2(), a.getS3() * b.getS3() + c.getS3(),
        a.getS4() * b.getS4() + c.getS4(), a.getS5() * b.getS5() + c.getS5(),
        a.getS6() * b.getS6() + c.getS6(), a.getS7() * b.getS7() + c.getS7());
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
