package org.denseam.cli;

import java.util.List;

/**
 * One representative size that {@code dam tune} times: a kernel of {@code dam bench throughput}
 * and, for DrDAM, the projection.
 *
 * @param kernel gradcomp or exact
 * @param projection the row of {@code dam bench throughput}'s table that times it: gaussian or
 *     sorf for gradcomp; gaussian for exact (the name of its one row: the exact gradient has no
 *     projections)
 */
record TuneCell(String kernel, String projection) {
  /** GradComp with Gaussian and with SORF projections, and the exact (MrDAM) gradient. */
  static final List<TuneCell> ALL = List.of(new TuneCell("gradcomp", "gaussian"),
      new TuneCell("gradcomp", "sorf"), new TuneCell("exact", "gaussian"));

  /**
   * The JVM backend's cells: {@link #ALL} less SORF, whose path has no tiles (it runs the same
   * code and gives the same bits under every tile size), so that its time would add only noise
   * to the choice.
   */
  static final List<TuneCell> JVM =
      ALL.stream().filter(c -> !c.projection().equals("sorf")).toList();

  /**
   * The cell's name in the tables.
   *
   * @return e.g. {@code gradcomp/sorf}
   */
  String label() {
    return kernel.equals("exact") ? kernel : kernel + "/" + projection;
  }
}
