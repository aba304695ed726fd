package org.denseam.experiments;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The error measures of section 4 of the DrDAM paper, comparing DrDAM (energy Ê) with MrDAM
 * (energy E) on the same B queries {@code x_b}.
 *
 * <ul>
 *   <li>eq. 14, energies: {@code MAE_E = (1/B) Σ_b |E(x_b) - Ê(x_b)|};
 *   <li>eq. 14, gradients: {@code MAE_∇ = (1/B) Σ_b ||∇E(x_b) - ∇Ê(x_b)||_2} (the Euclidean norm
 *       of each query's gradient difference, averaged over queries);
 *   <li>eq. 15, retrieval: each fixed point is binarised entry by entry, {@code ⌈x⌋ = 1/√D} if
 *       {@code x ≥ 1/(2√D)}, else 0, and {@code Δ_H = (1/√D) Σ_i |⌈x*_i⌋ - ⌈x̂*_i⌋|}, which is
 *       the fraction of the D entries whose binarisations differ;
 *   <li>the "random guess" of Figure 3: the error obtained by answering with DrDAM's energies
 *       (gradients) at independent random queries {@code x_guess,b} instead of at the reference
 *       queries, {@code (1/B) Σ_b |E(ξ_b) - Ê(x_guess,b)|}; per β it is averaged over Y and the
 *       largest average over β is drawn ({@link #randomGuessLevel});
 *   <li>for Δ_H the random guess is 0.5, the expected Δ_H of an independent uniformly random
 *       binary vector ({@link #HAMMING_RANDOM_GUESS}).
 * </ul>
 *
 * <p>Arrays are flat and row-major (B × D). All methods are pure functions.
 */
public final class Metrics {
  /** The expected Δ_H between any binary vector and an independent uniformly random one. */
  public static final double HAMMING_RANDOM_GUESS = 0.5;

  private Metrics() {}

  /**
   * Mean and standard error of per-query errors.
   *
   * @param mean the mean over queries (NaN when there are none)
   * @param stderr the standard error of the mean, {@code sd/√n} with the population standard
   *     deviation (as the paper's error bars)
   * @param n the number of queries
   */
  public record Summary(double mean, double stderr, int n) {}

  /**
   * Per-query absolute energy errors {@code |E_b - Ê_b|}.
   *
   * @param e MrDAM energies, length B
   * @param eHat DrDAM energies, length B
   * @return B absolute differences
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double[] energyErrors(double[] e, double[] eHat) {
    if (e.length != eHat.length) {
      throw new IllegalArgumentException(
          "energies have lengths " + e.length + " and " + eHat.length);
    }
    double[] out = new double[e.length];
    for (int b = 0; b < e.length; b++) {
      out[b] = Math.abs(e[b] - eHat[b]);
    }
    return out;
  }

  /**
   * MAE of energies, eq. 14.
   *
   * @param e MrDAM energies
   * @param eHat DrDAM energies at the same queries
   * @return {@code (1/B) Σ_b |E_b - Ê_b|}
   */
  public static double maeEnergy(double[] e, double[] eHat) {
    return summarize(energyErrors(e, eHat)).mean();
  }

  /**
   * Per-query Euclidean norms of gradient differences {@code ||∇E_b - ∇Ê_b||_2}.
   *
   * @param g MrDAM gradients, B × D
   * @param gHat DrDAM gradients, B × D
   * @param d the dimension D
   * @return B norms
   * @throws IllegalArgumentException if the shapes differ or are not multiples of D
   */
  public static double[] gradientErrors(double[] g, double[] gHat, int d) {
    if (d < 1 || g.length != gHat.length || g.length % d != 0) {
      throw new IllegalArgumentException("gradients of lengths " + g.length + " and "
          + gHat.length + " are not two B x D matrices with D = " + d);
    }
    int b = g.length / d;
    double[] out = new double[b];
    for (int r = 0; r < b; r++) {
      double s = 0;
      for (int i = 0; i < d; i++) {
        double v = g[r * d + i] - gHat[r * d + i];
        s += v * v;
      }
      out[r] = Math.sqrt(s);
    }
    return out;
  }

  /**
   * MAE of gradients, eq. 14: the mean over queries of the Euclidean norm of the difference.
   *
   * @param g MrDAM gradients, B × D
   * @param gHat DrDAM gradients, B × D
   * @param d the dimension D
   * @return {@code (1/B) Σ_b ||∇E_b - ∇Ê_b||_2}
   */
  public static double maeGradient(double[] g, double[] gHat, int d) {
    return summarize(gradientErrors(g, gHat, d)).mean();
  }

  /**
   * Binarises one entry as in eq. 15.
   *
   * @param v the entry
   * @param d the dimension D
   * @return {@code 1/√D} if {@code v ≥ 1/(2√D)}, else 0
   */
  public static double binarize(double v, int d) {
    double one = 1 / Math.sqrt(d);
    return v >= 0.5 * one ? one : 0.0;
  }

  /**
   * Binarises every entry of B × D states as in eq. 15.
   *
   * @param x the states, B × D
   * @param d the dimension D
   * @return a new array of entries in {0, 1/√D}
   */
  public static double[] binarize(double[] x, int d) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = binarize(x[i], d);
    }
    return out;
  }

  /**
   * Per-query normalised Hamming errors Δ_H of eq. 15 between fixed points, after binarising both.
   *
   * @param xStar MrDAM fixed points, B × D
   * @param xHatStar DrDAM fixed points, B × D
   * @param d the dimension D
   * @return B values {@code (1/√D) Σ_i |⌈x*_i⌋ - ⌈x̂*_i⌋|}, each in [0, 1]
   * @throws IllegalArgumentException if the shapes differ or are not multiples of D
   */
  public static double[] hammingErrors(double[] xStar, double[] xHatStar, int d) {
    if (d < 1 || xStar.length != xHatStar.length || xStar.length % d != 0) {
      throw new IllegalArgumentException("fixed points of lengths " + xStar.length + " and "
          + xHatStar.length + " are not two B x D matrices with D = " + d);
    }
    int b = xStar.length / d;
    double scale = 1 / Math.sqrt(d);
    double[] out = new double[b];
    for (int r = 0; r < b; r++) {
      double s = 0;
      for (int i = 0; i < d; i++) {
        s += Math.abs(binarize(xStar[r * d + i], d) - binarize(xHatStar[r * d + i], d));
      }
      out[r] = scale * s;
    }
    return out;
  }

  /**
   * Mean normalised Hamming error Δ_H, eq. 15, over queries.
   *
   * @param xStar MrDAM fixed points, B × D
   * @param xHatStar DrDAM fixed points, B × D
   * @param d the dimension D
   * @return the mean of {@link #hammingErrors}
   */
  public static double hammingError(double[] xStar, double[] xHatStar, int d) {
    return summarize(hammingErrors(xStar, xHatStar, d)).mean();
  }

  /**
   * The random-guess energy error of Figure 3 for one configuration: MrDAM's energies at the
   * reference queries against DrDAM's energies at independent random queries.
   *
   * @param eReference MrDAM energies at the reference queries (the stored patterns)
   * @param eHatGuess DrDAM energies at as many independent random queries
   * @return {@code (1/B) Σ_b |E(ξ_b) - Ê(x_guess,b)|}
   */
  public static double randomGuessEnergy(double[] eReference, double[] eHatGuess) {
    return maeEnergy(eReference, eHatGuess);
  }

  /**
   * The random-guess gradient error of Figure 3 for one configuration.
   *
   * @param gReference MrDAM gradients at the reference queries, B × D
   * @param gHatGuess DrDAM gradients at as many independent random queries, B × D
   * @param d the dimension D
   * @return {@code (1/B) Σ_b ||∇E(ξ_b) - ∇Ê(x_guess,b)||_2}
   */
  public static double randomGuessGradient(double[] gReference, double[] gHatGuess, int d) {
    return maeGradient(gReference, gHatGuess, d);
  }

  /**
   * The random-guess level drawn in a panel: the random-guess error averaged over Y for each β,
   * then the largest of these averages. Non-finite entries are skipped.
   *
   * @param byBetaThenY {@code [β index][Y index]} random-guess errors
   * @return {@code max_β mean_Y guess[β][Y]}, or NaN if there is no finite entry
   */
  public static double randomGuessLevel(double[][] byBetaThenY) {
    double best = Double.NaN;
    for (double[] row : byBetaThenY) {
      double m = mean(row);
      if (Double.isFinite(m) && !(m <= best)) {
        best = m;
      }
    }
    return best;
  }

  /**
   * Mean and standard error of per-query values.
   *
   * @param values the values (non-finite ones make the result NaN)
   * @return the summary
   */
  public static Summary summarize(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new Summary(Double.NaN, Double.NaN, 0);
    }
    double m = 0;
    for (double v : values) {
      m += v;
    }
    m /= n;
    double s = 0;
    for (double v : values) {
      s += (v - m) * (v - m);
    }
    return new Summary(m, Math.sqrt(s / n) / Math.sqrt(n), n);
  }

  /**
   * The constant c of a bound of known shape, {@code err ≈ c · shape(x)}, fitted by least squares
   * in log space: c minimises {@code Σ_i (log err_i - log c - log shape(x_i))²}, so {@code log c}
   * is the mean of {@code log err_i - log shape(x_i)}. Points whose error or shape is not finite
   * and positive are left out.
   *
   * @param x the abscissae (for example Y)
   * @param err the errors at x
   * @param shape the shape of the bound, for example {@code y -> Math.sqrt(d / y)}
   * @return c, or NaN if no point qualifies
   */
  public static double fitBoundConstant(double[] x, double[] err, DoubleUnaryOperator shape) {
    if (x.length != err.length) {
      throw new IllegalArgumentException("x and err have lengths " + x.length + " and " + err.length);
    }
    double s = 0;
    int n = 0;
    for (int i = 0; i < x.length; i++) {
      double f = shape.applyAsDouble(x[i]);
      if (err[i] > 0 && Double.isFinite(err[i]) && f > 0 && Double.isFinite(f)) {
        s += Math.log(err[i]) - Math.log(f);
        n++;
      }
    }
    return n == 0 ? Double.NaN : Math.exp(s / n);
  }

  /**
   * The backends' agreement measure: the largest absolute difference relative to the largest
   * absolute reference value, {@code max_i |a_i - r_i| / max_i |r_i|} (NaN or infinite when the
   * reference is all zero).
   *
   * @param actual the values to check
   * @param reference the reference values, the same length
   * @return the relative max-norm error
   */
  public static double relMaxError(double[] actual, double[] reference) {
    double num = 0, den = 0;
    for (int i = 0; i < reference.length; i++) {
      num = Math.max(num, Math.abs(actual[i] - reference[i]));
      den = Math.max(den, Math.abs(reference[i]));
    }
    return num / den;
  }

  /**
   * Mean of finite values.
   *
   * @param values the values
   * @return their mean, skipping non-finite ones; NaN if none is finite
   */
  static double mean(double[] values) {
    double s = 0;
    int n = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Appends the energy and gradient points (eq. 14) of one query set of a figure.
   *
   * @param out the figure's points
   * @param d dimension D
   * @param k stored patterns K
   * @param y feature dimension Y
   * @param beta inverse temperature β
   * @param basis the random-feature basis
   * @param set the query set
   * @param exact MrDAM's energies and gradients of the set
   * @param approx DrDAM's, or null for NaN values (a point that could not be computed)
   * @param shape the bound's shape at this point
   * @param note a note for the CSV
   */
  static void addPair(List<ErrorPoint> out, int d, int k, int y, double beta, String basis,
      String set, Models.Eval exact, Models.Eval approx, double shape, String note) {
    int n = exact.e().length;
    if (approx == null) {
      out.add(new ErrorPoint(d, k, y, beta, basis, set, ErrorPoint.ENERGY, Double.NaN,
          Double.NaN, n, shape, note));
      out.add(new ErrorPoint(d, k, y, beta, basis, set, ErrorPoint.GRADIENT, Double.NaN,
          Double.NaN, n, shape, note));
      return;
    }
    Summary e = summarize(energyErrors(exact.e(), approx.e()));
    Summary g = summarize(gradientErrors(exact.g(), approx.g(), d));
    out.add(new ErrorPoint(d, k, y, beta, basis, set, ErrorPoint.ENERGY, e.mean(), e.stderr(),
        n, shape, note));
    out.add(new ErrorPoint(d, k, y, beta, basis, set, ErrorPoint.GRADIENT, g.mean(), g.stderr(),
        n, shape, note));
  }
}
