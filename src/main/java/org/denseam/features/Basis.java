package org.denseam.features;

import java.util.Locale;

/**
 * The random-feature basis functions of the DrDAM paper (Appendix C), all approximating the RBF
 * kernel {@code k(x, x') = exp(-||x - x'||² / 2)}.
 *
 * <p>Here Y is always the length of the feature vector (and of T). A basis that emits a pair of
 * features per projection (SinCos, ExpExp) uses {@code m = Y/2} projections; the others use {@code
 * m = Y}. With {@code h_α = <ω_α, z>}:
 *
 * <ul>
 *   <li>{@link #SINCOS}: {@code (cos h_α, sin h_α) / sqrt(m)}
 *   <li>{@link #COS}: {@code sqrt(2/m) cos(h_α + b_α)}, {@code b_α ~ U(0, 2π)}
 *   <li>{@link #EXP}: {@code exp(h_α - ||z||²) / sqrt(m)} (positive random features)
 *   <li>{@link #EXPEXP}: {@code (exp(h_α - ||z||²), exp(-h_α - ||z||²)) / sqrt(2m)}
 * </ul>
 *
 * <p>Appendix C prints a shift {@code b_α} inside the exponent of Exp; it only rescales the feature
 * by {@code e^{b_α}} and biases the kernel estimate, so it is left out.
 */
public enum Basis {
  /** Paired cosine and sine features; the default and the paper's choice. */
  SINCOS(0, true, true),
  /** Cosine features with a random phase shift. */
  COS(1, false, true),
  /** Positive exponential features. */
  EXP(2, false, false),
  /** Paired positive exponential features with both signs of the projection. */
  EXPEXP(3, true, false);

  /**
   * Lower clip ε of {@code <φ(z), T>} before the logarithm, for trigonometric bases, whose inner
   * products can be negative. It is hit when the query is far from every memory relative to
   * 1/√β (the kernel sum, or its random-feature estimate, of standard deviation about √(K/Y), is
   * below ε); the energy is then {@code -(1/β) log ε} and the gradient exactly zero.
   */
  public static final double TRIG_CLIP = 1e-5;

  private final int code;
  private final boolean paired;
  private final boolean trigonometric;

  Basis(int code, boolean paired, boolean trigonometric) {
    this.code = code;
    this.paired = paired;
    this.trigonometric = trigonometric;
  }

  /**
   * Stable integer code, used in {@code T.dam} headers and kernels.
   *
   * @return 0 for SinCos, 1 for Cos, 2 for Exp, 3 for ExpExp
   */
  public int code() {
    return code;
  }

  /**
   * Whether each projection yields two features.
   *
   * @return true for SinCos and ExpExp
   */
  public boolean paired() {
    return paired;
  }

  /**
   * Whether the basis is trigonometric (inner products can be negative and are clipped at {@link
   * #TRIG_CLIP}).
   *
   * @return true for SinCos and Cos
   */
  public boolean trigonometric() {
    return trigonometric;
  }

  /**
   * The lower clip ε applied to {@code s = <φ(z), T>} before {@code log}: {@link #TRIG_CLIP} for
   * trigonometric bases, {@link Double#MIN_NORMAL} (an underflow guard only; s is positive) for
   * exponential ones.
   *
   * @return ε
   */
  public double clip() {
    return trigonometric ? TRIG_CLIP : Double.MIN_NORMAL;
  }

  /**
   * Checks a feature value or an entry of T.
   *
   * @param value the value
   * @throws ArithmeticException if it is NaN or infinite: the exponentials overflowed
   */
  public void checkFeature(double value) {
    if (!Double.isFinite(value)) {
      if (trigonometric) {
        throw new ArithmeticException(id() + " features are not finite (" + value + "): a"
            + " projection of √β·x is beyond the range of the float32 sine and cosine; lower β or"
            + " rescale the inputs");
      }
      throw new ArithmeticException(id() + " features overflowed (exp of a projection of √β·x"
          + " exceeded the floating-point range); lower β, rescale the inputs, or use sincos features");
    }
  }

  /**
   * Checks an inner product {@code s = <φ(z), T>} before its logarithm is taken.
   *
   * @param s the inner product
   * @throws ArithmeticException if s is NaN or infinite (overflow), or, for exponential bases,
   *     below {@link #clip()}: s is positive, so that can only be underflow, and the energy would
   *     be silently wrong
   */
  public void checkInnerProduct(double s) {
    checkFeature(s);
    if (!trigonometric && s < clip()) {
      throw new ArithmeticException(id() + " features underflowed (<φ(√β x), T> = " + s
          + "): the query is too far from every memory for exponential features at this β;"
          + " lower β, rescale the inputs, or use sincos features");
    }
  }

  /**
   * Number of projections m for a feature dimension Y.
   *
   * @param y feature dimension Y
   * @return {@code Y/2} for paired bases, else {@code Y}
   */
  public int projections(int y) {
    return paired ? y / 2 : y;
  }

  /**
   * The normalisation constant c of each feature for m projections.
   *
   * @param m number of projections
   * @return {@code 1/sqrt(m)} (SinCos, Exp), {@code sqrt(2/m)} (Cos) or {@code 1/sqrt(2m)} (ExpExp)
   */
  public double scale(int m) {
    switch (this) {
      case COS:
        return Math.sqrt(2.0 / m);
      case EXPEXP:
        return 1.0 / Math.sqrt(2.0 * m);
      default:
        return 1.0 / Math.sqrt(m);
    }
  }

  /**
   * The lower-case name used by the CLI and in files.
   *
   * @return for example {@code "sincos"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a basis up by its code.
   *
   * @param code the value of {@link #code()}
   * @return the basis
   * @throws IllegalArgumentException for an unknown code
   */
  public static Basis ofCode(int code) {
    for (Basis b : values()) {
      if (b.code == code) {
        return b;
      }
    }
    throw new IllegalArgumentException("unknown feature basis code " + code);
  }

  /**
   * Parses a basis name, case-insensitively.
   *
   * @param name one of {@code sincos, cos, exp, expexp}
   * @return the basis
   * @throws IllegalArgumentException naming the accepted values for anything else
   */
  public static Basis parse(String name) {
    if (name != null) {
      for (Basis b : values()) {
        if (b.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
          return b;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown features '" + name + "': expected one of sincos, cos, exp, expexp");
  }
}
