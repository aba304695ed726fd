package org.denseam.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.denseam.api.FeatureSpec;
import org.knowm.xchart.XYChart;

/**
 * The chart of {@code dam bench throughput --plot}: time per call against D, one curve per
 * projection of the JVM backend and one for the NumPy baseline.
 *
 * <p>Left panel: all curves on logarithmic axes. Right panel: the SORF curve alone against
 * {@code log₂ P} (P = D padded to a power of two) on a linear time axis, with the least-squares
 * line {@code t = a + b·log₂ P}: O(Y log D) cost is a straight line there, O(Y·D) cost is not.
 */
public final class ScalingChart {
  private ScalingChart() {}

  /**
   * One timed cell.
   *
   * @param projection projection of the JVM side
   * @param d dimension D
   * @param y feature dimension Y of the cell (0 where the kernel has none)
   * @param k number of memories K of the cell (0 where the kernel has none)
   * @param b number of queries B of the cell
   * @param seconds JVM median seconds per call
   * @param numpySeconds baseline median seconds per call (NaN when not run)
   */
  public record Point(String projection, int d, int y, int k, int b, double seconds,
      double numpySeconds) {
    /**
     * A cell of a kernel timed at one Y, K and B.
     *
     * @param projection projection of the JVM side
     * @param d dimension D
     * @param seconds JVM median seconds per call
     * @param numpySeconds baseline median seconds per call (NaN when not run)
     */
    public Point(String projection, int d, double seconds, double numpySeconds) {
      this(projection, d, 0, 0, 0, seconds, numpySeconds);
    }
  }

