package org.denseam.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.denseam.api.Engine;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Memory;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;

/**
 * Figure 4A of the DrDAM paper (section 4.2): do DrDAM and MrDAM retrieve the same fixed points?
 *
 * <p>Protocol: the data of {@link Fig3} (K stored binary patterns; B queries at, near and far from
 * them). From every query both models run energy descent (eq. 5), {@code x ← x - η ∇E(x)}, for at
 * most L steps, a query stopping once {@code |E_t - E_{t-1}| < tol}; the fixed points are
 * binarised and compared with the normalised Hamming error Δ_H of eq. 15, whose random guess is
 * 0.5. The paper runs L = 1000 steps of η = 0.03 (its published scripts); the small grid runs
 * at most 40 steps of η = 0.5 with early stopping (integration time η·L of 20 instead of 30).
 *
 * <p>The bound drawn is eq. 13 squared: Δ_H is the squared Euclidean distance between the
 * binarised fixed points ({@code ||⌈x*⌋ - ⌈x̂*⌋||² = Δ_H} for entries in {0, 1/√D}), and eq. 13
 * bounds {@code ||x* - x̂*||} by {@code c·√(D/Y)}, so its shape here is {@code c·D/Y}.
 */
public final class Fig4a {
  /**
   * Parameters of a run.
   *
   * @param k stored patterns K
   * @param queries queries B per set, at most K
   * @param dims dimensions D
   * @param betas inverse temperatures β
   * @param ys feature dimensions Y (lengths of T)
   * @param basis the random-feature basis
   * @param nearFraction fraction of bits flipped for the near queries
   * @param eta step size η
   * @param steps most descent steps L
   * @param tol a query stops once its energy changes by less than this (0: run all L steps)
   * @param seed seed of data and projections
   */
  public record Config(int k, int queries, int[] dims, double[] betas, int[] ys, String basis,
      double nearFraction, double eta, int steps, double tol, long seed) implements Figure {
    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException naming the first bad parameter
     */
    public Config {
      Fig3.Config shared = new Fig3.Config(k, queries, dims, betas, ys, basis, nearFraction, seed);
      dims = shared.dims();
      betas = shared.betas();
      ys = shared.ys();
      basis = shared.basis();
      new RetrieveOptions(steps, eta, tol, null, false);
      if (steps < 1) {
        throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
      }
    }

    /**
     * The reduced grid of {@code --scale small}: K = 500, B = 50, D ∈ {30, 100}, β ∈ {10, 30,
     * 40, 50}, Y ∈ {1000, 4000, 16000, 64000}, SinCos, at most 40 steps of η = 0.5, tol 1e-7.
     *
     * @param seed the seed
     * @return the configuration
     */
    public static Config small(long seed) {
      return new Config(500, 50, new int[] {30, 100}, new double[] {10, 30, 40, 50},
          new int[] {1000, 4000, 16000, 64000}, "sincos", 0.1, 0.5, 40, 1e-7, seed);
    }

    /**
     * The paper's grid: that of {@link Fig3.Config#paper}, with L = 1000 steps of η = 0.03 and
     * no early stop.
     *
     * @param seed the seed
     * @return the configuration
     */
    public static Config paper(long seed) {
      Fig3.Config f = Fig3.Config.paper(seed);
      return new Config(f.k(), f.queries(), f.dims(), f.betas(), f.ys(), f.basis(),
          f.nearFraction(), 0.03, 1000, 0, seed);
    }

    /**
     * One line describing the configuration.
     *
     * @return the description
     */
    public String describe() {
      return String.format(Locale.ROOT,
          "K=%d stored binary patterns, %d queries per set (at, near: %s of bits flipped, far),"
              + " D=%s, beta=%s, Y=%s, %s features; descent: at most %d steps of eta=%s,"
              + " tol %s; seed %d",
          k, queries, Format.num(nearFraction), java.util.Arrays.toString(dims),
          Format.list(betas), java.util.Arrays.toString(ys), basis, steps,
          Format.num(eta), Format.num(tol), seed);
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
      return "fig4a";
    }

    @Override
    public String name() {
      return "Figure 4A";
    }

    @Override
    public String title() {
      return "DrDAM vs MrDAM fixed points, normalised Hamming error (eq. 15)";
    }

    @Override
    public double cost() {
      return Fig4a.cost(this);
    }

    @Override
    public ErrorFigure run(Engine backend, Progress progress) {
      return Fig4a.run(this, backend, progress);
    }

    @Override
    public List<Column> summary() {
      return List.of(new Column("at", ErrorPoint.HAMMING, "hamming at"),
          new Column("near", ErrorPoint.HAMMING, "hamming near"),
          new Column("far", ErrorPoint.HAMMING, "hamming far"));
    }
  }

