package org.denseam.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The tables {@code dam tune} prints. */
final class TuneReport {
  /**
   * A candidate replaces the built-in default only if the geometric mean of its ratios to the
   * default is below this: at least 5 % faster. Closer than that, the difference is within the
   * run-to-run noise of a shared machine, and the default (the same on every machine) is kept.
   */
  static final double MARGIN = 0.95;

  private TuneReport() {}

  /**
   * Prints candidate × cell: time per call in ms and its ratio to the built-in default, and the
   * geometric mean of the ratios; returns the candidate with the lowest mean if that is below
   * {@link #MARGIN}, else the default.
   *
   * @param o where to print
   * @param cands the candidates
   * @param cells the cells
   * @param sec seconds per call, [candidate][cell]
   * @param def index of the built-in default
   * @return index of the chosen candidate
   */
  static int table(PrintStream o, List<TuneCandidate> cands, List<TuneCell> cells,
      double[][] sec, int def) {
    int width = 32;
    for (TuneCandidate c : cands) {
      width = Math.max(width, c.label().length() + " (default)".length());
    }
    String label = "%-" + width + "s";
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, label, "candidate"));
    for (TuneCell c : cells) {
      head.append(String.format(Locale.ROOT, " | %-27s", c.label() + " ms (/def)"));
    }
    o.println(head.append(" | geomean /def"));
    int best = def;
    double bestMean = MARGIN;
    for (int i = 0; i < cands.size(); i++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, label,
          cands.get(i).label() + (i == def ? " (default)" : "")));
      for (int j = 0; j < cells.size(); j++) {
        line.append(String.format(Locale.ROOT, " | %27s", String.format(Locale.ROOT,
            "%9.2f (%.3fx)", sec[i][j] * 1e3,
            sec[i][j] / sec[def][j])));
      }
      double m = mean(sec[i], sec[def]);
      o.println(line.append(String.format(Locale.ROOT, " | %6.3fx", m)));
      if (m < bestMean) {
        best = i;
        bestMean = m;
      }
    }
    return best;
  }

  /**
   * Prints tuned against untuned per cell, both from this run's measurements.
   *
   * @param o where to print
   * @param cells the cells
   * @param tuned seconds per call of the chosen candidate
   * @param untuned seconds per call of the built-in default
   */
  static void tunedVsUntuned(PrintStream o, List<TuneCell> cells, double[] tuned,
      double[] untuned) {
    o.println("tuned vs untuned (ms per call; untuned/tuned > 1: tuning is faster):");
    for (int j = 0; j < cells.size(); j++) {
      o.printf(Locale.ROOT, "  %-18s untuned %9.2f  tuned %9.2f  untuned/tuned %6.3f%n",
          cells.get(j).label(), untuned[j] * 1e3, tuned[j] * 1e3, untuned[j] / tuned[j]);
    }
  }

  /** Geometric mean of a / base. */
  private static double mean(double[] a, double[] base) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += Math.log(a[j] / base[j]);
    }
    return Math.exp(s / a.length);
  }
}
