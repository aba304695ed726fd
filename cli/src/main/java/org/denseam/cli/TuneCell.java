package org.denseam.cli;

import java.util.List;

/**
 * One representative size that {@code dam tune} times: a kernel of {@code dam bench throughput}
 * and, for DrDAM, the projection.
 *
 * @param kernel gradcomp or exact
 * @param projection gaussian or sorf (gradcomp), "-" for exact
 */
record TuneCell(String kernel, String projection) {
  /** GradComp with Gaussian and with SORF projections, and the exact (MrDAM) gradient. */
  static final List<TuneCell> ALL = List.of(new TuneCell("gradcomp", "gaussian"),
      new TuneCell("gradcomp", "sorf"), new TuneCell("exact", "-"));

  /**
   * The JVM backend's cells: {@link #ALL} less SORF, whose path has no tiles (it runs the same
   * code and gives the same bits under every tile size), so that its time would add only noise
   * to the choice.
   */
  static final List<TuneCell> JVM = List.of(ALL.get(0), ALL.get(2));

  /**
   * The cell's name in the tables.
   *
   * @return e.g. {@code gradcomp/sorf}
   */
  String label() {
    return projection.equals("-") ? kernel : kernel + "/" + projection;
  }
}
