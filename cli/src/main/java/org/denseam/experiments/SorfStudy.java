package org.denseam.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.denseam.api.Engine;
import org.denseam.api.Memory;
import org.denseam.api.FeatureStore;
import org.denseam.api.Vectors;

/**
 * SORF against i.i.d. Gaussian projections on the Fig. 3 protocol: K binary patterns in {0,
 * 1/√D}^D, queries at, near (10 % of bits flipped) and far from them, SinCos features. For every
 * cell (D, β, Y) and seed, the MAE of energies and of gradient norms (eq. 14) of each projection
 * against MrDAM; the ratio SORF / Gaussian per cell is averaged over seeds, with its seed-to-seed
 * spread.
 */
public final class SorfStudy {
  /** The projections compared, Gaussian first. */
  private static final String[] PROJECTIONS = {"gaussian", "sorf"};

  private SorfStudy() {}

  /**
   * The grid.
   *
   * @param k stored patterns K
   * @param queries queries per set
   * @param dims dimensions D
   * @param betas inverse temperatures β
   * @param ys feature dimensions Y
   * @param seeds number of seeds (data and projections differ per seed)
   * @param seed base seed
   */
  public record Config(int k, int queries, int[] dims, double[] betas, int[] ys, int seeds,
      long seed) {
    /**
     * The grid of the SORF claim: K = 500, D ∈ {32, 128, 512}, β ∈ {10, 30}, Y ∈ {4096, 16384,
     * 65536}.
     *
     * @param seeds number of seeds
     * @param seed base seed
     * @param queries queries per set
     * @return the configuration
     */
    public static Config standard(int seeds, long seed, int queries) {
      return new Config(500, queries, new int[] {32, 128, 512}, new double[] {10, 30},
          new int[] {4096, 16384, 65536}, seeds, seed);
    }
  }

  /**
   * One cell and seed: the MAE of each projection for one query set and metric.
   *
   * @param d dimension D
   * @param beta β
   * @param y feature dimension Y
   * @param seed index of the seed
   * @param set query set (at, near, far)
   * @param metric energy or gradient
   * @param gaussian MAE with Gaussian projections
   * @param sorf MAE with SORF projections
   */
  public record Cell(int d, double beta, int y, int seed, String set, String metric,
      double gaussian, double sorf) {}

  /**
   * Runs the study.
   *
   * @param c the grid
   * @param be the backend evaluating both models
   * @param progress progress reporter
   * @return one cell per (D, β, Y, seed, set, metric)
   */
  public static List<Cell> run(Config c, Engine be, Progress progress) {
    List<Cell> cells = new ArrayList<>();
    String[] sets = {"at", "near", "far"};
    int k = c.k(), q = c.queries();
    for (int s = 0; s < c.seeds(); s++) {
      for (int d : c.dims()) {
        double[] pool = BinaryData.uniquePatterns(k + q, d,
            new SplittableRandom(BinaryData.seed(c.seed(), s, d, 1)));
        double[] stored = Models.rows(pool, 0, k, d);
        double[] far = Models.rows(pool, k, k + q, d);
        double[] at = Models.rows(stored, 0, q, d);
        double[] near = BinaryData.flipBits(stored, q, d, BinaryData.flipCount(0.1, d),
            new SplittableRandom(BinaryData.seed(c.seed(), s, d, 2)));
        double[] all = Models.concat(at, near, far);
        for (double beta : c.betas()) {
          Memory mr = Models.exact(be, stored, k, d, beta);
          Models.Eval exact = Models.eval(mr, all, 3 * q);
          for (int y : c.ys()) {
            Models.Eval[] approx = new Models.Eval[2];
            for (int p = 0; p < PROJECTIONS.length; p++) {
              FeatureStore dr = be.featureMemory(d, beta, "sincos", y,
                  BinaryData.seed(c.seed(), s, 0x5EED), PROJECTIONS[p]);
              dr.add(Vectors.view(stored, k, d));
              approx[p] = Models.eval(dr, all, 3 * q);
              progress.advance((double) k * y * d + 6.0 * q * y * d, String.format(Locale.ROOT,
                  "seed %d D=%d beta=%s Y=%d %s", s, d, Format.num(beta), y, PROJECTIONS[p]));
            }
            for (int set = 0; set < 3; set++) {
              Models.Eval ex = exact.rows(set * q, (set + 1) * q, d);
              Models.Eval g = approx[0].rows(set * q, (set + 1) * q, d);
              Models.Eval o = approx[1].rows(set * q, (set + 1) * q, d);
              cells.add(new Cell(d, beta, y, s, sets[set], ErrorPoint.ENERGY,
                  Metrics.maeEnergy(ex.e(), g.e()), Metrics.maeEnergy(ex.e(), o.e())));
              cells.add(new Cell(d, beta, y, s, sets[set], ErrorPoint.GRADIENT,
                  Metrics.maeGradient(ex.g(), g.g(), d), Metrics.maeGradient(ex.g(), o.g(), d)));
            }
          }
        }
      }
    }
    return cells;
  }

