package org.denseam.math;

import java.util.Arrays;

/**
 * The α-entmax transformations: the Ω-regularised prediction maps (eq. 3 of Martins et al., "Sparse
 * Modern Hopfield Networks") of the Tsallis α-negentropies {@link Tsallis#negentropy Ω_α}, in double
 * precision:
 *
 * <pre>
 *   α-entmax(z) = argmax_{p ∈ Δ} zᵀp - Ω_α(p),   p_i = [(α-1) z_i - τ]_+^{1/(α-1)}   (α &gt; 1),
 * </pre>
 *
 * <p>with the threshold τ chosen so that {@code Σ p_i = 1}. α = 1 is softmax, α = 2 sparsemax.
 * All maps are invariant to adding a constant to z, and every algorithm works on differences of
 * scores (softmax, sparsemax and 1.5-entmax subtract the maximum first, bisection the smallest score
 * of the support), so inputs shifted by ±1e3 give the same output as unshifted ones, up to the
 * rounding of the shifted inputs themselves. As a last step every map
 * divides p by its sum, so {@code Σ p = 1} to rounding and a support of one element is exactly a
 * one-hot vector {@code e_i}.
 *
 * <p>All methods take the scores {@code z} and write the weights into {@code p} (both of length
 * n ≥ 1; {@code p} may be {@code z} itself). Inputs must be finite; that is the caller's check (the sparse
 * memory validates its data).
 */
public final class Entmax {
  /**
   * Upper bound on the halvings of {@link #bisect}: the bracket spans fewer than 2^63 doubles, so
   * its ends are adjacent doubles after at most 63 halvings.
   */
  public static final int BISECTION_MAX_ITERATIONS = 64;

  /** The algorithm that {@link #apply} uses for an entropic index α. */
  public enum Algorithm {
    /** α = 1: {@code p_i = exp(z_i - max z) / Σ_j exp(z_j - max z)}. */
    SOFTMAX,
    /** α = 2: the Euclidean projection onto the simplex, exact, by sorting (Martins and Astudillo 2016). */
    SPARSEMAX,
    /** α = 1.5: exact, by sorting (Peters et al. 2019, Algorithm 2). */
    ENTMAX15,
    /** Any other α &gt; 1: bisection on the threshold ({@link #bisect}). */
    BISECTION
  }

  private Entmax() {}

  /**
   * Checks that an entropic index is usable.
   *
   * @param alpha the entropic index α
   * @return {@code alpha}
   * @throws IllegalArgumentException if α is not finite or α &lt; 1
   */
  public static double checkAlpha(double alpha) {
    if (!(alpha >= 1) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and >= 1, got " + alpha);
    }
    return alpha;
  }

  /**
   * The algorithm used for α: exact for α ∈ {1, 1.5, 2}, bisection otherwise.
   *
   * @param alpha the entropic index α ≥ 1
   * @return the algorithm
   * @throws IllegalArgumentException if α is not finite or α &lt; 1
   */
  public static Algorithm algorithm(double alpha) {
    checkAlpha(alpha);
    if (alpha == 1) {
      return Algorithm.SOFTMAX;
    }
    if (alpha == 1.5) {
      return Algorithm.ENTMAX15;
    }
    if (alpha == 2) {
      return Algorithm.SPARSEMAX;
    }
    return Algorithm.BISECTION;
  }

  /**
   * α-entmax by the algorithm of {@link #algorithm(double)}.
   *
   * @param alpha the entropic index α ≥ 1
   * @param z the scores θ, length n ≥ 1, finite
   * @param p output weights, length n (may be {@code z})
   * @throws IllegalArgumentException if α is not finite or α &lt; 1
   */
  public static void apply(double alpha, double[] z, double[] p) {
    switch (algorithm(alpha)) {
      case SOFTMAX -> softmax(z, p);
      case SPARSEMAX -> sparsemax(z, p);
      case ENTMAX15 -> entmax15(z, p);
      default -> bisect(alpha, z, p);
    }
  }

  /**
   * Softmax, the map of the Shannon negentropy (α = 1): {@code p_i = exp(z_i - m) / Σ_j exp(z_j -
   * m)} with {@code m = max z}.
   *
   * @param z the scores, length n ≥ 1
   * @param p output weights, length n (may be {@code z})
   */
  public static void softmax(double[] z, double[] p) {
    int n = checkLengths(z, p);
    double max = max(z, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.exp(z[i] - max);
      sum += p[i];
    }
    scale(p, n, 1 / sum);
  }

