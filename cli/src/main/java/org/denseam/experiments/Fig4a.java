package org.denseam.experiments;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;
import org.denseam.api.Engine;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Memory;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Retrieval;

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
   * @param projection the random projections: {@code gaussian} (i.i.d., the paper's) or {@code
   *     sorf} (structured orthogonal, trigonometric bases only)
   * @param nearFraction fraction of bits flipped for the near queries
   * @param eta step size η
   * @param steps most descent steps L
   * @param tol a query stops once its energy changes by less than this (0: run all L steps)
   * @param seed seed of data and projections
   */
  public record Config(int k, int queries, int[] dims, double[] betas, int[] ys, String basis,
      String projection, double nearFraction, double eta, int steps, double tol, long seed)
      implements Figure.Resumable {
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
      projection = FeatureSpec.projectionName(projection == null ? "gaussian" : projection);
      for (int y : ys) {
        FeatureSpec.checkMap(basis, y, projection);
      }
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
          new int[] {1000, 4000, 16000, 64000}, "sincos", "gaussian", 0.1, 0.5, 40, 1e-7, seed);
    }

    /**
     * The paper's grid: that of {@link Fig3.Config#paper}, with Gaussian projections and L =
     * 1000 steps of η = 0.03, no early stop.
     *
     * @param seed the seed
     * @return the configuration
     */
    public static Config paper(long seed) {
      Fig3.Config f = Fig3.Config.paper(seed);
      return new Config(f.k(), f.queries(), f.dims(), f.betas(), f.ys(), f.basis(), "gaussian",
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
              + " D=%s, beta=%s, Y=%s, %s features, %s projections; descent: at most %d steps"
              + " of eta=%s, tol %s; seed %d",
          k, queries, Format.num(nearFraction), java.util.Arrays.toString(dims),
          Format.list(betas), java.util.Arrays.toString(ys), basis, projection, steps,
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
    public ErrorFigure run(Engine backend, Progress progress, Cells cells) throws IOException {
      return Fig4a.run(this, backend, progress, cells);
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
      m.put("--projection", projection);
      m.put("--near", Format.plain(nearFraction));
      m.put("--eta", Format.plain(eta));
      m.put("--steps", String.valueOf(steps));
      m.put("--tol", Format.plain(tol));
      m.put("--seed", String.valueOf(seed));
      return m;
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
   * Queries per pass of the JVM backend's GradComp over the projections: each pass regenerates
   * every Gaussian projection once, so a batch of n queries regenerates them ⌈n/256⌉ times.
   */
  static final int QUERY_BLOCK = 256;

  /*
   * The costs below are in multiply-adds of the Gaussian kernels' GEMMs, measured with the JVM
   * backend on 2 cores of an AMD EPYC (Zen 5, AVX-512), where one such unit takes about 0.036 ns.
   */

  /** Cost of the features (sin, cos, slopes) of one query and projection. */
  static final double FEATURES = 64;

  /** Cost of regenerating one Gaussian projection coordinate (both layouts). */
  static final double REGENERATE = 72;

  /** Cost of a SORF evaluation per query, projection and (log2 P + 1), features included. */
  static final double SORF_PER_LOG = 15;

  /**
   * Cost of one descent evaluation (energy and gradient) of n queries under DrDAM, in the units of
   * {@link Progress} (multiply-adds of the Gaussian kernels): {@code m·(n·(2D + 64) + 72D·⌈n/256⌉)}
   * for Gaussian projections (scores, features and gradient per query, and the projections
   * regenerated once per pass of 256 queries), {@code m·n·15·(log2 P + 1)} for SORF (six
   * Walsh-Hadamard transforms of size P per block of P projections, P the power of two padding D,
   * and the features).
   *
   * @param c the configuration (its basis and projection)
   * @param d dimension D
   * @param y feature dimension Y
   * @param n queries evaluated
   * @return the cost
   */
  public static double evaluation(Config c, int d, int y, double n) {
    double m = FeatureSpec.projections(c.basis(), y);
    if (c.projection().equals("sorf")) {
      int p = FeatureSpec.sorfDimension(d);
      return m * n * SORF_PER_LOG * (Integer.numberOfTrailingZeros(p) + 1);
    }
    return m * (n * (2.0 * d + FEATURES) + REGENERATE * d * Math.ceil(n / QUERY_BLOCK));
  }

  /**
   * Largest cost of one cell (D, β, Y) in the units of {@link Progress}: folding the K patterns
   * into T and every query running all L steps (L + 1 evaluations).
   *
   * @param c the configuration
   * @param d dimension D
   * @param y feature dimension Y
   * @return the cost
   */
  public static double cellCost(Config c, int d, int y) {
    return foldCost(c, d, y) + (c.steps() + 1.0) * evaluation(c, d, y, 3.0 * c.queries());
  }

  /** Cost of folding the K patterns into T: features of K inputs, one pass per projection. */
  static double foldCost(Config c, int d, int y) {
    return c.k() * FeatureSpec.projections(c.basis(), y) * (d + FEATURES / 2);
  }

  /** Largest cost of MrDAM's descent for one (D, β): L + 1 evaluations of 3B queries. */
  static double exactCost(Config c, int d) {
    return (c.steps() + 1.0) * 2.0 * 3 * c.queries() * c.k() * d;
  }

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
        total += c.betas().length * cellCost(c, d, y);
      }
      total += c.betas().length * exactCost(c, d);
    }
    return total;
  }

  /**
   * The cost of the evaluations a descent made, from the steps each query took: a query that took
   * t steps was evaluated t + 1 times, and the queries still moving are evaluated together.
   *
   * @param steps the steps each query took
   * @param perEvaluation the cost of evaluating n queries at once
   * @return the cost
   */
  static double descentCost(int[] steps, java.util.function.IntToDoubleFunction perEvaluation) {
    int[] sorted = steps.clone();
    java.util.Arrays.sort(sorted);
    double total = 0;
    int i = 0;
    int prev = -1;
    for (int s : sorted) {
      if (s != prev) {
        // Queries sorted[i..] (all with at least s steps) were evaluated at steps prev+1..s.
        total += (s - prev) * perEvaluation.applyAsDouble(sorted.length - i);
        prev = s;
      }
      i++;
    }
    return total;
  }

  /**
   * Runs the experiment.
   *
   * @param c the configuration
   * @param be where both models run
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
        // MrDAM's fixed points do not depend on Y: one descent per (D, β), and none at all when
        // an earlier run finished every Y of it.
        double[] xStar = null;
        for (int y : c.ys()) {
          String key = Cells.key(d, beta, y);
          double full = cellCost(c, d, y);
          if (cells.done(key)) {
            cells.reuse(key);
            progress.skip(full);
            continue;
          }
          if (xStar == null) {
            Memory mr = Models.exact(be, stored, k, d, beta);
            Retrieval r = Models.descend(mr, start, 3 * q, descent);
            xStar = r.states().toArray();
            double done = descentCost(r.steps(), n -> 2.0 * n * k * d);
            progress.advance(done, "D=" + d + " beta=" + Format.num(beta) + " MrDAM");
            progress.skip(exactCost(c, d) - done);
          }
          double[] xHat;
          String note = "";
          double work = full;
          try {
            FeatureStore dr = Models.features(be, c.basis(), c.projection(), d, y, projSeed, beta,
                stored, k);
            Retrieval r = Models.descend(dr, start, 3 * q, descent);
            xHat = r.states().toArray();
            work = foldCost(c, d, y) + descentCost(r.steps(),
                n -> evaluation(c, d, y, n));
          } catch (ArithmeticException e) {
            xHat = null;
            note = "overflow";
          }
          List<ErrorPoint> points = new ArrayList<>();
          for (int s = 0; s < Figure.BINARY_SETS.size(); s++) {
            Metrics.Summary h = xHat == null
                ? new Metrics.Summary(Double.NaN, Double.NaN, q)
                : Metrics.summarize(Metrics.hammingErrors(Models.rows(xStar, s * q, (s + 1) * q, d),
                    Models.rows(xHat, s * q, (s + 1) * q, d), d));
            points.add(new ErrorPoint(d, k, y, beta, c.basis(), Figure.BINARY_SETS.get(s),
                ErrorPoint.HAMMING, h.mean(), h.stderr(), q, d / (double) y, note));
          }
          progress.advance(work, String.format(Locale.ROOT, "D=%d beta=%s Y=%d", d,
              Format.num(beta), y));
          progress.skip(full - work);
          cells.finish(points);
        }
        if (xStar == null) {
          progress.skip(exactCost(c, d));
        }
      }
    }
    return new ErrorFigure("fig4a", ErrorFigure.Axis.Y,
        ErrorFigure.Row.perDimension(c.dims(), c.basis()),
        ErrorFigure.Column.atNearFar(ErrorPoint.HAMMING, "retrieval"), cells.points(),
        ErrorPoint.HAMMING, "eq. 13 squared: c·D/Y, c fitted", (p, y) -> p.d() / y);
  }
}
