package org.denseam.experiments;

import java.util.Locale;
import org.denseam.api.FeatureSpec;

/**
 * One measured point of an experiment: an error of DrDAM against MrDAM for one configuration and
 * one set of queries, as written to the experiment's CSV file.
 *
 * @param d dimension D
 * @param k number of stored patterns K
 * @param y feature dimension Y (the length of T)
 * @param beta inverse temperature β
 * @param basis the random-feature basis
 * @param queries the query set: {@code at}, {@code near}, {@code far} (random), {@code guess}
 *     (the random-guess baseline), or {@code stored} and {@code new} for Figure 6
 * @param metric {@code energy} (MAE of energies), {@code gradient} (MAE of gradients, eq. 14) or
 *     {@code hamming} (Δ_H, eq. 15)
 * @param value the error, averaged over queries; NaN where it could not be computed
 * @param stderr the standard error of that mean
 * @param n the number of queries
 * @param boundShape the shape of the theoretical bound at this point (the fitted bound is {@code c
 *     · boundShape}); NaN where none applies
 * @param note empty, or why the value is missing (for example an overflow of exponential features)
 */
public record ErrorPoint(int d, int k, int y, double beta, String basis, String queries,
    String metric, double value, double stderr, int n, double boundShape, String note) {

  /** Metric name of the energy MAE. */
  public static final String ENERGY = "energy";
  /** Metric name of the gradient MAE. */
  public static final String GRADIENT = "gradient";
  /** Metric name of the normalised Hamming error. */
  public static final String HAMMING = "hamming";

  /** The CSV header matching {@link #csv()}. */
  public static final String CSV_HEADER =
      "d,k,y,projections,beta,basis,queries,metric,value,stderr,n,bound_shape,note";

  /**
   * The number of random projections behind Y ({@code Y/2} for the paired SinCos and ExpExp
   * bases; this is what the paper calls Y).
   *
   * @return the projections m
   */
  public int projections() {
    return FeatureSpec.projections(basis, y);
  }

  /**
   * This point as a CSV line (no newline).
   *
   * @return the line
   */
  public String csv() {
    return String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,%d,%s,%s", d, k, y,
        projections(), Format.num(beta), basis, queries, metric, Format.num(value),
        Format.num(stderr), n, Format.num(boundShape), note);
  }

  /**
   * Reads a point back from its CSV line ({@link #csv()}); the projections column, derived from
   * the basis and Y, is checked against them.
   *
   * @param line one line of a figure's CSV, without its newline
   * @return the point
   * @throws IllegalArgumentException if the line does not have the 13 columns of {@link
   *     #CSV_HEADER} with numbers where numbers belong
   */
  public static ErrorPoint parse(String line) {
    String[] f = line.split(",", 13);
    if (f.length != 13) {
      throw new IllegalArgumentException("expected the 13 columns of " + CSV_HEADER + ", got "
          + f.length);
    }
    try {
      ErrorPoint p = new ErrorPoint(Integer.parseInt(f[0]), Integer.parseInt(f[1]),
          Integer.parseInt(f[2]), Double.parseDouble(f[4]), f[5], f[6], f[7],
          Double.parseDouble(f[8]), Double.parseDouble(f[9]), Integer.parseInt(f[10]),
          Double.parseDouble(f[11]), f[12]);
      if (p.projections() != Integer.parseInt(f[3])) {
        throw new IllegalArgumentException("projections " + f[3] + " do not match Y " + f[2]
            + " of " + f[5]);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + e.getMessage());
    }
  }
}