  /**
   * Sparsemax (α = 2), exact: with the scores sorted decreasingly {@code z_(1) ≥ … ≥ z_(n)}, the
   * support size is {@code k = max{k : 1 + k z_(k) > Σ_{j≤k} z_(j)}}, the threshold {@code τ =
   * (Σ_{j≤k} z_(j) - 1) / k}, and {@code p_i = [z_i - τ]_+}.
   *
   * @param z the scores, length n ≥ 1
   * @param p output weights, length n (may be {@code z})
   */
  public static void sparsemax(double[] z, double[] p) {
    int n = checkLengths(z, p);
    double max = max(z, n);
    double[] s = sortedShiftedDescending(z, n, max, 1);
    double cum = 0;
    double tau = -1; // k = 1: τ = z_(1) - 1, with z_(1) = 0 after the shift
    for (int k = 1; k <= n; k++) {
      cum += s[k - 1];
      if (1 + k * s[k - 1] > cum) { // holds for k = 1 (s[0] = 0); the largest such k is k*
        tau = (cum - 1) / k;
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      p[i] = Math.max((z[i] - max) - tau, 0);
      sum += p[i];
    }
    scale(p, n, 1 / sum);
  }

  /**
   * 1.5-entmax, exact (Peters et al. 2019): with {@code x = (z - max z) / 2} sorted decreasingly,
   * for each k the mean {@code μ_k} and variance {@code σ²_k} of the top k give {@code τ_k = μ_k -
   * sqrt(max(0, (1 - k σ²_k) / k))}; the support size is the largest k with {@code τ_k ≤ x_(k)},
   * and {@code p_i = [x_i - τ]_+²}. The running mean and variance are updated with Welford's
   * recurrence, which stays accurate when the scores are far apart.
   *
   * @param z the scores, length n ≥ 1
   * @param p output weights, length n (may be {@code z})
   */
  public static void entmax15(double[] z, double[] p) {
    int n = checkLengths(z, p);
    double max = max(z, n);
    double[] s = sortedShiftedDescending(z, n, max, 0.5);
    double mean = 0;
    double m2 = 0; // k σ²_k = Σ_{j≤k} (x_(j) - μ_k)²
    double tau = -1; // τ_1 = x_(1) - 1, with x_(1) = 0 after the shift
    for (int k = 1; k <= n; k++) {
      double x = s[k - 1];
      double delta = x - mean;
      mean += delta / k;
      m2 += delta * (x - mean);
      double tauK = mean - Math.sqrt(Math.max(0, (1 - m2) / k));
      if (tauK <= x) { // holds for k = 1; the largest such k is the support size
        tau = tauK;
      }
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double v = Math.max(0.5 * (z[i] - max) - tau, 0);
      p[i] = v * v;
      sum += p[i];
    }
    scale(p, n, 1 / sum);
  }

  /**
   * α-entmax for any α &gt; 1 by bisection on the threshold.
   *
   * <p>With {@code x_i = (α-1) z_i} sorted decreasingly, the weights are {@code p_i = [x_i -
   * τ]_+^{1/(α-1)}} with τ such that {@code Σ p_i = 1}. Two stages:
   *
   * <ol>
   *   <li>The support size k is the largest j with {@code g(j) = Σ_{i<j} (x_(i) - x_(j))^{1/(α-1)} <
   *       1} (the weights' sum at {@code τ = x_(j)}, which grows with j): found by binary search
   *       over j in ⌈log₂ n⌉ + 1 evaluations.
   *   <li>Inside the support interval the threshold is written {@code τ = x_(k) - y^{α-1}}, where
   *       y is the smallest weight of the support, so {@code p_i = (d_i + y^{α-1})^{1/(α-1)}} with
   *       {@code d_i = (α-1)(z_i - z_(k)) ≥ 0} for {@code z_i ≥ z_(k)}, and 0 otherwise. The sum
   *       grows with y from {@code g(k) < 1} at y = 0 to at least 1 at y = 1/k. The bracket
   *       {@code [0, 1/k]} is halved on the binary representation of y (positive doubles are
   *       ordered as their bit patterns), at most {@link #BISECTION_MAX_ITERATIONS} times, until
   *       its ends are adjacent doubles: y is found to one ulp, a relative error of 2^-52, at every
   *       scale.
   * </ol>
   *
   * <p>The weights at the upper end are divided by their sum. Every weight is then within a
   * relative 2^-52 of the weight at the exact threshold for the computed differences {@code d_i}:
   * no term suffers cancellation, because the differences are taken on the scores and y is
   * searched at relative precision. This keeps large α accurate (where τ itself would need far more
   * than double precision next to {@code x_(k)}) and α near 1 (where y can be tiny). The scores
   * enter only through differences, so shifting them by a constant does not change the result
   * beyond the rounding of the shifted inputs.
   *
   * @param alpha the entropic index α &gt; 1
   * @param z the scores, length n ≥ 1
   * @param p output weights, length n (may be {@code z})
   * @throws IllegalArgumentException if α is not finite or α ≤ 1
   */
  public static void bisect(double alpha, double[] z, double[] p) {
    checkAlpha(alpha);
    if (alpha == 1) {
      throw new IllegalArgumentException("bisection needs alpha > 1, got 1 (use softmax)");
    }
    int n = checkLengths(z, p);
    double am1 = alpha - 1;
    double inv = 1 / am1;
    double[] s = sortedShiftedDescending(z, n, 0, 1); // z itself: only differences are used
    int lo = 1; // g(1) = 0 < 1
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (sumAtSortedThreshold(s, mid, am1, inv) < 1) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int k = lo;
    double zk = s[k - 1];
    // Bisection on the bits of y in [0, 1/k], keeping f(y_lo) < 1 <= f(y_hi).
    long yLo = 0L; // y = +0.0
    long yHi = Double.doubleToLongBits(1.0 / k);
    for (int it = 0; it < BISECTION_MAX_ITERATIONS && yHi - yLo > 1; it++) {
      long mid = (yLo + yHi) >>> 1;
      if (supportWeights(z, n, zk, am1, inv, Double.longBitsToDouble(mid), null) < 1) {
        yLo = mid;
      } else {
        yHi = mid;
      }
    }
    double sum = supportWeights(z, n, zk, am1, inv, Double.longBitsToDouble(yHi), p);
    scale(p, n, 1 / sum);
  }

  /** {@code g(j) = Σ_{i<j} ((α-1)(s_i - s_j))^{1/(α-1)}} over the decreasingly sorted scores s. */
  private static double sumAtSortedThreshold(double[] s, int j, double am1, double inv) {
    double sj = s[j - 1];
    double sum = 0;
    for (int i = 0; i < j - 1 && sum < 1; i++) {
      sum += Math.pow(am1 * (s[i] - sj), inv);
    }
    return sum;
  }

  /**
   * {@code Σ_i p_i} with {@code p_i = (d_i + y^{α-1})^{1/(α-1)}}, {@code d_i = (α-1)(z_i - z_(k))}
   * on the support {@code z_i ≥ z_(k)} ({@code p_i = y} where {@code d_i = 0}), and 0 elsewhere;
   * stores the terms in {@code out} when it is not null.
   */
  private static double supportWeights(
      double[] z, int n, double zk, double am1, double inv, double y, double[] out) {
    double w = Math.pow(y, am1);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double v = 0;
      if (z[i] >= zk) {
        double d = am1 * (z[i] - zk);
        v = d == 0 ? y : Math.pow(d + w, inv);
      }
      if (out != null) {
        out[i] = v;
      }
      sum += v;
    }
    return sum;
  }

