package org.denseam.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.experiments.Cells;
import org.denseam.experiments.ErrorFigure;
import org.denseam.experiments.ErrorPoint;
import org.denseam.experiments.Figure;
import org.denseam.experiments.Format;
import org.denseam.experiments.Progress;
import org.denseam.experiments.Scale;
import picocli.CommandLine.Option;

/** Options shared by the reproductions of the DrDAM paper's figures ({@code dam experiment figN}). */
final class ExperimentOptions {
  @Option(names = "--scale", paramLabel = "small|paper", defaultValue = "small",
      description = "Grid size: small (default; minutes on a few cores, shows the trends) or paper"
          + " (the paper's grid; hours on CPUs, meant for a GPU backend).")
  String scale;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed of data and random projections (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "Where MrDAM and DrDAM run: jvm (float32, all cores; default), reference"
          + " (float64, one thread) or tornado.")
  String backend;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Output directory (created if missing).")
  Path out;

  @Option(names = "--resume",
      description = "Go on from the cells a killed run left in OUT's CSV (written after every"
          + " cell, with the run's settings on its first line); refused if its settings differ"
          + " from this run's. Without it the run starts afresh.")
  boolean resume;

  @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
  boolean noProgress;

  /** The parsed scale. */
  Scale scale() {
    return Scale.parse(scale);
  }

  /** Fails early if --out names something that is not a directory (see {@link OutputPolicy}). */
  void checkOut() throws IOException {
    Cli.checkOutDir(out);
  }

  /** A progress bar on stderr, unless disabled. */
  Progress progress(String label, double cost) {
    return noProgress ? Progress.silent() : new Progress(System.err, label, cost);
  }

  /**
   * Runs one figure of the DrDAM paper: opens the backend, reports progress, writes the CSVs and
   * the PNG, prints the summary and the time, and closes the backend.
   */
  int runFigure(Figure figure) throws IOException {
    String describe = figure.describe();
    double cost = figure.cost();
    Cells cells = cells(figure);
    Engine be = DenseAM.open(backend);
    try {
      System.out.println("DrDAM paper, " + figure.name() + " (" + scale().id() + " scale): "
          + describe + "; backend " + be.backend());
      if (resume) {
        System.out.println("--resume: " + cells.resumed() + " finished cells in "
            + out.resolve(figure.id() + ".csv"));
      }
      Progress p = progress(figure.id(), cost);
      ErrorFigure fig = figure.run(be, p, cells);
      p.finish();
      Files.createDirectories(out);
      List<Path> files = fig.write(out,
          "DrDAM paper, " + figure.name() + ": " + figure.title() + " (" + scale().id()
              + " scale)",
          describe + "; backend " + be.backend(), cells.settingsLine());
      printSummary(fig, figure.summary(), figure.overK());
      System.out.printf(Locale.ROOT, "finished in %s; wrote %s%n",
          Format.duration(p.elapsedSeconds()), files);
      return 0;
    } finally {
      try {
        be.close();
      } catch (Exception e) {
        throw new IOException("closing backend " + be.backend() + " failed", e);
      }
    }
  }

  /**
   * The cells of a run: kept in OUT's CSV after every cell for a figure that can resume (read
   * back, and its settings checked, with {@code --resume}), in memory for the others.
   */
  Cells cells(Figure figure) throws IOException {
    Map<String, String> settings = figure.settings();
    if (settings == null) {
      if (resume) {
        throw new IllegalArgumentException("--resume: " + figure.id() + " cannot resume (it"
            + " computes all its cells at once); drop --resume");
      }
      return Cells.inMemory();
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put("--scale", scale().id());
    all.putAll(settings);
    all.put("--backend", backend.strip().toLowerCase(Locale.ROOT));
    return Cells.open(out.resolve(figure.id() + ".csv"), figure.id(), all, resume);
  }

  static void printSummary(ErrorFigure fig, List<Figure.Column> columns, boolean byK) {
    System.out.printf(Locale.ROOT, "%-18s %-7s", "D / basis", "beta");
    for (Figure.Column c : columns) {
      System.out.printf(Locale.ROOT, " %21s", c.header());
    }
    System.out.println();
    String axis = byK ? "K" : "Y";
    java.util.LinkedHashSet<String> rows = new java.util.LinkedHashSet<>();
    for (ErrorPoint p : fig.points()) {
      rows.add(p.d() + "|" + p.basis());
    }
    for (String r : rows) {
      int d = Integer.parseInt(r.substring(0, r.indexOf('|')));
      String basis = r.substring(r.indexOf('|') + 1);
      for (double beta : fig.betas()) {
        System.out.printf(Locale.ROOT, "%-18s %-7s", "D=" + d + " " + basis,
            Format.num(beta));
        for (Figure.Column c : columns) {
          List<ErrorPoint> curve = fig.curve(d, basis, c.set(), c.metric(), beta);
          if (curve.isEmpty()) {
            System.out.printf(Locale.ROOT, " %21s", "-");
            continue;
          }
          ErrorPoint a = curve.get(0);
          ErrorPoint b = curve.get(curve.size() - 1);
          System.out.printf(Locale.ROOT, " %9s -> %-9s", sci(a.value()), sci(b.value()));
        }
        System.out.println();
      }
    }
    System.out.printf(Locale.ROOT, "(each cell: error at the smallest -> largest %s)%n", axis);
  }

  private static String sci(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.2e", v);
  }
}
