package org.denseam.api;

import java.util.List;

/**
 * The outcome of retrieval: final states, their energies, the steps each query took, and the
 * optional energy trace. Immutable; the accessors return the record's own arrays, which callers
 * own once they have the result.
 *
 * @param states the final states, one per query
 * @param energy final energies, length B
 * @param steps steps taken by each query, length B
 * @param trace energies after steps 0..L, each row of length B (NaN once a query stopped); empty
 *     unless requested
 */
public record Retrieval(Vectors states, double[] energy, int[] steps, List<double[]> trace) {
  /** How many energies and steps {@link #toString()} shows before it abbreviates. */
  private static final int SHOWN = 4;

  /**
   * A summary: the states' count and dimension, the steps and final energies (the first few, and
   * their range), and the trace's length, for example {@code Retrieval[states=Vectors[3 x 784,
   * float32], steps=[10, 10, 7], energy=[-1.5, -2.25, -0.5] (min -2.25, max -0.5), trace=11 rows]}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Retrieval[states=").append(states);
    sb.append(", steps=[");
    int[] st = steps == null ? new int[0] : steps;
    for (int i = 0; i < Math.min(st.length, SHOWN); i++) {
      sb.append(i == 0 ? "" : ", ").append(st[i]);
    }
    sb.append(st.length > SHOWN ? ", ... (" + st.length + ")]" : "]");
    sb.append(", energy=[");
    double[] e = energy == null ? new double[0] : energy;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < e.length; i++) {
      if (i < SHOWN) {
        sb.append(i == 0 ? "" : ", ").append(e[i]);
      }
      min = Math.min(min, e[i]);
      max = Math.max(max, e[i]);
    }
    sb.append(e.length > SHOWN ? ", ... (" + e.length + ")]" : "]");
    if (e.length > 1) {
      sb.append(" (min ").append(min).append(", max ").append(max).append(')');
    }
    int rows = trace == null ? 0 : trace.size();
    sb.append(", trace=").append(rows == 0 ? "none" : rows + (rows == 1 ? " row" : " rows"));
    return sb.append(']').toString();
  }
}
