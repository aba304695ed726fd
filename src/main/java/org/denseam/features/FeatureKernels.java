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
    if (basis == SINCOS) {
      return c * (float) Math.cos(h);
    } else if (basis == COS) {
      return c * (float) Math.cos(h + bias);
    } else {
      return c * (float) Math.exp(h - n2);
    }
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
    if (basis == SINCOS) {
      return c * (float) Math.sin(h);
    } else {
      return c * (float) Math.exp(-h - n2);
    }
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
    if (basis == SINCOS) {
      return c * (t0 * (float) Math.cos(h) + t1 * (float) Math.sin(h));
    } else if (basis == EXPEXP) {
      return t0 * first(basis, c, h, bias, n2) + t1 * second(basis, c, h, n2);
    } else {
      return t0 * first(basis, c, h, bias, n2);
    }
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
    if (basis == SINCOS) {
      return c * (t1 * (float) Math.cos(h) - t0 * (float) Math.sin(h));
    } else if (basis == COS) {
      return -c * t0 * (float) Math.sin(h + bias);
    } else if (basis == EXP) {
      return t0 * first(basis, c, h, bias, n2);
    } else {
      return t0 * first(basis, c, h, bias, n2) - t1 * second(basis, c, h, n2);
    }
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
