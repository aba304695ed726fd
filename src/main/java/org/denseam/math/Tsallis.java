package org.denseam.math;

/**
 * The Tsallis α-negentropies (eq. 4 of Martins et al., "Sparse Modern Hopfield Networks") and the
 * Fenchel-Young losses they induce (eq. 5), in double precision:
 *
 * <pre>
 *   Ω_α(p) = (Σ_i p_i^α - 1) / (α(α-1))   (α &gt; 1),     Ω_1(p) = Σ_i p_i log p_i   (Shannon),
 *   L_Ω(θ, p) = Ω(p) + Ω*(θ) - θᵀp,      Ω*(θ) = θᵀp̂ - Ω(p̂),   p̂ = α-entmax(θ).
 * </pre>
 *
 * <p>The loss is evaluated as {@code Ω(p) - Ω(p̂) + θᵀ(p̂ - p)}, which never forms Ω*(θ) on its own
 * and so is as accurate for scores shifted by a large constant as for centred ones.
 */
public final class Tsallis {
  private Tsallis() {}

  /**
   * The negentropy {@code Ω_α(p)} of a probability vector ({@code 0 log 0 = 0}).
   *
   * @param alpha the entropic index α ≥ 1
   * @param p a point of the simplex, length n ≥ 1
   * @return {@code Ω_α(p)}, in {@code [Ω_α(1/n), 0]}
   * @throws IllegalArgumentException if α is not finite or α &lt; 1
   */
  public static double negentropy(double alpha, double[] p) {
    Entmax.checkAlpha(alpha);
    double s = 0;
    if (alpha == 1) {
      for (double v : p) {
        if (v > 0) {
          s += v * Math.log(v);
        }
      }
      return s;
    }
    for (double v : p) {
      if (v > 0) {
        s += Math.pow(v, alpha);
      }
    }
    return (s - 1) / (alpha * (alpha - 1));
  }

  /**
   * The negentropy of the uniform distribution, {@code Ω_α(1/n) = (n^{1-α} - 1) / (α(α-1))}, and
   * {@code -log n} for α = 1: the minimum of Ω_α over the simplex.
   *
   * @param alpha the entropic index α ≥ 1
   * @param n the dimension n ≥ 1
   * @return {@code Ω_α(1/n)}
   * @throws IllegalArgumentException if α is not finite, α &lt; 1, or n &lt; 1
   */
  public static double uniformNegentropy(double alpha, int n) {
    Entmax.checkAlpha(alpha);
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (alpha == 1) {
      return -Math.log(n);
    }
    return (Math.pow(n, 1 - alpha) - 1) / (alpha * (alpha - 1));
  }

  /**
   * The Fenchel-Young loss {@code L_{Ω_α}(θ, p) = Ω_α(p) - Ω_α(p̂) + θᵀ(p̂ - p)} with {@code p̂ =
   * α-entmax(θ)}, given p̂.
   *
   * @param alpha the entropic index α ≥ 1
   * @param theta the scores θ, length n
   * @param pHat {@code α-entmax(θ)}, length n
   * @param p a point of the simplex, length n
   * @return the loss, ≥ 0 up to rounding, and 0 iff {@code p = p̂}
   * @throws IllegalArgumentException if α is bad or the lengths differ
   */
  public static double fenchelYoung(double alpha, double[] theta, double[] pHat, double[] p) {
    if (pHat.length != theta.length || p.length != theta.length) {
      throw new IllegalArgumentException("theta, pHat and p must have the same length, got "
          + theta.length + ", " + pHat.length + ", " + p.length);
    }
    double dot = 0;
    for (int i = 0; i < theta.length; i++) {
      dot += theta[i] * (pHat[i] - p[i]);
    }
    return negentropy(alpha, p) - negentropy(alpha, pHat) + dot;
  }

  /**
   * The Fenchel-Young loss {@code L_{Ω_α}(θ, p)}, computing {@code p̂ = α-entmax(θ)} with {@link
   * Entmax#apply}.
   *
   * @param alpha the entropic index α ≥ 1
   * @param theta the scores θ, length n ≥ 1, finite
   * @param p a point of the simplex, length n
   * @return the loss
   * @throws IllegalArgumentException if α is bad or the lengths differ
   */
  public static double fenchelYoung(double alpha, double[] theta, double[] p) {
    double[] pHat = new double[theta.length];
    Entmax.apply(alpha, theta, pHat);
    return fenchelYoung(alpha, theta, pHat, p);
  }

  /**
   * The loss against the uniform distribution, {@code L_{Ω_α}(θ, 1/n) = Ω_α(1/n) - Ω_α(p̂) + θᵀ(p̂
   * - 1/n)}, the term inside {@code E_concave} of eq. 7.
   *
   * @param alpha the entropic index α ≥ 1
   * @param theta the scores θ, length n
   * @param pHat {@code α-entmax(θ)}, length n
   * @return the loss
   * @throws IllegalArgumentException if α is bad or the lengths differ
   */
  public static double fenchelYoungToUniform(double alpha, double[] theta, double[] pHat) {
    int n = theta.length;
    if (pHat.length != n || n == 0) {
      throw new IllegalArgumentException(
          "theta and pHat must have the same length >= 1, got " + n + " and " + pHat.length);
    }
    double mean = 0;
    for (double t : theta) {
      mean += t;
    }
    mean /= n;
    double dot = 0;
    for (int i = 0; i < n; i++) {
      dot += (theta[i] - mean) * pHat[i]; // θᵀ(p̂ - 1/n), as Σ p̂ = 1
    }
    return uniformNegentropy(alpha, n) - negentropy(alpha, pHat) + dot;
  }
}
