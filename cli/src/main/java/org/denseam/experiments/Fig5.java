package org.denseam.experiments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;
import org.denseam.api.Engine;
import org.denseam.api.Memory;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Vectors;

/**
 * Figure 5 of the DrDAM paper (Appendix B): at a fixed feature dimension Y, how DrDAM's energy
 * and gradient errors grow with the number K of stored patterns.
 *
 * <p>Protocol: the design of {@link Fig3} with K on the horizontal axis. For each D a pool of
 * distinct random binary patterns is drawn; the memory of size K holds its first K patterns, and
 * one DrDAM memory grows through the K values by adding the new patterns to T (so every K uses
 * the same projections). The at and near queries are the first {@code min(K, cap)} stored patterns
 * (the paper averages over K queries: cap = K), the far queries a fixed set of random patterns
 * distinct from all stored ones (as many as the smallest K, as in the paper's script), and the
 * random guess uses {@code min(K, cap)} further random patterns.
 *
 * <p>The bound drawn on the gradient panels is the one eq. 13 is derived from, Lemma 3 (eq. 33):
 * {@code ||∇E - ∇Ê|| ≤ 2 C₁ K e^{βE(x)} √(D/Y)}, averaged over the panel's queries, i.e. the
 * shape {@code K · mean_b e^{βE(x_b)} · √(D/Y)} with one fitted constant per curve. Eq. 13 itself
 * is flat in K at fixed Y: its K-dependence sits in the step size of Corollary 1.
 */
public final class Fig5 {
  /**
   * Parameters of a run.
   *
   * @param ks numbers of stored patterns K
   * @param cap most at and near queries per K (0: as many as K, the paper's choice)
   * @param dims dimensions D
   * @param betas inverse temperatures β
   * @param y the feature dimension Y (length of T)
   * @param basis the random-feature basis
   * @param nearFraction fraction of bits flipped for the near queries
   * @param seed seed of data and projections
   */
  public record Config(int[] ks, int cap, int[] dims, double[] betas, int y, String basis,
      double nearFraction, long seed) implements Figure.Resumable {
    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException naming the first bad parameter
     */
    public Config {
      ks = Models.sorted(Models.positives("K (--ks)", ks));
      if (cap < 0) {
        throw new IllegalArgumentException("--queries must be >= 0, got " + cap);
      }
      dims = Models.sorted(Models.positives("D (--dims)", dims));
      betas = Models.sorted(Models.betas(betas));
      Models.positive("Y (--y)", y);
      basis = Models.checkMaps(basis, dims, new int[] {y});
      if (!(nearFraction >= 0 && nearFraction <= 1)) {
        throw new IllegalArgumentException("near fraction must be in [0, 1], got " + nearFraction);
      }
      for (int d : dims) {
        long need = (long) ks[ks.length - 1] + ks[0];
        if (d < 62 && need > (1L << d) / 2) {
          throw new IllegalArgumentException(
              "D = " + d + " is too small for " + need + " distinct binary patterns");
        }
      }
    }

    /**
     * The reduced grid of {@code --scale small}: K ∈ {50, 100, 200, 400, 650, 1000}, at most 200
     * at/near queries, D ∈ {30, 100, 500}, β ∈ {10, 30, 40, 50}, Y = 16000, SinCos.
     *
     * @param seed the seed
     * @return the configuration
     */
    public static Config small(long seed) {
      return new Config(new int[] {50, 100, 200, 400, 650, 1000}, 200, new int[] {30, 100, 500},
          new double[] {10, 30, 40, 50}, 16_000, "sincos", 0.1, seed);
    }

    /**
     * The paper's grid: K ∈ {50, 100, 200, 400, 650, 1000} with K queries, D ∈ {30, 100, 500},
     * β ∈ {10, 30, 40, 50}, and its 2·10^5 projections (Y = 4·10^5 for SinCos).
     *
     * @param seed the seed
     * @return the configuration
     */
    public static Config paper(long seed) {
      return new Config(new int[] {50, 100, 200, 400, 650, 1000}, 0, new int[] {30, 100, 500},
          new double[] {10, 30, 40, 50}, 400_000, "sincos", 0.1, seed);
    }

    /** Number of at and near queries at K. */
    int queries(int k) {
      return cap == 0 ? k : Math.min(k, cap);
    }

    /**
     * One line describing the configuration.
     *
     * @return the description
     */
    public String describe() {
      return String.format(Locale.ROOT,
          "K=%s stored binary patterns, %s at/near queries (near: %s of bits flipped), %d far,"
              + " D=%s, beta=%s, Y=%d, %s features, seed %d",
          java.util.Arrays.toString(ks), cap == 0 ? "K" : "min(K, " + cap + ")",
          Format.num(nearFraction), ks[0], java.util.Arrays.toString(dims),
          Format.list(betas), y, basis, seed);
    }

    /**
     * The reduced or the paper's grid.
     *
     * @param scale which preset
     * @param seed the seed
     * @return {@link #small} or {@link #paper}
     */
    public static Config of(Scale scale, long seed) {
      return scale == Scale.PAPER ? paper(seed) : small(seed);
    }

    @Override
    public String id() {
      return "fig5";
    }

    @Override
    public String name() {
      return "Figure 5";
    }

    @Override
    public String title() {
      return "DrDAM vs MrDAM errors (eq. 14) against the number K of stored patterns";
    }

    @Override
    public double cost() {
      return Fig5.cost(this);
    }

    @Override
    public ErrorFigure run(Engine backend, Progress progress, Cells cells) throws IOException {
      return Fig5.run(this, backend, progress, cells);
    }

    @Override
    public Map<String, String> settings() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("--ks", Cells.ints(ks));
      m.put("--queries", String.valueOf(cap));
      m.put("--dims", Cells.ints(dims));
      m.put("--betas", Cells.doubles(betas));
      m.put("--y", String.valueOf(y));
      m.put("--features", basis);
      m.put("--near", Format.plain(nearFraction));
      m.put("--seed", String.valueOf(seed));
      return m;
    }

