package org.denseam.experiments;

/**
 * Pearson's χ² test of homogeneity of two samples of counts over the same categories, used to
 * compare a simulated distribution with a published one.
 */
public final class ChiSquare {
  private static final int MAX_TERMS = 10_000;
  private static final double EPS = 1e-15;

  private ChiSquare() {}

  /**
   * The outcome of a test.
   *
   * @param statistic the χ² statistic
   * @param df degrees of freedom
   * @param pValue {@code P(χ²_df ≥ statistic)}
   */
  public record Test(double statistic, int df, double pValue) {}

  /**
   * Two-sample test of homogeneity. Adjacent categories are pooled from the left until each group
   * holds at least {@code minPooled} observations of the two samples together (a short remainder
   * joins the last group), so that the χ² approximation holds; then {@code χ² = Σ_g Σ_s (O_{sg} -
   * E_{sg})² / E_{sg}} with {@code E_{sg} = n_s (a_g + b_g) / (n_a + n_b)}, on {@code groups - 1}
   * degrees of freedom.
   *
   * @param a counts of the first sample per category
   * @param b counts of the second sample, same length
   * @param minPooled least number of observations per group, ≥ 1
   * @return the statistic, degrees of freedom and p-value (p = 1 when only one group remains)
   * @throws IllegalArgumentException on different lengths, negative counts, an empty sample or
   *     {@code minPooled < 1}
   */
  public static Test homogeneity(long[] a, long[] b, long minPooled) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException(
          "samples must have the same number >= 1 of categories, got " + a.length + " and " + b.length);
    }
    if (minPooled < 1) {
      throw new IllegalArgumentException("minPooled must be >= 1, got " + minPooled);
    }
    long na = 0, nb = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] < 0 || b[i] < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got " + a[i] + " and " + b[i]);
      }
      na += a[i];
      nb += b[i];
    }
    if (na == 0 || nb == 0) {
      throw new IllegalArgumentException("both samples must hold observations");
    }
    long[] ga = new long[a.length];
    long[] gb = new long[a.length];
    int groups = 0;
    long sa = 0, sb = 0;
    for (int i = 0; i < a.length; i++) {
      sa += a[i];
      sb += b[i];
      if (sa + sb >= minPooled) {
        ga[groups] = sa;
        gb[groups] = sb;
        groups++;
        sa = 0;
        sb = 0;
      }
    }
    if (sa + sb > 0) {
      if (groups == 0) {
        groups = 1;
      }
      ga[groups - 1] += sa;
      gb[groups - 1] += sb;
    }
    double total = na + nb;
    double chi2 = 0;
    for (int g = 0; g < groups; g++) {
      double pooled = ga[g] + gb[g];
      double ea = na * pooled / total;
      double eb = nb * pooled / total;
      chi2 += sq(ga[g] - ea) / ea + sq(gb[g] - eb) / eb;
    }
    int df = groups - 1;
    return new Test(chi2, df, df == 0 ? 1.0 : survival(chi2, df));
  }

  /**
   * The upper tail of the χ² distribution, {@code P(χ²_k ≥ x) = Q(k/2, x/2)}, with Q the
   * regularised upper incomplete gamma function (series below {@code x/2 < k/2 + 1}, Lentz's
   * continued fraction above; relative accuracy about 1e-14).
   *
   * @param x the statistic, ≥ 0
   * @param k degrees of freedom, ≥ 1
   * @return the tail probability in [0, 1]
   * @throws IllegalArgumentException if {@code k < 1} or x is negative or NaN
   */
  public static double survival(double x, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + k);
    }
    if (!(x >= 0)) {
      throw new IllegalArgumentException("x must be >= 0, got " + x);
    }
    if (x == 0) {
      return 1;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0;
    }
    double s = 0.5 * k;
    double y = 0.5 * x;
    double logPrefix = s * Math.log(y) - y - lnGammaHalf(k);
    if (y < s + 1) {
      // P(s, y) = y^s e^-y / Γ(s) · Σ_n y^n / (s (s+1) … (s+n))
      double term = 1 / s;
      double sum = term;
      for (int i = 1; i < MAX_TERMS && Math.abs(term) > EPS * Math.abs(sum); i++) {
        term *= y / (s + i);
        sum += term;
      }
      return Math.min(1, Math.max(0, 1 - Math.exp(logPrefix) * sum));
    }
    // Q(s, y) = y^s e^-y / Γ(s) · 1 / (y + 1 - s - 1·(1-s) / (y + 3 - s - 2·(2-s) / (y + 5 - s - …)))
    double tiny = 1e-300;
    double bb = y + 1 - s;
    double c = 1 / tiny;
    double dd = 1 / bb;
    double h = dd;
    for (int i = 1; i < MAX_TERMS; i++) {
      double an = -i * (i - s);
      bb += 2;
      dd = an * dd + bb;
      if (Math.abs(dd) < tiny) {
        dd = tiny;
      }
      c = bb + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      dd = 1 / dd;
      double delta = dd * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.min(1, Math.max(0, Math.exp(logPrefix) * h));
  }

  /** {@code ln Γ(k/2)} for an integer k ≥ 1, from Γ(1) = 1, Γ(1/2) = √π and Γ(s+1) = s Γ(s). */
  static double lnGammaHalf(int k) {
    double v = (k % 2 == 0) ? 0 : 0.5 * Math.log(Math.PI);
    for (double t = (k % 2 == 0) ? 1 : 0.5; t < 0.5 * k; t += 1) {
      v += Math.log(t);
    }
    return v;
  }

  private static double sq(double v) {
    return v * v;
  }
}
