package org.denseam.experiments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.denseam.api.Engine;
import org.denseam.api.Memory;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;

/**
 * Figure 6 of the DrDAM paper (Appendix C): which random-feature basis approximates MrDAM best,
 * on continuous data.
 *
 * <p>Protocol: the rows of a data set are normalised as in the paper's script, {@code x ← (x -
 * min) / ((max - min)·√D)} with the minimum and maximum over the whole matrix, so every entry lies
 * in {@code [0, 1/√D]}; 900 distinct rows are chosen at random, 500 stored and 400 kept as new
 * queries. For each basis (Cos, SinCos, Exp, ExpExp), β and Y, the MAE of energies and gradients
 * (eq. 14) is measured at the stored patterns and at the new ones; the random guess compares
 * MrDAM at the first 400 stored patterns with DrDAM at 400 uniform random points of {@code [0,
 * 1/√D]^D}.
 *
 * <p>The paper uses the 16-dimensional Letter data set; without a data file, a synthetic stand-in
 * of the same shape is used ({@link #syntheticLetters}). Bases are compared at equal length Y of
 * T (the paper's script compares them at equal numbers of projections, which gives the paired
 * SinCos and ExpExp a T twice as long).
 */
public final class Fig6 {
  /** The bases in the order of Appendix C. */
  static final String[] BASES = {"cos", "sincos", "exp", "expexp"};

  /**
   * A data set: rows of continuous features.
   *
   * @param name where it came from
   * @param data N × D row-major values
   * @param n number of rows N
   * @param d number of columns D
   */
  public record Data(String name, double[] data, int n, int d) {
    /**
     * Validates the shape and values.
     *
     * @throws IllegalArgumentException on a wrong length, non-finite values or constant data
     */
    public Data {
      Models.positive("data rows", n);
      Models.positive("data columns", d);
      Models.finiteMatrix("data (" + name + ")", data, n, d);
    }
  }

  /**
   * Parameters of a run.
   *
   * @param data the data set
   * @param k stored patterns (the paper: 500)
   * @param fresh new patterns used as queries (the paper: 400)
   * @param bases the bases to compare
   * @param betas inverse temperatures β
   * @param ys feature dimensions Y (lengths of T)
   * @param seed seed of the selection, the random guess and the projections
   */
  public record Config(Data data, int k, int fresh, String[] bases, double[] betas, int[] ys,
      long seed) implements Figure {
    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException naming the first bad parameter
     */
    public Config {
      if (data == null) {
        throw new IllegalArgumentException("data must be given");
      }
      Models.positive("stored patterns (--k)", k);
      Models.positive("new patterns (--new)", fresh);
      if (bases == null || bases.length == 0) {
        throw new IllegalArgumentException("at least one basis must be given");
      }
      bases = bases.clone();
      betas = Models.sorted(Models.betas(betas));
      ys = Models.sorted(Models.positives("Y (--ys)", ys));
      for (int i = 0; i < bases.length; i++) {
        bases[i] = Models.checkMaps(bases[i], new int[] {data.d()}, ys);
      }
    }

    /**
     * The reduced grid of {@code --scale small}: 500 stored and 400 new patterns, all four bases,
     * β ∈ {1, 10, 30, 100, 300}, Y ∈ {1000, 4000, 16000, 64000}.
     *
     * @param data the data
     * @param seed the seed
     * @return the configuration
     */
    public static Config small(Data data, long seed) {
      return new Config(data, 500, 400, BASES, new double[] {1, 10, 30, 100, 300},
          new int[] {1000, 4000, 16000, 64000}, seed);
    }

    /**
     * The paper's grid (its ablation script): β ∈ {1, 5, 10, 20, 30, 40, 50, 60, 100, 200, 600}
     * and Y ∈ {4·10^4, 8·10^4, 1.6·10^5, 2.75·10^5, 4·10^5, 8·10^5}.
     *
     * @param data the data
     * @param seed the seed
     * @return the configuration
     */
    public static Config paper(Data data, long seed) {
      return new Config(data, 500, 400, BASES,
          new double[] {1, 5, 10, 20, 30, 40, 50, 60, 100, 200, 600},
          new int[] {40_000, 80_000, 160_000, 275_000, 400_000, 800_000}, seed);
    }

    /**
     * One line describing the configuration.
     *
     * @return the description
     */
    public String describe() {
      StringBuilder b = new StringBuilder();
      for (String x : bases) {
        b.append(b.length() == 0 ? "" : ",").append(x);
      }
      return String.format(Locale.ROOT,
          "data %s (%d x %d, normalised to [0, 1/sqrt(D)]), %d stored, %d new, features %s,"
              + " beta=%s, Y=%s, seed %d",
          data.name(), data.n(), data.d(), k, fresh, b, Format.list(betas), Arrays.toString(ys),
          seed);
    }

    /**
     * The reduced or the paper's grid.
     *
     * @param scale which preset
     * @param data the data
     * @param seed the seed
     * @return {@link #small} or {@link #paper}
     */
    public static Config of(Scale scale, Data data, long seed) {
      return scale == Scale.PAPER ? paper(data, seed) : small(data, seed);
    }

    @Override
    public String id() {
      return "fig6";
    }

    @Override
    public String name() {
      return "Figure 6";
    }

    @Override
    public String title() {
      return "basis functions compared, MAE of energies and gradients (eq. 14)";
    }

    @Override
    public double cost() {
      return Fig6.cost(this);
    }

    @Override
    public ErrorFigure run(Engine backend, Progress progress) {
      return Fig6.run(this, backend, progress);
    }

    @Override
    public List<Column> summary() {
      return List.of(new Column("stored", ErrorPoint.ENERGY, "energy stored"),
          new Column("new", ErrorPoint.ENERGY, "energy new"),
          new Column("stored", ErrorPoint.GRADIENT, "gradient stored"),
          new Column("new", ErrorPoint.GRADIENT, "gradient new"));
    }
  }