    @Override
    public List<Column> summary() {
      return List.of(new Column("at", ErrorPoint.ENERGY, "energy at"),
          new Column("near", ErrorPoint.ENERGY, "energy near"),
          new Column("far", ErrorPoint.ENERGY, "energy far"),
          new Column("at", ErrorPoint.GRADIENT, "gradient at"));
    }

    @Override
    public boolean overK() {
      return true;
    }
  }

  private Fig5() {}

  /**
   * Total cost of a run in the units of {@link Progress}.
   *
   * @param c the configuration
   * @return the cost
   */
  public static double cost(Config c) {
    double m = FeatureSpec.projections(c.basis(), c.y());
    double total = 0;
    for (int d : c.dims()) {
      for (int k : c.ks()) {
        int q = c.queries(k);
        int b = 2 * q + c.ks()[0];
        total += c.betas().length * (2.0 * (b + q) * m * d + 2.0 * b * k * d);
      }
      total += c.betas().length * (double) c.ks()[c.ks().length - 1] * m * d;
    }
    return total;
  }

  /**
   * Runs the experiment.
   *
   * @param c the configuration
   * @param be where both models are evaluated
   * @param progress progress reporter
   * @param cells the cells an earlier run finished (taken as they are), and where each new cell
   *     is recorded as it finishes
   * @return the figure with all points
   * @throws IOException if a cell cannot be recorded
   */
  public static ErrorFigure run(Config c, Engine be, Progress progress, Cells cells)
      throws IOException {
    int[] ks = c.ks();
    int kMax = ks[ks.length - 1];
    int nFar = ks[0];
    int qMax = c.queries(kMax);
    long projSeed = BinaryData.seed(c.seed(), 0x5EED);
    for (int d : c.dims()) {
      double[] pool = BinaryData.uniquePatterns(kMax + nFar, d,
          new SplittableRandom(BinaryData.seed(c.seed(), d, 1)));
      double[] storedAll = Models.rows(pool, 0, kMax, d);
      double[] far = Models.rows(pool, kMax, kMax + nFar, d);
      double[] nearAll = BinaryData.flipBits(storedAll, qMax, d,
          BinaryData.flipCount(c.nearFraction(), d),
          new SplittableRandom(BinaryData.seed(c.seed(), d, 2)));
      double[] guessAll = BinaryData.randomPatterns(qMax, d,
          new SplittableRandom(BinaryData.seed(c.seed(), d, 3)));
      double m = FeatureSpec.projections(c.basis(), c.y());
      for (double beta : c.betas()) {
        FeatureStore dr = Models.features(be, c.basis(), d, c.y(), projSeed, beta);
        boolean overflow = false;
        int held = 0;
        // The last K whose cell is still to compute: T grows through the K values in the same
        // steps as in an uninterrupted run up to it, and no further.
        int lastTodo = -1;
        for (int ki = 0; ki < ks.length; ki++) {
          if (!cells.done(Cells.key(d, beta, ks[ki]))) {
            lastTodo = ki;
          }
        }
        for (int ki = 0; ki < ks.length; ki++) {
          int k = ks[ki];
          String where = String.format(Locale.ROOT, "D=%d beta=%s K=%d", d, Format.num(beta), k);
          int q = c.queries(k);
          int b = 2 * q + nFar;
          String key = Cells.key(d, beta, k);
          if (ki > lastTodo) {
            cells.reuse(key);
            progress.skip((double) (k - held) * m * d + 2.0 * (b + q) * m * d + 2.0 * b * k * d);
            held = k;
            continue;
          }
          if (!overflow) {
            try {
              dr.add(Vectors.view(Models.rows(storedAll, held, k, d), k - held, d));
            } catch (ArithmeticException e) {
              overflow = true;
            }
          }
          progress.advance((double) (k - held) * m * d, where);
          held = k;
          if (cells.done(key)) {
            cells.reuse(key);
            progress.skip(2.0 * (b + q) * m * d + 2.0 * b * k * d);
            continue;
          }
          List<ErrorPoint> points = new ArrayList<>();
          double[] stored = Models.rows(storedAll, 0, k, d);
          double[] at = Models.rows(stored, 0, q, d);
          double[] near = Models.rows(nearAll, 0, q, d);
          double[] guess = Models.rows(guessAll, 0, q, d);
          Memory mr = Models.exact(be, stored, k, d, beta);
          int[] sizes = {q, q, nFar};
          double[] refs = Models.concat(at, near, far);
          Models.Eval exact = Models.eval(mr, refs, 2 * q + nFar);
          Models.Eval approx = null;
          if (!overflow) {
            try {
              approx = Models.eval(dr, Models.concat(refs, guess), 3 * q + nFar);
            } catch (ArithmeticException e) {
              overflow = true;
            }
          }
          String note = overflow ? "overflow" : "";
          int from = 0;
          for (int s = 0; s < Figure.BINARY_SETS.size(); s++) {
            int to = from + sizes[s];
            Models.Eval ex = exact.rows(from, to, d);
            double[] be2 = ex.e().clone();
            for (int i = 0; i < be2.length; i++) {
              be2[i] *= beta;
            }
            double shape = k * Math.exp(Models.logMeanExp(be2)) * Math.sqrt(d / (double) c.y());
            Metrics.addPair(points, d, k, c.y(), beta, c.basis(), Figure.BINARY_SETS.get(s), ex,
                approx == null ? null : approx.rows(from, to, d), shape, note);
            from = to;
          }
          Metrics.addPair(points, d, k, c.y(), beta, c.basis(), "guess", exact.rows(0, q, d),
              approx == null ? null : approx.rows(2 * q + nFar, 3 * q + nFar, d), Double.NaN,
              note);
          progress.advance(2.0 * (b + q) * m * d + 2.0 * b * k * d, where);
          cells.finish(points);
        }
      }
    }
    return new ErrorFigure("fig5", ErrorFigure.Axis.K,
        ErrorFigure.Row.perDimension(c.dims(), c.basis()), ErrorFigure.Column.energyAndGradient(),
        cells.points(), ErrorPoint.GRADIENT,
        "eq. 33: c·K·mean exp(βE(x))·√(D/Y), c fitted", null);
  }
}
