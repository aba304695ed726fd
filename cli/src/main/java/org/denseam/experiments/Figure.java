package org.denseam.experiments;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.denseam.api.Engine;

/**
 * A figure of the DrDAM paper that {@code dam experiment} reproduces: its grid (a configuration
 * record of the figure's class, with the presets {@code small(seed)} and {@code paper(seed)} of
 * {@link Scale} and the {@code of(Scale, ...)} that picks one), how it runs, and which columns
 * its summary table shows. Implemented by {@link Fig3.Config}, {@link Fig4a.Config}, {@link
 * Fig5.Config} and {@link Fig6.Config}.
 */
public interface Figure {
  /** The query sets of the figures on binary patterns, in panel order. */
  List<String> BINARY_SETS = List.of("at", "near", "far");

  /**
   * One column of the summary table: the error of a metric on a query set, from the smallest to
   * the largest value of the grid's axis.
   *
   * @param set the query set, for example {@code near}
   * @param metric the metric, for example {@link ErrorPoint#ENERGY}
   * @param header the column's header
   */
  record Column(String set, String metric, String header) {}

  /**
   * The figure's identifier, also the stem of its files.
   *
   * @return for example {@code fig3}
   */
  String id();

  /**
   * The figure's name in the paper.
   *
   * @return for example {@code Figure 3}
   */
  String name();

  /**
   * What the figure shows.
   *
   * @return one line
   */
  String title();

  /**
   * The grid and parameters of this run.
   *
   * @return one line
   */
  String describe();

  /**
   * The largest cost of the run, in the units of {@link Progress}.
   *
   * @return the cost
   */
  double cost();

  /**
   * Computes the figure.
   *
   * @param backend where MrDAM and DrDAM run
   * @param progress reports the work done
   * @return the figure's points, ready to be written
   */
  ErrorFigure run(Engine backend, Progress progress);

  /**
   * Every parameter of the run that affects its results, as option name and value, written on
   * the settings line of the CSV ({@link Cells}) and compared by {@code --resume}.
   *
   * @return the settings in a fixed order, or null if the figure cannot resume
   */
  default Map<String, String> settings() {
    return null;
  }

  /**
   * Computes the figure cell by cell, taking the cells an earlier run finished and recording each
   * new one in {@code cells} as it finishes. The default, for a figure that cannot resume, ignores
   * {@code cells}.
   *
   * @param backend where MrDAM and DrDAM run
   * @param progress reports the work done
   * @param cells the finished cells, kept in the CSV
   * @return the figure's points, ready to be written
   * @throws IOException if a cell cannot be recorded
   */
  default ErrorFigure run(Engine backend, Progress progress, Cells cells) throws IOException {
    return run(backend, progress);
  }

  /**
   * The columns of the summary table printed after the run.
   *
   * @return the columns, in order
   */
  List<Column> summary();

  /**
   * Whether the summary runs over K (the number of stored patterns) instead of Y.
   *
   * @return true for a figure over K
   */
  default boolean overK() {
    return false;
  }

  /**
   * A figure computed cell by cell, which {@code --resume} can continue: it states its settings,
   * and a run without recorded cells is a run over {@link Cells#inMemory()}. Implemented by
   * {@link Fig3.Config}, {@link Fig4a.Config} and {@link Fig5.Config}.
   */
  interface Resumable extends Figure {
    @Override
    Map<String, String> settings();

    @Override
    ErrorFigure run(Engine backend, Progress progress, Cells cells) throws IOException;

    /**
     * Computes the figure over cells kept in memory only.
     *
     * @param backend where MrDAM and DrDAM run
     * @param progress reports the work done
     * @return the figure's points, ready to be written
     */
    @Override
    default ErrorFigure run(Engine backend, Progress progress) {
      try {
        return run(backend, progress, Cells.inMemory());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