  private Fig6() {}

  /**
   * The default data set: a stand-in for the 16-dimensional Letter data (20000 rows of 16 integer
   * features in 0..15, one of 26 letters each). It is a seeded mixture of 26 Gaussians, one per
   * letter, with centres uniform in {@code [0, 15]^16} and standard deviation 2 in every
   * coordinate, clipped to {@code [0, 15]}: 900 rows, 16 columns, before normalisation.
   *
   * @param seed the seed
   * @return 900 × 16 values in [0, 15]
   */
  public static Data syntheticLetters(long seed) {
    int n = 900;
    int d = 16;
    int clusters = 26;
    SplittableRandom r = new SplittableRandom(BinaryData.seed(seed, 26));
    double[] centres = new double[clusters * d];
    for (int i = 0; i < centres.length; i++) {
      centres[i] = 15 * r.nextDouble();
    }
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(clusters);
      for (int j = 0; j < d; j++) {
        x[i * d + j] = Math.max(0, Math.min(15, centres[c * d + j] + 2 * r.nextGaussian()));
      }
    }
    return new Data("synthetic Letter stand-in (mixture of 26 Gaussians, seed " + seed + ")", x,
        n, d);
  }

  /**
   * The paper's normalisation: {@code (x - min) / ((max - min)·√D)} over the whole matrix.
   *
   * @param data the data
   * @return normalised values in [0, 1/√D], row-major
   * @throws IllegalArgumentException if all values are equal
   */
  public static double[] normalise(Data data) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : data.data()) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (!(hi > lo)) {
      throw new IllegalArgumentException("data (" + data.name() + ") is constant: every value is "
          + lo + "; nothing to normalise");
    }
    double scale = 1 / ((hi - lo) * Math.sqrt(data.d()));
    double[] out = new double[data.data().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (data.data()[i] - lo) * scale;
    }
    return out;
  }

  /**
   * Chooses {@code count} distinct rows at random (duplicates in the data count once).
   *
   * @param x row-major values
   * @param n rows
   * @param d columns
   * @param count rows wanted
   * @param rnd the random stream
   * @return count × d values, the chosen rows in random order
   * @throws IllegalArgumentException if there are fewer distinct rows
   */
  static double[] distinctRows(double[] x, int n, int d, int count, SplittableRandom rnd) {
    List<Integer> unique = new ArrayList<>();
    Set<List<Double>> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      List<Double> key = new ArrayList<>(d);
      for (int j = 0; j < d; j++) {
        key.add(x[i * d + j]);
      }
      if (seen.add(key)) {
        unique.add(i);
      }
    }
    if (unique.size() < count) {
      throw new IllegalArgumentException("data has " + unique.size() + " distinct rows, but "
          + count + " are needed (stored + new patterns)");
    }
    int[] idx = unique.stream().mapToInt(Integer::intValue).toArray();
    double[] out = new double[count * d];
    for (int i = 0; i < count; i++) {
      int j = i + rnd.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      System.arraycopy(x, idx[i] * d, out, i * d, d);
    }
    return out;
  }

  /**
   * Total cost of a run in the units of {@link Progress}.
   *
   * @param c the configuration
   * @return the cost
   */
  public static double cost(Config c) {
    int d = c.data().d();
    double total = 0;
    for (String b : c.bases()) {
      for (int y : c.ys()) {
        double m = FeatureSpec.projections(b, y);
        total += c.betas().length * (c.k() * m * d + 2.0 * (c.k() + 2 * c.fresh()) * m * d);
      }
      total += c.betas().length * 2.0 * (c.k() + c.fresh()) * c.k() * d;
    }
    return total;
  }

  /**
   * Runs the experiment.
   *
   * @param c the configuration
   * @param be where both models are evaluated
   * @param progress progress reporter
   * @return the figure with all points
   */
  public static ErrorFigure run(Config c, Engine be, Progress progress) {
    int d = c.data().d();
    int k = c.k();
    int f = c.fresh();
    double[] x = normalise(c.data());
    double[] chosen = distinctRows(x, c.data().n(), d, k + f,
        new SplittableRandom(BinaryData.seed(c.seed(), 6, 1)));
    double[] stored = Models.rows(chosen, 0, k, d);
    double[] fresh = Models.rows(chosen, k, k + f, d);
    SplittableRandom gr = new SplittableRandom(BinaryData.seed(c.seed(), 6, 3));
    double[] guess = new double[f * d];
    double one = 1 / Math.sqrt(d);
    for (int i = 0; i < guess.length; i++) {
      guess[i] = one * gr.nextDouble();
    }
    int g = Math.min(f, k);
    double[] refs = Models.concat(stored, fresh);
    double[] all = Models.concat(stored, fresh, Models.rows(guess, 0, g, d));
    long projSeed = BinaryData.seed(c.seed(), 0x5EED);
    List<ErrorPoint> points = new ArrayList<>();
    for (double beta : c.betas()) {
      Memory mr = Models.exact(be, stored, k, d, beta);
      Models.Eval exact = Models.eval(mr, refs, k + f);
      progress.advance(2.0 * (k + f) * k * d * c.bases().length, "beta=" + Format.num(beta));
      for (String basis : c.bases()) {
        for (int y : c.ys()) {
          double m = FeatureSpec.projections(basis, y);
          Models.Eval approx = null;
          String note = "";
          try {
            FeatureStore dr = Models.features(be, basis, d, y, projSeed, beta, stored, k);
            approx = Models.eval(dr, all, k + f + g);
          } catch (ArithmeticException e) {
            note = "overflow";
          }
          double shape = Math.sqrt(d / (double) y);
          Metrics.addPair(points, d, k, y, beta, basis, "stored", exact.rows(0, k, d),
              approx == null ? null : approx.rows(0, k, d), shape, note);
          Metrics.addPair(points, d, k, y, beta, basis, "new", exact.rows(k, k + f, d),
              approx == null ? null : approx.rows(k, k + f, d), shape, note);
          Metrics.addPair(points, d, k, y, beta, basis, "guess", exact.rows(0, g, d),
              approx == null ? null : approx.rows(k + f, k + f + g, d), Double.NaN, note);
          progress.advance(k * m * d + 2.0 * (k + f + g) * m * d, String.format(Locale.ROOT,
              "beta=%s %s Y=%d", Format.num(beta), basis, y));
        }
      }
    }
    List<ErrorFigure.Row> rows = new ArrayList<>();
    for (String b : c.bases()) {
      rows.add(new ErrorFigure.Row(label(b), d, b));
    }
    List<ErrorFigure.Column> cols = List.of(
        new ErrorFigure.Column("stored", ErrorPoint.ENERGY, "energy, stored"),
        new ErrorFigure.Column("new", ErrorPoint.ENERGY, "energy, new"),
        new ErrorFigure.Column("stored", ErrorPoint.GRADIENT, "gradient, stored"),
        new ErrorFigure.Column("new", ErrorPoint.GRADIENT, "gradient, new"));
    return new ErrorFigure("fig6", ErrorFigure.Axis.Y, rows, cols, points, ErrorPoint.GRADIENT,
        "eq. 13: c·√(D/Y), c fitted", (p, y) -> Math.sqrt(p.d() / y));
  }

  /** The basis' name as in the paper. */
  static String label(String b) {
    return switch (b) {
      case "cos" -> "Cos";
      case "sincos" -> "SinCos";
      case "exp" -> "Exp";
      case "expexp" -> "ExpExp";
      default -> b;
    };
  }
}