  /**
   * The number of positive weights, {@code ||p||_0}, or with a threshold, of weights above it.
   *
   * @param p the weights
   * @param threshold count {@code p_i > threshold} (0 for the support size)
   * @return the count
   */
  public static int supportSize(double[] p, double threshold) {
    int k = 0;
    for (double v : p) {
      if (v > threshold) {
        k++;
      }
    }
    return k;
  }

  private static int checkLengths(double[] z, double[] p) {
    if (z == null || p == null) {
      throw new IllegalArgumentException("scores and weights must be given");
    }
    if (z.length == 0) {
      throw new IllegalArgumentException("scores must have length >= 1");
    }
    if (p.length != z.length) {
      throw new IllegalArgumentException(
          "weights have length " + p.length + ", expected " + z.length + " (the scores' length)");
    }
    return z.length;
  }

  private static double max(double[] z, int n) {
    double m = z[0];
    for (int i = 1; i < n; i++) {
      m = Math.max(m, z[i]);
    }
    return m;
  }

  /** {@code factor · (z - max)}, sorted decreasingly. */
  private static double[] sortedShiftedDescending(double[] z, int n, double max, double factor) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = -factor * (z[i] - max); // sort ascending on the negation
    }
    Arrays.sort(s);
    for (int i = 0; i < n; i++) {
      s[i] = -s[i];
    }
    return s;
  }

  private static void scale(double[] p, int n, double c) {
    for (int i = 0; i < n; i++) {
      p[i] *= c;
    }
  }
}
