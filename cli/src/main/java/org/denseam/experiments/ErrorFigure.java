package org.denseam.experiments;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleBiFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The measured points of one figure with what is derived from them (random-guess levels, fitted
 * bound constants), and how they are written: a CSV of all points, a CSV of the fits and levels,
 * and a PNG drawn like the paper's figure (a grid of panels, one curve per β).
 *
 * <p>Bound constants: each curve (one β in one panel) gets its own constant c of {@code c ·
 * shape}, fitted by least squares in log space ({@link Metrics#fitBoundConstant}); as in the
 * paper, a bound is drawn only where the curve is better than random: here, where every point is
 * below the panel's random-guess level by more than two standard errors.
 */
public final class ErrorFigure {
  /** What the panels' horizontal axis shows. */
  public enum Axis {
    /** The feature dimension Y (length of T). */
    Y,
    /** The number of stored patterns K. */
    K
  }

  /**
   * A row of panels: the points of one dimension and basis.
   *
   * @param label row label, shown in the panels' titles
   * @param d dimension D
   * @param basis basis
   */
  public record Row(String label, int d, String basis) {
    /**
     * One row per dimension, labelled {@code D=…}.
     *
     * @param dims the dimensions D
     * @param basis the basis of every row
     * @return the rows, in the order of {@code dims}
     */
    public static List<Row> perDimension(int[] dims, String basis) {
      List<Row> rows = new ArrayList<>();
      for (int d : dims) {
        rows.add(new Row("D=" + d, d, basis));
      }
      return rows;
    }
  }

  /**
   * A column of panels: one query set and metric.
   *
   * @param queries query set name, as in {@link ErrorPoint#queries()}
   * @param metric metric name, as in {@link ErrorPoint#metric()}
   * @param title column title
   */
  public record Column(String queries, String metric, String title) {
    /**
     * The columns of the three query sets, at, near and far, for one metric.
     *
     * @param metric metric name, as in {@link ErrorPoint#metric()}
     * @param what what the titles call it ("energy", "gradient", "retrieval")
     * @return three columns
     */
    public static List<Column> atNearFar(String metric, String what) {
      return List.of(new Column("at", metric, what + ", at memories"),
          new Column("near", metric, what + ", near"), new Column("far", metric, what + ", far"));
    }

    /**
     * The at/near/far columns of the energy, then of the gradient.
     *
     * @return six columns
     */
    public static List<Column> energyAndGradient() {
      List<Column> cols = new ArrayList<>(atNearFar(ErrorPoint.ENERGY, "energy"));
      cols.addAll(atNearFar(ErrorPoint.GRADIENT, "gradient"));
      return cols;
    }
  }

  /**
   * A fitted bound constant for one curve.
   *
   * @param d dimension D
   * @param basis basis
   * @param queries query set
   * @param metric metric
   * @param beta β of the curve
   * @param c the constant (NaN if no point qualified)
   * @param points number of points it was fitted to
   * @param rmsLog root-mean-square residual of the fit in natural-log units
   * @param drawn whether the bound is drawn (every point of the curve is below the random guess
   *     by more than two standard errors)
   */
  public record Fit(int d, String basis, String queries, String metric, double beta, double c,
      int points, double rmsLog, boolean drawn) {}

  private final String name;
  private final Axis axis;
  private final List<Row> rows;
  private final List<Column> columns;
  private final List<ErrorPoint> points;
  private final String boundMetric;
  private final String boundLabel;
  private final ToDoubleBiFunction<ErrorPoint, Double> analyticShape;
  private final List<Fit> fits = new ArrayList<>();

  /**
   * Assembles a figure and fits its bounds.
   *
   * @param name file stem, for example {@code fig3}
   * @param axis horizontal axis
   * @param rows rows of panels
   * @param columns columns of panels
   * @param points all measured points, including the random-guess points
   * @param boundMetric the metric whose panels show the fitted bound (null for none)
   * @param boundLabel how the bound is described in the legend
   * @param analyticShape the bound's shape as a function of the horizontal coordinate, used to
   *     draw smooth curves; null to join the shape's values at the measured points
   */
  public ErrorFigure(String name, Axis axis, List<Row> rows, List<Column> columns,
      List<ErrorPoint> points, String boundMetric, String boundLabel,
      ToDoubleBiFunction<ErrorPoint, Double> analyticShape) {
    this.name = name;
    this.axis = axis;
    this.rows = List.copyOf(rows);
    this.columns = List.copyOf(columns);
    this.points = List.copyOf(points);
    this.boundMetric = boundMetric;
    this.boundLabel = boundLabel;
    this.analyticShape = analyticShape;
    fitAll();
  }

  /**
   * All measured points.
   *
   * @return the points
   */
  public List<ErrorPoint> points() {
    return points;
  }

  /**
   * The fitted bound constants, one per curve and metric.
   *
   * @return the fits
   */
  public List<Fit> fits() {
    return List.copyOf(fits);
  }

  /**
   * The points of one curve, sorted along the horizontal axis.
   *
   * @param d dimension
   * @param basis basis
   * @param queries query set
   * @param metric metric
   * @param beta β
   * @return the points
   */
  public List<ErrorPoint> curve(int d, String basis, String queries, String metric, double beta) {
    List<ErrorPoint> c = new ArrayList<>();
    for (ErrorPoint p : points) {
      if (p.d() == d && p.basis().equals(basis) && p.queries().equals(queries)
          && p.metric().equals(metric) && Double.compare(p.beta(), beta) == 0) {
        c.add(p);
      }
    }
    c.sort(Comparator.comparingDouble(this::x));
    return c;
  }

  /**
   * The random-guess level of a panel: for Δ_H the constant {@link
   * Metrics#HAMMING_RANDOM_GUESS}; otherwise the guess errors of the row, averaged over the
   * horizontal axis per β, and the largest of these averages ({@link Metrics#randomGuessLevel}).
   *
   * @param d dimension
   * @param basis basis
   * @param metric metric
   * @return the level, or NaN if the figure has no random-guess points
   */
  public double guessLevel(int d, String basis, String metric) {
    if (metric.equals(ErrorPoint.HAMMING)) {
      return Metrics.HAMMING_RANDOM_GUESS;
    }
    List<Double> betas = betas();
    double[][] byBeta = new double[betas.size()][];
    for (int b = 0; b < betas.size(); b++) {
      List<ErrorPoint> c = curve(d, basis, "guess", metric, betas.get(b));
      byBeta[b] = c.stream().mapToDouble(ErrorPoint::value).toArray();
    }
    return Metrics.randomGuessLevel(byBeta);
  }

  /**
   * The distinct β values, ascending.
   *
   * @return the β values
   */
  public List<Double> betas() {
    TreeSet<Double> s = new TreeSet<>();
    for (ErrorPoint p : points) {
      s.add(p.beta());
    }
    return new ArrayList<>(s);
  }

  double x(ErrorPoint p) {
    return axis == Axis.Y ? p.y() : p.k();
  }

  private void fitAll() {
    List<Double> betas = betas();
    for (Row r : rows) {
      for (Column col : columns) {
        double level = guessLevel(r.d(), r.basis(), col.metric());
        for (double beta : betas) {
          List<ErrorPoint> c = curve(r.d(), r.basis(), col.queries(), col.metric(), beta);
          if (c.isEmpty()) {
            continue;
          }
          double[] err = c.stream().mapToDouble(ErrorPoint::value).toArray();
          double[] se = c.stream().mapToDouble(ErrorPoint::stderr).toArray();
          double[] shape = c.stream().mapToDouble(ErrorPoint::boundShape).toArray();
          double cst = Metrics.fitBoundConstant(shape, err, v -> v);
          int n = 0;
          double ss = 0;
          boolean below = true;
          for (int i = 0; i < err.length; i++) {
            double upper = err[i] + 2 * (Double.isFinite(se[i]) ? se[i] : 0);
            if (!(upper < level) && Double.isFinite(level)) {
              below = false;
            }
            if (!Double.isFinite(err[i])) {
              below = false;
            }
            if (err[i] > 0 && Double.isFinite(err[i]) && shape[i] > 0 && Double.isFinite(shape[i])) {
              double res = Math.log(err[i]) - Math.log(cst * shape[i]);
              ss += res * res;
              n++;
            }
          }
          boolean drawn = col.metric().equals(boundMetric) && n >= 2 && below
              && Double.isFinite(cst);
          fits.add(new Fit(r.d(), r.basis(), col.queries(), col.metric(), beta, cst, n,
              n == 0 ? Double.NaN : Math.sqrt(ss / n), drawn));
        }
      }
    }
  }

  /**
   * Writes {@code <name>.csv} (every point), {@code <name>-fits.csv} (bound constants and
   * random-guess levels) and {@code <name>.png} into a directory, each file atomically.
   *
   * @param dir an existing directory
   * @param title the title of the PNG
   * @param caption a line describing the run, under the PNG's title and at the top of the fits
   *     file (as a comment)
   * @return the three paths
   * @throws IOException if writing fails
   */
  public List<Path> write(Path dir, String title, String caption) throws IOException {
    return write(dir, title, caption, null);
  }

  /**
   * Writes the files of {@link #write(Path, String, String)}, the CSV starting with the run's
   * settings line ({@link Cells#settingsLine()}).
   *
   * @param dir an existing directory
   * @param title the title of the PNG
   * @param caption a line describing the run, under the PNG's title and at the top of the fits
   *     file (as a comment)
   * @param settingsLine the first line of the CSV, or null for none
   * @return the three paths
   * @throws IOException if writing fails
   */
  public List<Path> write(Path dir, String title, String caption, String settingsLine)
      throws IOException {
    Path csv = dir.resolve(name + ".csv");
    Path fitsCsv = dir.resolve(name + "-fits.csv");
    Path png = dir.resolve(name + ".png");
    TextFile.write(csv, Cells.text(settingsLine, points));
    TextFile.write(fitsCsv, fitsText(caption));
    writePng(png, title, caption);
    return List.of(csv, fitsCsv, png);
  }

  private String fitsText(String caption) {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(caption.replace('\n', ' ')).append('\n');
    sb.append("# bound: ").append(boundLabel).append('\n');
    sb.append("kind,d,basis,queries,metric,beta,value,points,rms_log_residual,drawn\n");
    for (Row r : rows) {
      TreeSet<String> metrics = new TreeSet<>();
      for (Column c : columns) {
        metrics.add(c.metric());
      }
      for (String m : metrics) {
        sb.append(String.format(Locale.ROOT, "random_guess,%d,%s,guess,%s,,%s,,,%n", r.d(),
            r.basis(), m, Format.num(guessLevel(r.d(), r.basis(), m))));
      }
    }
    for (Fit f : fits) {
      sb.append(String.format(Locale.ROOT, "bound_constant,%d,%s,%s,%s,%s,%s,%d,%s,%s%n", f.d(),
          f.basis(), f.queries(), f.metric(), Format.num(f.beta()),
          Format.num(f.c()), f.points(), Format.num(f.rmsLog()), f.drawn() ? "yes" : "no"));
    }
    return sb.toString();
  }

  private void writePng(Path png, String title, String subtitle) throws IOException {
    Png.headless();
    List<Double> betas = betas();
    List<XYChart> charts = new ArrayList<>();
    boolean wide = columns.size() > 4;
    int width = wide ? 300 : 330;
    int height = 255;
    String xTitle = axis == Axis.Y ? "Y (length of T)" : "K (stored patterns)";
    boolean anyBound = false;
    boolean anyGuess = false;
    for (int ri = 0; ri < rows.size(); ri++) {
      Row r = rows.get(ri);
      for (int ci = 0; ci < columns.size(); ci++) {
        Column col = columns.get(ci);
        boolean hamming = col.metric().equals(ErrorPoint.HAMMING);
        String yTitle = hamming ? "Δ_H (eq. 15)" : col.metric().equals(ErrorPoint.ENERGY)
            ? "MAE energy" : "MAE gradient";
        XYChart chart = Charts.panel(r.label() + ": " + col.title(),
            ri == rows.size() - 1 ? xTitle : "",
            ci == 0 || !columns.get(ci - 1).metric().equals(col.metric()) ? yTitle : "", width,
            height, true, !hamming);
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        for (int bi = betas.size() - 1; bi >= 0; bi--) {
          double beta = betas.get(bi);
          List<ErrorPoint> c = curve(r.d(), r.basis(), col.queries(), col.metric(), beta);
          if (c.isEmpty()) {
            continue;
          }
          double[] x = c.stream().mapToDouble(this::x).toArray();
          double[] y = c.stream().mapToDouble(ErrorPoint::value).toArray();
          double[] se = c.stream().mapToDouble(ErrorPoint::stderr).toArray();
          xmin = Math.min(xmin, x[0]);
          xmax = Math.max(xmax, x[x.length - 1]);
          Color color = betaColor(bi, betas.size());
          Charts.curve(chart, "β=" + Format.num(beta), x, y, se, color, !hamming);
          anyBound |= drawBound(chart, r, col, beta, c, color) != null;
        }
        if (xmin < xmax) {
          double level = guessLevel(r.d(), r.basis(), col.metric());
          if (Double.isFinite(level) && (hamming || level > 0)) {
            Charts.level(chart, "random guess", xmin, xmax, level);
            anyGuess = true;
          }
        }
        if (hamming) {
          chart.getStyler().setYAxisMin(0.0);
          chart.getStyler().setYAxisMax(0.55);
        }
        charts.add(chart);
      }
    }
    List<Charts.Item> legend = new ArrayList<>();
    for (int bi = 0; bi < betas.size(); bi++) {
      legend.add(new Charts.Item("β=" + Format.num(betas.get(bi)),
          betaColor(bi, betas.size()), Charts.Sample.CURVE));
    }
    if (anyGuess) {
      legend.add(new Charts.Item(axis == Axis.Y && boundMetric != null
          && boundMetric.equals(ErrorPoint.HAMMING) ? "random guess (0.5)" : "random guess",
          Charts.GUESS, Charts.Sample.GUESS));
    }
    if (anyBound) {
      legend.add(new Charts.Item(boundLabel + " (dashed, β's color)", Color.DARK_GRAY,
          Charts.Sample.DASHED));
    }
    Png.writeImage(png, Charts.compose(charts, rows.size(), columns.size(), title, subtitle,
        legend));
  }

  /** β colors: the largest β darkest, as in the paper. */
  private static Color betaColor(int index, int count) {
    return Charts.color(count - 1 - index, count);
  }

  private XYSeries drawBound(XYChart chart, Row r, Column col, double beta, List<ErrorPoint> c,
      Color color) {
    if (!col.metric().equals(boundMetric)) {
      return null;
    }
    Fit fit = null;
    for (Fit f : fits) {
      if (f.d() == r.d() && f.basis().equals(r.basis()) && f.queries().equals(col.queries())
          && f.metric().equals(col.metric()) && Double.compare(f.beta(), beta) == 0) {
        fit = f;
      }
    }
    if (fit == null || !fit.drawn()) {
      return null;
    }
    double[] bx;
    double[] by;
    if (analyticShape != null) {
      int n = 40;
      double x0 = x(c.get(0));
      double x1 = x(c.get(c.size() - 1));
      bx = new double[n];
      by = new double[n];
      for (int i = 0; i < n; i++) {
        bx[i] = x0 * Math.pow(x1 / x0, (double) i / (n - 1));
        by[i] = fit.c() * analyticShape.applyAsDouble(c.get(0), bx[i]);
      }
    } else {
      List<double[]> pts = new ArrayList<>();
      for (ErrorPoint p : c) {
        if (p.boundShape() > 0 && Double.isFinite(p.boundShape())) {
          pts.add(new double[] {x(p), fit.c() * p.boundShape()});
        }
      }
      bx = pts.stream().mapToDouble(a -> a[0]).toArray();
      by = pts.stream().mapToDouble(a -> a[1]).toArray();
    }
    if (bx.length < 2) {
      return null;
    }
    return Charts.dashed(chart, "bound β=" + Format.num(beta), bx, by, color, 1.3f);
  }
}