  /**
   * What each curve's point at one D is, for the chart's title: the cell's Y, K and B when every
   * D was timed at one of each; otherwise that the point is the fastest of the cells at that D,
   * and over which values.
   *
   * @param points the cells
   * @return for example {@code "Y = 16384, B = 256"} or {@code "fastest at each D of Y ∈ {4096,
   *     16384} × B ∈ {1, 256}"}
   */
  static String cells(List<Point> points) {
    java.util.TreeSet<Integer> ys = new java.util.TreeSet<>(), ks = new java.util.TreeSet<>(),
        bs = new java.util.TreeSet<>();
    for (Point p : points) {
      if (p.y() > 0) {
        ys.add(p.y());
      }
      if (p.k() > 0) {
        ks.add(p.k());
      }
      if (p.b() > 0) {
        bs.add(p.b());
      }
    }
    List<String> parts = new ArrayList<>();
    boolean several = ys.size() > 1 || ks.size() > 1 || bs.size() > 1;
    for (var e : List.of(Map.entry("Y", ys), Map.entry("K", ks), Map.entry("B", bs))) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      parts.add(e.getValue().size() == 1 ? e.getKey() + " = " + e.getValue().first()
          : e.getKey() + " ∈ " + e.getValue().toString().replace('[', '{').replace(']', '}'));
    }
    String list = String.join(several ? " × " : ", ", parts);
    return several ? "fastest at each D of " + list : list;
  }

  /**
   * A tick-label pattern for an axis: a leading zero always (0.08, not .08), and as many decimals
   * as the axis needs to tell its ticks apart (a linear axis: ticks of 1, 2, 2.5 or 5 times a power
   * of ten, about five over the values' span; a logarithmic axis, labelled at powers of ten, as
   * many as its smallest value needs).
   *
   * @param values the values on the axis (positive)
   * @param log whether the axis is logarithmic
   * @return a {@link java.text.DecimalFormat} pattern
   */
  static String tickPattern(List<Double> values, boolean log) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // Linear: XChart's ticks are 1, 2, 2.5 or 5 times a power of ten, about five over the span.
    double step = log ? Math.pow(10, Math.floor(Math.log10(lo))) : (hi - lo) / 20;
    if (!(step > 0) || !Double.isFinite(step)) {
      step = Math.abs(hi) > 0 ? Math.abs(hi) / 5 : 1;
    }
    int decimals = (int) Math.max(0, Math.min(6, Math.ceil(-Math.log10(step))));
    return decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
  }

  /**
   * Writes the chart as a PNG file.
   *
   * @param path target file (written atomically)
   * @param kernel the kernel's name, for the title
   * @param basis the basis, for the title
   * @param points the cells; where several cells share a D (other Y, K or B), each curve's point
   *     there is the fastest of them, and the title says so
   * @throws IOException if the file cannot be written
   * @throws IllegalArgumentException if there are no points
   */
  public static void write(Path path, String kernel, String basis, List<Point> points)
      throws IOException {
    if (points.isEmpty()) {
      throw new IllegalArgumentException("nothing to plot");
    }
    Map<String, TreeMap<Integer, Double>> jvm = new TreeMap<>();
    TreeMap<Integer, Double> numpy = new TreeMap<>();
    for (Point p : points) {
      jvm.computeIfAbsent(p.projection(), k -> new TreeMap<>()).merge(p.d(), p.seconds(), Math::min);
      if (Double.isFinite(p.numpySeconds())) {
        numpy.merge(p.d(), p.numpySeconds(), Math::min);
      }
    }
    List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
    for (TreeMap<Integer, Double> c : jvm.values()) {
      c.forEach((k, v) -> {
        xs.add(k.doubleValue());
        ys.add(v * 1e3);
      });
    }
    numpy.forEach((k, v) -> {
      xs.add(k.doubleValue());
      ys.add(v * 1e3);
    });
    // XChart labels a logarithmic axis at powers of ten only: an axis spanning less than a
    // decade (one or two D values, or close times) is drawn linear, so that it has tick labels.
    boolean logY = logAxis(ys);
    XYChart all = Charts.panel(kernel + " (" + basis + ") time per call against D",
        "D  (" + cells(points) + ")", "ms per call", 520, 420, logAxis(xs), logY);
    all.getStyler().setYAxisDecimalPattern(tickPattern(ys, logY));
    all.getStyler().setLegendVisible(true);
    all.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    int i = 0;
    int n = jvm.size() + (numpy.isEmpty() ? 0 : 1);
    for (var e : jvm.entrySet()) {
      Charts.curve(all, "JVM " + e.getKey(), keys(e.getValue()), millis(e.getValue()), null,
          Charts.color(i++, n), true);
    }
    if (!numpy.isEmpty()) {
      Charts.curve(all, "NumPy (Gaussian, Ω stored)", keys(numpy), millis(numpy), null,
          Charts.GUESS, true);
    }
    List<XYChart> charts = new ArrayList<>(List.of(all));
    TreeMap<Integer, Double> sorf = jvm.get("sorf");
    if (sorf != null && sorf.size() >= 2) {
      double[] lg = new double[sorf.size()];
      double[] ms = millis(sorf);
      int j = 0;
      for (int d : sorf.keySet()) {
        lg[j++] = Integer.numberOfTrailingZeros(FeatureSpec.sorfDimension(d));
      }
      double[] fit = linearFit(lg, ms);
      XYChart log = Charts.panel(String.format(Locale.ROOT,
              "SORF: t ≈ %.3g + %.3g·log2 P ms (R² %.3f)", fit[0], fit[1], fit[2]),
          "log2 P (P = D padded)",
          "ms per call", 520, 420, false, false);
      log.getStyler().setYAxisDecimalPattern(
          tickPattern(java.util.Arrays.stream(ms).boxed().toList(), false));
      Charts.curve(log, "JVM sorf", lg, ms, null, Charts.color(0, 1), false);
      double[] line = new double[lg.length];
      for (j = 0; j < lg.length; j++) {
        line[j] = fit[0] + fit[1] * lg[j];
      }
      Charts.dashed(log, "fit", lg, line, Charts.GUESS, 1.2f);
      charts.add(log);
    }
    Png.write(path, charts, 1, charts.size());
  }

  /**
   * Whether values are drawn on a logarithmic axis: when they span at least a decade.
   *
   * @param values the values on the axis
   * @return true when {@code max / min >= 10} (all positive)
   */
  static boolean logAxis(List<Double> values) {
    double lo = Double.POSITIVE_INFINITY, hi = 0;
    for (double v : values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo > 0 && hi / lo >= 10;
  }

  /**
   * Least-squares line through points.
   *
   * @param x abscissae (at least two distinct)
   * @param y ordinates
   * @return {@code {a, b, R²}} of {@code y ≈ a + b x}
   * @throws IllegalArgumentException if fewer than two distinct abscissae are given
   */
  public static double[] linearFit(double[] x, double[] y) {
    int n = x.length;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y[i] / n;
    }
    double sxx = 0, sxy = 0, syy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) * (y[i] - my);
    }
    if (n < 2 || sxx == 0) {
      throw new IllegalArgumentException("a line needs at least two distinct abscissae");
    }
    double b = sxy / sxx;
    return new double[] {my - b * mx, b, syy == 0 ? 1 : sxy * sxy / (sxx * syy)};
  }

  private static double[] keys(TreeMap<Integer, Double> m) {
    return m.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
  }

  private static double[] millis(TreeMap<Integer, Double> m) {
    return m.values().stream().mapToDouble(v -> v * 1e3).toArray();
  }
}