  private Fig4a() {}

  /**
   * Largest cost of a run in the units of {@link Progress} (every query running all L steps).
   *
   * @param c the configuration
   * @return the cost
   */
  public static double cost(Config c) {
    double total = 0;
    for (int d : c.dims()) {
      for (int y : c.ys()) {
        double m = FeatureSpec.projections(c.basis(), y);
        total += c.betas().length * (c.k() * m * d + 2.0 * c.steps() * 3 * c.queries() * m * d);
      }
      total += c.betas().length * 2.0 * c.steps() * 3 * c.queries() * c.k() * d;
    }
    return total;
  }

  /**
   * Runs the experiment.
   *
   * @param c the configuration
   * @param be where both models run
   * @param progress progress reporter
   * @return the figure with all points
   */
  public static ErrorFigure run(Config c, Engine be, Progress progress) {
    int k = c.k();
    int q = c.queries();
    List<ErrorPoint> points = new ArrayList<>();
    long projSeed = BinaryData.seed(c.seed(), 0x5EED);
    RetrieveOptions descent = new RetrieveOptions(c.steps(), c.eta(), c.tol(), null, false);
    for (int d : c.dims()) {
      double[] pool = BinaryData.uniquePatterns(k + q, d,
          new SplittableRandom(BinaryData.seed(c.seed(), d, 1)));
      double[] stored = Models.rows(pool, 0, k, d);
      double[] far = Models.rows(pool, k, k + q, d);
      double[] at = Models.rows(stored, 0, q, d);
      double[] near = BinaryData.flipBits(stored, q, d, BinaryData.flipCount(c.nearFraction(), d),
          new SplittableRandom(BinaryData.seed(c.seed(), d, 2)));
      double[] start = Models.concat(at, near, far);
      for (double beta : c.betas()) {
        Memory mr = Models.exact(be, stored, k, d, beta);
        double[] xStar = Models.descend(mr, start, 3 * q, descent).states().toArray();
        progress.advance(2.0 * c.steps() * 3 * q * k * d,
            "D=" + d + " beta=" + Format.num(beta) + " MrDAM");
        for (int y : c.ys()) {
          double m = FeatureSpec.projections(c.basis(), y);
          double[] xHat;
          String note = "";
          try {
            FeatureStore dr = Models.features(be, c.basis(), d, y, projSeed, beta, stored, k);
            xHat = Models.descend(dr, start, 3 * q, descent).states().toArray();
          } catch (ArithmeticException e) {
            xHat = null;
            note = "overflow";
          }
          for (int s = 0; s < Figure.BINARY_SETS.size(); s++) {
            Metrics.Summary h = xHat == null
                ? new Metrics.Summary(Double.NaN, Double.NaN, q)
                : Metrics.summarize(Metrics.hammingErrors(Models.rows(xStar, s * q, (s + 1) * q, d),
                    Models.rows(xHat, s * q, (s + 1) * q, d), d));
            points.add(new ErrorPoint(d, k, y, beta, c.basis(), Figure.BINARY_SETS.get(s), ErrorPoint.HAMMING,
                h.mean(), h.stderr(), q, d / (double) y, note));
          }
          progress.advance(k * m * d + 2.0 * c.steps() * 3 * q * m * d,
              String.format(Locale.ROOT, "D=%d beta=%s Y=%d", d, Format.num(beta), y));
        }
      }
    }
    return new ErrorFigure("fig4a", ErrorFigure.Axis.Y,
        ErrorFigure.Row.perDimension(c.dims(), c.basis()),
        ErrorFigure.Column.atNearFar(ErrorPoint.HAMMING, "retrieval"), points, ErrorPoint.HAMMING,
        "eq. 13 squared: c·D/Y, c fitted", (p, y) -> p.d() / y);
  }
}
