package org.denseam.features;

/**
 * The per-projection arithmetic of the float32 kernels, shared by the JVM backend and the
 * TornadoVM task graphs: static, primitive-only, allocation- and exception-free.
 *
 * <p>For projection α with {@code h = <ω_α, z>}, shift {@code b} (Cos only), {@code n2 = ||z||²}
 * and normalisation c, a basis emits one or two features {@code φ_j}. These methods give the
 * feature values, their contribution {@code Σ_j T_j φ_j} to {@code s = <φ(z), T>}, and the slope
 * {@code Σ_j T_j ∂φ_j/∂h} that multiplies {@code ω_α} in {@code J_φ(z)ᵀ T}. The exponential bases
 * add {@code -2 z s} to {@code J_φ(z)ᵀ T} once per query (see {@link #EXP}).
 */
public final class FeatureKernels {
  /** Code of {@link Basis#SINCOS}. */
  public static final int SINCOS = 0;
  /** Code of {@link Basis#COS}. */
  public static final int COS = 1;
  /** Code of {@link Basis#EXP}; with {@link #EXPEXP} the only codes needing the {@code -2zs} term. */
  public static final int EXP = 2;
  /** Code of {@link Basis#EXPEXP}. */
  public static final int EXPEXP = 3;

  private FeatureKernels() {}

  /**
   * The first primitive of a projection, from which every feature formula below is built: {@code
   * p = cos(h + b)} for the trigonometric bases (b = 0 for SinCos), {@code p = exp(h - ||z||²)} for
   * the exponential ones. The TornadoVM kernels compute p and q with the device's float32
   * functions and apply the same formulas ({@link #firstOf}, {@link #secondOf}, {@link #valueOf},
   * {@link #slopeOf}).
   *
   * @param basis basis code
   * @param h projection {@code <ω_α, z>}
   * @param bias shift {@code b_α} (Cos only, else 0)
   * @param n2 {@code ||z||²}
   * @return p
   */
  public static float primitiveP(int basis, float h, float bias, float n2) {
    return basis <= COS ? (float) Math.cos(h + bias) : (float) Math.exp(h - n2);
  }

  /**
   * The second primitive of a projection: {@code q = sin(h + b)} for the trigonometric bases,
   * {@code q = exp(-h - ||z||²)} for the exponential ones.
   *
   * @param basis basis code
   * @param h projection {@code <ω_α, z>}
   * @param bias shift {@code b_α} (Cos only, else 0)
   * @param n2 {@code ||z||²}
   * @return q
   */
  public static float primitiveQ(int basis, float h, float bias, float n2) {
    return basis <= COS ? (float) Math.sin(h + bias) : (float) Math.exp(-h - n2);
  }

  /**
   * Value of the first (or only) feature from the primitives: {@code c·p}.
   *
   * @param c normalisation constant
   * @param p first primitive
   * @return {@code φ_{first}}
   */
  public static float firstOf(float c, float p) {
    return c * p;
  }

  /**
   * Value of the second feature of a paired projection (SinCos, ExpExp) from the primitives:
   * {@code c·q}.
   *
   * @param c normalisation constant
   * @param q second primitive
   * @return {@code φ_{second}}
   */
  public static float secondOf(float c, float q) {
    return c * q;
  }

  /**
   * Contribution {@code Σ_j T_j φ_j} of one projection to {@code s = <φ(z), T>}, from the
   * primitives.
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param p first primitive
   * @param q second primitive
   * @param t0 T at the projection's first feature
   * @param t1 T at its second feature (ignored for unpaired bases)
   * @return the contribution
   */
  public static float valueOf(int basis, float c, float p, float q, float t0, float t1) {
    if (basis == SINCOS) {
      return c * (t0 * p + t1 * q);
    } else if (basis == EXPEXP) {
      return t0 * (c * p) + t1 * (c * q);
    } else {
      return t0 * (c * p);
    }
  }

