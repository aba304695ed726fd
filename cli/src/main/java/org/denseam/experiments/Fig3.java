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

/**
 * Figure 3 of the DrDAM paper (section 4.1): how well DrDAM's energies and gradients approximate
 * MrDAM's, against the feature dimension Y, for several β and D.
 *
 * <p>Protocol: for each D, {@code K + B} distinct random binary patterns in {@code {0, 1/√D}^D}
 * are drawn; the first K are stored (MrDAM keeps them, DrDAM folds them into {@code T = Σ_μ
 * φ(√β ξ_μ)}); B queries are taken <em>at</em> the first B stored patterns, B <em>near</em> them
 * ({@code ⌊0.1·D⌋} bits of each flipped) and B <em>far</em> from them (the other B random
 * patterns). For every β and Y the MAE of energies and of gradients (eq. 14) is measured on each
 * set, and the random-guess error on B further random patterns ({@link Metrics}). The paper uses
 * {@code B = K = 500}.
 *
 * <p>The projections use one seed for every Y, so the projections of a smaller Y are the first
 * ones of a larger Y (as when features are added to a memory); the data of each D has its own
 * seed, so a D gives the same numbers whatever other D run with it.
 */
public final class Fig3 {
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
   * @param seed seed of data and projections
   */
  public record Config(int k, int queries, int[] dims, double[] betas, int[] ys, String basis,
      double nearFraction, long seed) implements Figure.Resumable {
    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException naming the first bad parameter
     */
    public Config {
      Models.positive("K (--k)", k);
      Models.positive("queries per set (--queries)", queries);
      if (queries > k) {
        throw new IllegalArgumentException(
            "queries per set (--queries " + queries + ") must be <= K (--k " + k + ")");
      }
      dims = Models.sorted(Models.positives("D (--dims)", dims));
      betas = Models.sorted(Models.betas(betas));
      ys = Models.sorted(Models.positives("Y (--ys)", ys));
      basis = Models.checkMaps(basis, dims, ys);
      if (!(nearFraction >= 0 && nearFraction <= 1)) {
        throw new IllegalArgumentException("near fraction must be in [0, 1], got " + nearFraction);
      }
      for (int d : dims) {
        if (d < 62 && (long) k + queries > (1L << d) / 2) {
          throw new IllegalArgumentException("D = " + d + " is too small for " + (k + queries)
              + " distinct binary patterns");
        }
      }
    }

    /**
     * The reduced grid of {@code --scale small}: K = 500, B = 100, D ∈ {30, 100, 500}, β ∈ {10,
     * 30, 40, 50}, Y ∈ {1000, 4000, 16000, 64000}, SinCos.
     *
     * @param seed the seed
     * @return the configuration
     */
    public static Config small(long seed) {
      return new Config(500, 100, new int[] {30, 100, 500}, new double[] {10, 30, 40, 50},
          new int[] {1000, 4000, 16000, 64000}, "sincos", 0.1, seed);
    }

    /**
     * The paper's grid: K = B = 500, D ∈ {30, 100, 500}, β ∈ {10, 30, 40, 50}, and the paper's
     * numbers of projections {5·10^3, 4·10^4, 8·10^4, 1.2·10^5, 1.6·10^5, 2·10^5, 3·10^5,
     * 4·10^5, 5·10^5} (its "Y"), which for SinCos are T of twice that length.
     *
     * @param seed the seed
     * @return the configuration
     */
    public static Config paper(long seed) {
      return new Config(500, 500, new int[] {30, 100, 500}, new double[] {10, 30, 40, 50},
          PAPER_YS.clone(), "sincos", 0.1, seed);
    }

    /**
     * One line describing the configuration.
     *
     * @return the description
     */
    public String describe() {
      return String.format(Locale.ROOT,
          "K=%d stored binary patterns, %d queries per set (at, near: %s of bits flipped, far),"
              + " D=%s, beta=%s, Y=%s, %s features, seed %d",
          k, queries, Format.num(nearFraction), java.util.Arrays.toString(dims),
          Format.list(betas), java.util.Arrays.toString(ys), basis, seed);
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
      return "fig3";
    }

    @Override
    public String name() {
      return "Figure 3";
    }

    @Override
    public String title() {
      return "DrDAM vs MrDAM, MAE of energies and gradients (eq. 14)";
    }

    @Override
    public double cost() {
      return Fig3.cost(this);
    }

    @Override
    public ErrorFigure run(Engine backend, Progress progress, Cells cells) throws IOException {
      return Fig3.run(this, backend, progress, cells);
    }

    @Override
    public Map<String, String> settings() {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("--k", String.valueOf(k));
      m.put("--queries", String.valueOf(queries));
      m.put("--dims", Cells.ints(dims));
      m.put("--betas", Cells.doubles(betas));
      m.put("--ys", Cells.ints(ys));
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
          new Column("near", ErrorPoint.GRADIENT, "gradient near"));
    }
  }

  /** T lengths for the paper's projection counts with SinCos: 2 × {5e3, 4e4, ..., 5e5}. */
  static final int[] PAPER_YS = {
    10_000, 80_000, 160_000, 240_000, 320_000, 400_000, 600_000, 800_000, 1_000_000
  };

  private Fig3() {}

  /**
   * Total cost of a run in the units of {@link Progress} (multiply-adds).
   *
   * @param c the configuration
   * @return the cost
   */
  public static double cost(Config c) {
    double total = 0;
    for (int d : c.dims()) {
      for (int y : c.ys()) {
        double m = FeatureSpec.projections(c.basis(), y);
        total += c.betas().length * (c.k() * m * d + 2.0 * 4 * c.queries() * m * d);
      }
      total += c.betas().length * 2.0 * 3 * c.queries() * c.k() * d;
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
    int k = c.k();
    int q = c.queries();
    long projSeed = BinaryData.seed(c.seed(), 0x5EED);
    for (int d : c.dims()) {
      double[] pool = BinaryData.uniquePatterns(k + q, d,
          new SplittableRandom(BinaryData.seed(c.seed(), d, 1)));
      double[] stored = Models.rows(pool, 0, k, d);
      double[] far = Models.rows(pool, k, k + q, d);
      double[] at = Models.rows(stored, 0, q, d);
      double[] near = BinaryData.flipBits(stored, q, d, BinaryData.flipCount(c.nearFraction(), d),
          new SplittableRandom(BinaryData.seed(c.seed(), d, 2)));
      double[] guess = BinaryData.randomPatterns(q, d,
          new SplittableRandom(BinaryData.seed(c.seed(), d, 3)));
      double[] refs = Models.concat(at, near, far);
      double[] all = Models.concat(at, near, far, guess);
      for (double beta : c.betas()) {
        // MrDAM's energies and gradients do not depend on Y: once per (D, β), when needed.
        Models.Eval exact = null;
        for (int y : c.ys()) {
          double m = FeatureSpec.projections(c.basis(), y);
          String key = Cells.key(d, beta, y);
          if (cells.done(key)) {
            cells.reuse(key);
            progress.skip(k * m * d + 2.0 * 4 * q * m * d);
            continue;
          }
          if (exact == null) {
            Memory mr = Models.exact(be, stored, k, d, beta);
            exact = Models.eval(mr, refs, 3 * q);
            progress.advance(2.0 * 3 * q * k * d, "D=" + d + " beta=" + Format.num(beta));
          }
          List<ErrorPoint> points = new ArrayList<>();
          String where = String.format(Locale.ROOT, "D=%d beta=%s Y=%d", d,
              Format.num(beta), y);
          Models.Eval approx;
          String note = "";
          try {
            FeatureStore dr = Models.features(be, c.basis(), d, y, projSeed, beta, stored, k);
            approx = Models.eval(dr, all, 4 * q);
          } catch (ArithmeticException e) {
            approx = null;
            note = "overflow";
          }
          for (int s = 0; s < Figure.BINARY_SETS.size(); s++) {
            Metrics.addPair(points, d, k, y, beta, c.basis(), Figure.BINARY_SETS.get(s), exact.rows(s * q, (s + 1) * q, d),
                approx == null ? null : approx.rows(s * q, (s + 1) * q, d), Math.sqrt(d / (double) y),
                note);
          }
          Metrics.addPair(points, d, k, y, beta, c.basis(), "guess", exact.rows(0, q, d),
              approx == null ? null : approx.rows(3 * q, 4 * q, d), Double.NaN, note);
          progress.advance(k * m * d + 2.0 * 4 * q * m * d, where);
          cells.finish(points);
        }
        if (exact == null) {
          progress.skip(2.0 * 3 * q * k * d);
        }
      }
    }
    return figure(cells.points(), c.dims(), c.basis());
  }

  /**
   * The figure's layout: one row per D; columns for energies and gradients at, near and far from
   * the stored patterns.
   *
   * @param points the measured points
   * @param dims the dimensions
   * @param basis the basis
   * @return the figure
   */
  static ErrorFigure figure(List<ErrorPoint> points, int[] dims, String basis) {
    return new ErrorFigure("fig3", ErrorFigure.Axis.Y, ErrorFigure.Row.perDimension(dims, basis),
        ErrorFigure.Column.energyAndGradient(), points, ErrorPoint.GRADIENT,
        "eq. 13: c·√(D/Y), c fitted", (p, y) -> Math.sqrt(p.d() / y));
  }
}
