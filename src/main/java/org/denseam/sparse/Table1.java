package org.denseam.sparse;

import java.util.SplittableRandom;
import org.denseam.Checks;
import org.denseam.math.Entmax;
import org.denseam.stats.ChiSquare;

/**
 * Table 1 of Martins et al., "Sparse Modern Hopfield Networks": the distribution of metastable-state
 * cardinalities {@code ||p||_0}.
 *
 * <p>Protocol of the paper: each trial draws N = 10 patterns uniformly on the unit sphere of R^D, D =
 * 5, and one query uniformly in the unit ball; for each α ∈ {1, 1.5, 2} (the same patterns and query
 * for all three) the CCCP update (eq. 8) with β = 4 is run from the query to convergence, and the
 * size of the support of the weights at the fixed point, {@code p* = α-entmax(β X q*)}, is counted;
 * for α = 1, whose weights are never exactly zero, the entries above 0.01 are counted. Patterns are
 * normalised standard normal vectors; the query is a normalised standard normal vector scaled by
 * {@code U^{1/D}}, U uniform in (0, 1). The stream is {@link SplittableRandom} with the given seed.
 */
public final class Table1 {
  /** Number of patterns N. */
  public static final int N = 10;
  /** Dimension D. */
  public static final int D = 5;
  /** Inverse temperature β. */
  public static final double BETA = 4;
  /** The entropic indices of the table's columns. */
  private static final double[] ALPHAS = {1, 1.5, 2};
  /** For α = 1, weights above this count as support. */
  public static final double SOFTMAX_THRESHOLD = 0.01;
  /** Number of trials behind the paper's percentages. */
  public static final int PAPER_TRIALS = 1000;

  /** The paper's percentages, {@code [α index][||p||_0 - 1]}. */
  private static final double[][] PAPER = {
    {0.0, 0.0, 0.5, 1.9, 9.6, 20.0, 23.5, 25.7, 15.4, 3.4},
    {23.9, 44.4, 25.0, 5.9, 0.8, 0.0, 0.0, 0.0, 0.0, 0.0},
    {72.3, 26.7, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
  };

  private Table1() {}

  /**
   * The entropic indices of the columns, {1, 1.5, 2}.
   *
   * @return a new array
   */
  public static double[] alphas() {
    return ALPHAS.clone();
  }

  /**
   * The paper's percentages for one column.
   *
   * @param column 0, 1 or 2 for α = 1, 1.5, 2
   * @return a new array of N values: entry k - 1 is the percentage of trials with {@code ||p||_0 =
   *     k}
   */
  public static double[] paperPercent(int column) {
    return PAPER[column].clone();
  }

  /**
   * The paper's counts for one column (percentages × {@link #PAPER_TRIALS} / 100).
   *
   * @param column 0, 1 or 2 for α = 1, 1.5, 2
   * @return a new array of N counts
   */
  public static long[] paperCounts(int column) {
    long[] c = new long[N];
    for (int k = 0; k < N; k++) {
      c[k] = Math.round(PAPER[column][k] * PAPER_TRIALS / 100);
    }
    return c;
  }

  /**
   * The counts of a run.
   *
   * @param trials number of trials
   * @param seed the seed
   * @param cccp the stopping rule used
   * @param counts {@code [α index][k - 1]}: trials whose weights have support size k
   * @param notConverged per α, trials that stopped at the step limit without converging
   */
  public record Result(int trials, long seed, Cccp cccp, long[][] counts, int[] notConverged) {
    /**
     * Our percentages for one column.
     *
     * @param column 0, 1 or 2 for α = 1, 1.5, 2
     * @return N percentages
     */
    public double[] percent(int column) {
      double[] p = new double[N];
      for (int k = 0; k < N; k++) {
        p[k] = 100.0 * counts[column][k] / trials;
      }
      return p;
    }

    /**
     * Total-variation distance {@code ½ Σ_k |ours_k - paper_k|} between our distribution and the
     * paper's, in [0, 1].
     *
     * @param column 0, 1 or 2 for α = 1, 1.5, 2
     * @return the distance
     */
    public double totalVariation(int column) {
      double[] ours = percent(column);
      double s = 0;
      for (int k = 0; k < N; k++) {
        s += Math.abs(ours[k] - PAPER[column][k]);
      }
      return 0.5 * s / 100;
    }

    /**
     * χ² test that our counts and the paper's ({@link #PAPER_TRIALS} trials) come from one
     * distribution, pooling support sizes to at least 10 observations per group.
     *
     * @param column 0, 1 or 2 for α = 1, 1.5, 2
     * @return statistic, degrees of freedom and p-value
     */
    public ChiSquare.Test homogeneity(int column) {
      return ChiSquare.homogeneity(counts[column], paperCounts(column), 10);
    }
  }

  /**
   * Runs the protocol.
   *
   * @param trials number of trials, ≥ 1
   * @param seed seed of the patterns and queries
   * @param cccp stopping rule of the iteration ({@link Cccp#toConvergence()} for the paper's table)
   * @return the counts per α and support size
   * @throws IllegalArgumentException if {@code trials < 1} or cccp is null
   */
  public static Result run(int trials, long seed, Cccp cccp) {
    Checks.positive("trials", trials);
    if (cccp == null) {
      throw new IllegalArgumentException("cccp must be given");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    long[][] counts = new long[ALPHAS.length][N];
    int[] notConverged = new int[ALPHAS.length];
    double[] x = new double[N * D];
    double[] q = new double[D];
    for (int t = 0; t < trials; t++) {
      for (int i = 0; i < N; i++) {
        unitVector(rnd, x, i * D);
      }
      unitVector(rnd, q, 0);
      double r = Math.pow(rnd.nextDouble(), 1.0 / D);
      for (int j = 0; j < D; j++) {
        q[j] *= r;
      }
      for (int a = 0; a < ALPHAS.length; a++) {
        SparseMemory m = new SparseMemory(x, N, D, BETA, ALPHAS[a]);
        Cccp.Result res = cccp.run(m, q, 1);
        int k = Entmax.supportSize(res.weights(), ALPHAS[a] == 1 ? SOFTMAX_THRESHOLD : 0);
        counts[a][k - 1]++;
        notConverged[a] += res.notConverged();
      }
    }
    return new Result(trials, seed, cccp, counts, notConverged);
  }

  /** A uniform point of the unit sphere of R^D: a standard normal vector, normalised. */
  private static void unitVector(SplittableRandom rnd, double[] out, int off) {
    double norm2;
    do {
      norm2 = 0;
      for (int j = 0; j < D; j++) {
        double g = rnd.nextGaussian();
        out[off + j] = g;
        norm2 += g * g;
      }
    } while (norm2 < 1e-300);
    double inv = 1 / Math.sqrt(norm2);
    for (int j = 0; j < D; j++) {
      out[off + j] *= inv;
    }
  }
}