  /**
   * Slope {@code Σ_j T_j ∂φ_j/∂h} of one projection, from the primitives: the coefficient of
   * {@code ω_α} in {@code J_φ(z)ᵀ T}.
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param p first primitive
   * @param q second primitive
   * @param t0 T at the projection's first feature
   * @param t1 T at its second feature (ignored for unpaired bases)
   * @return the slope
   */
  public static float slopeOf(int basis, float c, float p, float q, float t0, float t1) {
    if (basis == SINCOS) {
      return c * (t1 * p - t0 * q);
    } else if (basis == COS) {
      return -c * t0 * q;
    } else if (basis == EXP) {
      return t0 * (c * p);
    } else {
      return t0 * (c * p) - t1 * (c * q);
    }
  }

  /**
   * Value of the first (or only) feature of a projection.
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param h projection {@code <ω_α, z>}
   * @param bias shift {@code b_α} (Cos only)
   * @param n2 {@code ||z||²} (exponential bases only)
   * @return {@code φ_{first}}
   */
  public static float first(int basis, float c, float h, float bias, float n2) {
    return firstOf(c, primitiveP(basis, h, basis == COS ? bias : 0f, n2));
  }

  /**
   * Value of the second feature of a paired projection (SinCos, ExpExp).
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param h projection {@code <ω_α, z>}
   * @param n2 {@code ||z||²}
   * @return {@code φ_{second}}
   */
  public static float second(int basis, float c, float h, float n2) {
    return secondOf(c, primitiveQ(basis, h, 0f, n2));
  }

  /**
   * Contribution {@code Σ_j T_j φ_j} of one projection to {@code s = <φ(z), T>}.
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param h projection {@code <ω_α, z>}
   * @param bias shift {@code b_α} (Cos only)
   * @param n2 {@code ||z||²}
   * @param t0 T at the projection's first feature
   * @param t1 T at its second feature (ignored for unpaired bases)
   * @return the contribution
   */
  public static float value(int basis, float c, float h, float bias, float n2, float t0, float t1) {
    float b = basis == COS ? bias : 0f;
    return valueOf(basis, c, primitiveP(basis, h, b, n2), primitiveQ(basis, h, b, n2), t0, t1);
  }

  /**
   * Slope {@code Σ_j T_j ∂φ_j/∂h} of one projection: the coefficient of {@code ω_α} in {@code
   * J_φ(z)ᵀ T}.
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param h projection {@code <ω_α, z>}
   * @param bias shift {@code b_α} (Cos only)
   * @param n2 {@code ||z||²}
   * @param t0 T at the projection's first feature
   * @param t1 T at its second feature (ignored for unpaired bases)
   * @return the slope
   */
  public static float slope(int basis, float c, float h, float bias, float n2, float t0, float t1) {
    float b = basis == COS ? bias : 0f;
    return slopeOf(basis, c, primitiveP(basis, h, b, n2), primitiveQ(basis, h, b, n2), t0, t1);
  }

  /**
   * The DrDAM energy from {@code s = <φ(z), T>}: {@code E = -(1/β) log max(ε, s)}, with the floor
   * ε of the basis ({@link Basis#clip}) where the estimate is not positive.
   *
   * @param s the inner product
   * @param clip the floor ε
   * @param beta inverse temperature β
   * @return the energy
   */
  public static double energy(double s, double clip, double beta) {
    return -Math.log(Math.max(clip, s)) / beta;
  }

  /**
   * Squared Euclidean distance between two rows.
   *
   * @param a first array
   * @param ao offset of the first row
   * @param b second array
   * @param bo offset of the second row
   * @param d row length D
   * @return {@code ||a - b||²}
   */
  public static float sqDist(float[] a, int ao, float[] b, int bo, int d) {
    float s = 0f;
    for (int i = 0; i < d; i++) {
      float v = a[ao + i] - b[bo + i];
      s += v * v;
    }
    return s;
  }

  /**
   * Dot product of two rows.
   *
   * @param a first array
   * @param ao offset of the first row
   * @param b second array
   * @param bo offset of the second row
   * @param d row length D
   * @return {@code <a, b>}
   */
  public static float dot(float[] a, int ao, float[] b, int bo, int d) {
    float s = 0f;
    for (int i = 0; i < d; i++) {
      s += a[ao + i] * b[bo + i];
    }
    return s;
  }
}