  /**
   * Ratios SORF / Gaussian per (D, β, Y, set, metric), over the seeds: mean and spread.
   *
   * @param cells the measured cells
   * @return one line per grid cell: D, β, Y, set, metric, mean Gaussian MAE, mean SORF MAE,
   *     ratio of the means, and the smallest and largest per-seed ratio
   */
  public static List<double[]> ratios(List<Cell> cells) {
    List<double[]> out = new ArrayList<>();
    List<Cell> seen = new ArrayList<>();
    for (Cell c : cells) {
      boolean dup = false;
      for (Cell s : seen) {
        dup |= s.d() == c.d() && s.beta() == c.beta() && s.y() == c.y() && s.set().equals(c.set())
            && s.metric().equals(c.metric());
      }
      if (dup) {
        continue;
      }
      seen.add(c);
      double g = 0, o = 0, lo = Double.POSITIVE_INFINITY, hi = 0;
      int n = 0;
      for (Cell x : cells) {
        if (x.d() == c.d() && x.beta() == c.beta() && x.y() == c.y() && x.set().equals(c.set())
            && x.metric().equals(c.metric())) {
          g += x.gaussian();
          o += x.sorf();
          lo = Math.min(lo, x.sorf() / x.gaussian());
          hi = Math.max(hi, x.sorf() / x.gaussian());
          n++;
        }
      }
      out.add(new double[] {c.d(), c.beta(), c.y(), setIndex(c.set()),
          c.metric().equals(ErrorPoint.ENERGY) ? 0 : 1, g / n, o / n, o / g, lo, hi});
    }
    return out;
  }

  private static int setIndex(String set) {
    return set.equals("at") ? 0 : set.equals("near") ? 1 : 2;
  }

  /**
   * Writes {@code sorf.csv} (every cell and seed) and {@code sorf-ratios.csv} (per grid cell), and
   * returns a text summary.
   *
   * @param dir output directory
   * @param cells the measured cells
   * @return the summary: the table of ratios, their mean over the grid and the largest cell
   * @throws IOException if writing fails
   */
  public static String write(Path dir, List<Cell> cells) throws IOException {
    StringBuilder raw = new StringBuilder("d,beta,y,seed,set,metric,mae_gaussian,mae_sorf\n");
    for (Cell c : cells) {
      raw.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%s,%s,%.6e,%.6e%n", c.d(),
          Format.num(c.beta()), c.y(), c.seed(), c.set(), c.metric(), c.gaussian(), c.sorf()));
    }
    List<double[]> rs = ratios(cells);
    String[] sets = {"at", "near", "far"};
    String[] metrics = {ErrorPoint.ENERGY, ErrorPoint.GRADIENT};
    StringBuilder csv = new StringBuilder(
        "d,beta,y,set,metric,mae_gaussian,mae_sorf,ratio,ratio_min_seed,ratio_max_seed\n");
    StringWriter sw = new StringWriter();
    PrintWriter pw = new PrintWriter(sw);
    pw.printf(Locale.ROOT, "%5s %5s %6s %-5s %-8s %12s %12s %7s %15s%n", "D", "beta", "Y", "set",
        "metric", "MAE gauss", "MAE sorf", "ratio", "seed range");
    double[] sum = new double[2];
    double[] max = new double[2];
    int[] n = new int[2];
    for (double[] r : rs) {
      int metric = (int) r[4];
      csv.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%.6e,%.6e,%.4f,%.4f,%.4f%n",
          (int) r[0], Format.num(r[1]), (int) r[2], sets[(int) r[3]], metrics[metric], r[5],
          r[6], r[7], r[8], r[9]));
      pw.printf(Locale.ROOT, "%5d %5s %6d %-5s %-8s %12.4e %12.4e %7.3f %7.3f..%-6.3f%n",
          (int) r[0], Format.num(r[1]), (int) r[2], sets[(int) r[3]], metrics[metric], r[5],
          r[6], r[7], r[8], r[9]);
      sum[metric] += r[7];
      max[metric] = Math.max(max[metric], r[7]);
      n[metric]++;
    }
    for (int m = 0; m < 2; m++) {
      pw.printf(Locale.ROOT, "%s: SORF/Gaussian MAE ratio, mean over the grid %.3f, largest cell %.3f%n",
          metrics[m], sum[m] / n[m], max[m]);
    }
    pw.flush();
    TextFile.write(dir.resolve("sorf.csv"), raw.toString());
    TextFile.write(dir.resolve("sorf-ratios.csv"), csv.toString());
    return sw.toString();
  }
}
