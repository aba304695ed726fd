package org.denseam.experiments;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress bar of the command line, with an estimated time to completion, written to a stream
 * (stderr in the CLI). Work is counted in arbitrary cost units (the experiments use the number of
 * multiply-adds of their kernels, so the estimate stays right when the grid's cells differ in
 * cost), or in items ({@link #items}: the cells or runs of {@code dam bench}, shown as done/total
 * too). The line is redrawn with a carriage return at most once a second, and ended with a
 * newline by {@link #finish()}.
 *
 * <p>Not thread-safe: one command reports from one thread.
 */
public final class Progress {
  private static final long REDRAW_NANOS = 1_000_000_000L;
  private static final int WIDTH = 28;

  private final PrintStream out;
  private final String label;
  private double total;
  private final long start;
  private final boolean items;
  private double done;
  private long lastDraw;
  private boolean drawn;

  /**
   * A progress bar.
   *
   * @param out where to draw, or null to draw nothing
   * @param label a short name shown before the bar
   * @param total total work, in cost units (&gt; 0)
   */
  public Progress(PrintStream out, String label, double total) {
    this(out, label, total, false);
  }

  private Progress(PrintStream out, String label, double total, boolean items) {
    this.items = items;
    this.out = out;
    this.label = label;
    this.total = total > 0 ? total : 1;
    this.start = System.nanoTime();
    this.lastDraw = start - REDRAW_NANOS;
  }

  /**
   * A progress reporter that draws nothing.
   *
   * @return a silent reporter
   */
  public static Progress silent() {
    return new Progress(null, "", 1);
  }

  /**
   * A progress bar that counts items (cells, runs) and shows {@code done/total}; silent for a
   * single item, which needs no bar.
   *
   * @param out where to draw, or null to draw nothing
   * @param label a short name shown before the bar
   * @param total the number of items
   * @return the progress bar
   */
  public static Progress items(PrintStream out, String label, int total) {
    return new Progress(total > 1 ? out : null, label, total, true);
  }

  /**
   * Records finished work and redraws the bar if a second has passed.
   *
   * @param work finished work in cost units
   * @param what what is being computed now (shown after the bar)
   */
  public void advance(double work, String what) {
    done = Math.min(total, done + Math.max(0, work));
    long now = System.nanoTime();
    if (out != null && now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(now, what);
    }
  }

  /**
   * Records that {@code work} units are done in all, and redraws the bar if a second has passed.
   *
   * @param work finished work in cost units, from the start
   * @param what what is being computed now (shown after the bar)
   */
  public void advanceTo(double work, String what) {
    advance(work - done, what);
  }

  /**
   * Removes work from the total without counting it as done: work an earlier run finished (a
   * resumed cell) or that turned out not to be needed (queries that stopped early), so that the
   * estimated time to completion is that of the work left.
   *
   * @param work work in cost units, at most what is left
   */
  public void skip(double work) {
    total = Math.max(done, total - Math.max(0, work));
    if (total <= 0) {
      total = 1;
    }
  }

  /**
   * Fraction of the work done.
   *
   * @return a value in [0, 1]
   */
  public double fraction() {
    return done / total;
  }

  /**
   * Seconds since the bar was created.
   *
   * @return elapsed seconds
   */
  public double elapsedSeconds() {
    return (System.nanoTime() - start) * 1e-9;
  }

  /** Draws the completed bar and ends the line. */
  public void finish() {
    if (out == null) {
      return;
    }
    done = total;
    draw(System.nanoTime(), "done");
    out.println();
    out.flush();
  }

  private void draw(long now, String what) {
    double f = done / total;
    double elapsed = (now - start) * 1e-9;
    int filled = (int) Math.round(f * WIDTH);
    String eta = f > 0 && f < 1 ? Format.duration(elapsed * (1 - f) / f) : f >= 1 ? "0s" : "?";
    String count = items ? String.format(Locale.ROOT, " %d/%d", Math.round(done),
        Math.round(total)) : "";
    String line = String.format(Locale.ROOT, "\r%s [%s%s] %3.0f%%%s  elapsed %s  ETA %s  %s",
        label, "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * f, count,
        Format.duration(elapsed), eta, what == null ? "" : what);
    // Pad so that a shorter line fully covers the previous one.
    out.print(drawn ? String.format(Locale.ROOT, "%-110s", line) : line);
    out.flush();
    drawn = true;
  }
}
