package org.denseam.cli;

import static org.denseam.experiments.Format.plain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.denseam.api.RetrieveOptions;
import org.denseam.experiments.ChiSquare;
import org.denseam.experiments.Png;
import org.denseam.experiments.Table1;
import org.denseam.experiments.TextFile;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment table1}: Table 1 of the sparse Hopfield paper (support sizes of the
 * retrieved weights), with our percentages next to the paper's. Writes {@code table1.csv}, {@code
 * table1-summary.csv} and {@code table1.png} into the output directory.
 */
@Command(name = "table1", mixinStandardHelpOptions = true,
    description = "Sparse Hopfield paper, Table 1: distribution of ||p||_0 after CCCP convergence "
        + "(N=10 patterns on the unit sphere, D=5, query in the unit ball, beta=4, alpha in {1, 1.5, 2}).")
final class Table1Command implements Callable<Integer> {
  @Option(names = "--trials", paramLabel = "T", defaultValue = "1000",
      description = "Number of random trials (default ${DEFAULT-VALUE}, as in the paper).")
  int trials;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--max-steps", paramLabel = "L", defaultValue = "" + Table1.MAX_STEPS,
      description = "Most CCCP updates per trial (default ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(names = "--tol", paramLabel = "TOL", defaultValue = "" + Table1.TOL,
      description = "Convergence tolerance relative to max ||x_i|| (default ${DEFAULT-VALUE}).")
  double tol;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Output directory (created if missing).")
  Path out;

  @Override
  public Integer call() throws Exception {
    RetrieveOptions stop = RetrieveOptions.steps(maxSteps).tol(tol);
    Cli.checkOutDir(out);
    Table1.Result r = Table1.run(trials, seed, stop);
    Files.createDirectories(out);
    double[] alphas = Table1.alphas();
    writeTable(out.resolve("table1.csv"), r, alphas);
    writeSummary(out.resolve("table1-summary.csv"), r, alphas);
    writeChart(out.resolve("table1.png"), r, alphas);
    print(r, alphas);
    return 0;
  }

  private static void writeTable(Path path, Table1.Result r, double[] alphas) throws IOException {
    StringBuilder sb = new StringBuilder("support_size");
    for (double a : alphas) {
      sb.append(",alpha").append(plain(a)).append("_ours,alpha").append(plain(a)).append("_paper");
    }
    sb.append('\n');
    for (int k = 1; k <= Table1.N; k++) {
      sb.append(k);
      for (int c = 0; c < alphas.length; c++) {
        sb.append(String.format(Locale.ROOT, ",%.1f,%.1f",
            r.percent(c)[k - 1], Table1.paperPercent(c)[k - 1]));
      }
      sb.append('\n');
    }
    TextFile.write(path, sb.toString());
  }

  private static void writeSummary(Path path, Table1.Result r, double[] alphas) throws IOException {
    StringBuilder sb = new StringBuilder(
        "alpha,trials,seed,total_variation,chi2,df,p_value,not_converged\n");
    for (int c = 0; c < alphas.length; c++) {
      ChiSquare.Test t = r.homogeneity(c);
      sb.append(String.format(Locale.ROOT, "%s,%d,%d,%.4f,%.3f,%d,%.4g,%d%n", plain(alphas[c]),
          r.trials(), r.seed(), r.totalVariation(c), t.statistic(), t.df(), t.pValue(),
          r.notConverged()[c]));
    }
    TextFile.write(path, sb.toString());
  }

  private static void writeChart(Path path, Table1.Result r, double[] alphas) throws IOException {
    Png.headless();
    List<Integer> sizes = new ArrayList<>();
    for (int k = 1; k <= Table1.N; k++) {
      sizes.add(k);
    }
    List<CategoryChart> charts = new ArrayList<>();
    for (int c = 0; c < alphas.length; c++) {
      String title = "alpha = " + plain(alphas[c])
          + (alphas[c] == 1 ? " (p_i > " + Table1.SOFTMAX_THRESHOLD + ")" : "");
      CategoryChart chart = new CategoryChartBuilder().width(520).height(380).title(title)
          .xAxisTitle("||p||_0").yAxisTitle("% of trials").build();
      // α = 1 puts its mass on large supports, the sparse maps on small ones: keep the legend clear.
      chart.getStyler().setLegendPosition(
          alphas[c] == 1 ? Styler.LegendPosition.InsideNW : Styler.LegendPosition.InsideNE);
      chart.getStyler().setYAxisMin(0.0);
      chart.addSeries("ours (" + r.trials() + " trials)", sizes, boxed(r.percent(c)));
      chart.addSeries("paper (" + Table1.PAPER_TRIALS + " trials)", sizes,
          boxed(Table1.paperPercent(c)));
      charts.add(chart);
    }
    Png.write(path, charts, 1, charts.size());
  }

  private void print(Table1.Result r, double[] alphas) {
    System.out.printf(Locale.ROOT,
        "Sparse Hopfield Table 1: %% of trials by support size ||p||_0 of alpha-entmax(beta X q*)%n"
            + "N=%d patterns uniform on the unit sphere, D=%d, query uniform in the unit ball, beta=%s;"
            + " alpha=1 counts p_i > %s%n"
            + "%d trials, seed %d; CCCP to convergence (tol %s, at most %d steps)%n%n",
        Table1.N, Table1.D, plain(Table1.BETA), Table1.SOFTMAX_THRESHOLD, r.trials(), r.seed(),
        r.stop().tol(), r.stop().steps());
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-8s", "||p||_0"));
    for (double a : alphas) {
      head.append(String.format(Locale.ROOT, " | %-15s", "alpha=" + plain(a)));
    }
    System.out.println(head);
    StringBuilder sub = new StringBuilder(String.format(Locale.ROOT, "%-8s", ""));
    for (int c = 0; c < alphas.length; c++) {
      sub.append(String.format(Locale.ROOT, " | %7s %7s", "ours", "paper"));
    }
    System.out.println(sub);
    for (int k = 1; k <= Table1.N; k++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8d", k));
      for (int c = 0; c < alphas.length; c++) {
        row.append(String.format(Locale.ROOT, " | %7.1f %7.1f",
            r.percent(c)[k - 1], Table1.paperPercent(c)[k - 1]));
      }
      System.out.println(row);
    }
    System.out.println();
    for (int c = 0; c < alphas.length; c++) {
      ChiSquare.Test t = r.homogeneity(c);
      System.out.printf(Locale.ROOT,
          "alpha=%-4s total variation %.4f   chi2 homogeneity %.2f on %d df, p = %.3g"
              + "   (not converged: %d)%n",
          plain(alphas[c]), r.totalVariation(c), t.statistic(), t.df(), t.pValue(),
          r.notConverged()[c]);
    }
    System.out.printf("%nwrote %s, %s, %s%n", out.resolve("table1.csv"),
        out.resolve("table1-summary.csv"), out.resolve("table1.png"));
  }

  private static List<Double> boxed(double[] a) {
    List<Double> l = new ArrayList<>(a.length);
    for (double v : a) {
      l.add(v);
    }
    return l;
  }
}
