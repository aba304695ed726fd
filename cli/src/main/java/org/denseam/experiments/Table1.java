package org.denseam.experiments;

import java.util.SplittableRandom;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.Retrieval;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.SparseStore;
import org.denseam.api.Vectors;

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
 *
 * <p>The memories are the library's {@link SparseStore}s on the {@code reference} backend (float64):
 * {@link SparseStore#retrieve} runs the CCCP updates with the stopping rule of {@link
 * SparseStore}, whose {@link RetrieveOptions#steps()} bounds the updates and whose {@link
 * RetrieveOptions#tol()} bounds the last move relative to the largest pattern norm.
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
  /** Update limit of {@link #toConvergence()}. */
  public static final int MAX_STEPS = 10_000;
  /** Tolerance of {@link #toConvergence()}: a few thousand ulps of the largest pattern norm. */
  public static final double TOL = 1e-12;

  /** The paper's percentages, {@code [α index][||p||_0 - 1]}. */
  private static final double[][] PAPER = {
    {0.0, 0.0, 0.5, 1.9, 9.6, 20.0, 23.5, 25.7, 15.4, 3.4},
    {23.9, 44.4, 25.0, 5.9, 0.8, 0.0, 0.0, 0.0, 0.0, 0.0},
    {72.3, 26.7, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0},
  };

  private Table1() {}

  /**
   * The paper's stopping rule: CCCP updates until the support of the weights no longer changes and
   * the last move is at most {@link #TOL} times the largest pattern norm, at most {@link
   * #MAX_STEPS} updates.
   *
   * @return {@code RetrieveOptions.steps(MAX_STEPS).tol(TOL)}
   */
  public static RetrieveOptions toConvergence() {
    return RetrieveOptions.steps(MAX_STEPS).tol(TOL);
  }

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
   * @param stop the stopping rule used: its steps and tol (η, clamp and trace play no part)
   * @param counts {@code [α index][k - 1]}: trials whose weights have support size k
   * @param notConverged per α, trials that stopped at the step limit without converging
   */
  public record Result(
      int trials, long seed, RetrieveOptions stop, long[][] counts, int[] notConverged) {
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
   * @param stop stopping rule of the iteration: at most {@code stop.steps()} updates, converged
   *     once the support is unchanged and the last move is at most {@code stop.tol()} times the
   *     largest pattern norm ({@link #toConvergence()} for the paper's table)
   * @return the counts per α and support size
   * @throws IllegalArgumentException if {@code trials < 1} or stop is null or has a clamp mask
   */
  public static Result run(int trials, long seed, RetrieveOptions stop) {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be >= 1, got " + trials);
    }
    if (stop == null) {
      throw new IllegalArgumentException("the stopping rule must be given");
    }
    RetrieveOptions rule = RetrieveOptions.steps(stop.steps()).tol(stop.tol());
    SplittableRandom rnd = new SplittableRandom(seed);
    long[][] counts = new long[ALPHAS.length][N];
    int[] notConverged = new int[ALPHAS.length];
    double[] x = new double[N * D];
    double[] q = new double[D];
    try (Engine engine = DenseAM.open("reference")) {
      for (int t = 0; t < trials; t++) {
        for (int i = 0; i < N; i++) {
          unitVector(rnd, x, i * D);
        }
        unitVector(rnd, q, 0);
        double r = Math.pow(rnd.nextDouble(), 1.0 / D);
        for (int j = 0; j < D; j++) {
          q[j] *= r;
        }
        Vectors patterns = Vectors.of(x, N, D);
        Vectors query = Vectors.of(q, 1, D);
        double maxNorm = maxNorm(x);
        for (int a = 0; a < ALPHAS.length; a++) {
          SparseStore m = engine.sparseMemory(patterns, BETA, ALPHAS[a]);
          Retrieval res = m.retrieve(query, rule);
          double[] p = m.weights(res.states()).row(0);
          counts[a][supportSize(p, ALPHAS[a] == 1 ? SOFTMAX_THRESHOLD : 0) - 1]++;
          if (!converged(m, query, res, rule, maxNorm)) {
            notConverged[a]++;
          }
        }
      }
    }
    return new Result(trials, seed, stop, counts, notConverged);
  }

  /**
   * Whether the run of one query met the convergence test rather than only the step limit. A run
   * that took fewer than {@code steps} updates converged; one that took all of them converged if
   * its last update did: the weights of the last two states have the same support and the states
   * differ by at most {@code tol · M} in every coordinate, M the largest pattern norm.
   */
  private static boolean converged(
      SparseStore m, Vectors query, Retrieval res, RetrieveOptions rule, double maxNorm) {
    int taken = res.steps()[0];
    if (taken < rule.steps()) {
      return true;
    }
    if (taken == 0) {
      return false;
    }
    // The run to L - 1 updates did not stop early either, so it ends at the state before the last.
    Vectors before = m.retrieve(query, RetrieveOptions.steps(taken - 1).tol(rule.tol())).states();
    double[] last = res.states().row(0);
    double[] prev = before.row(0);
    double[] pLast = m.weights(res.states()).row(0);
    double[] pPrev = m.weights(before).row(0);
    double move = 0;
    for (int j = 0; j < D; j++) {
      move = Math.max(move, Math.abs(last[j] - prev[j]));
    }
    for (int i = 0; i < N; i++) {
      if ((pLast[i] > 0) != (pPrev[i] > 0)) {
        return false;
      }
    }
    return move <= rule.tol() * maxNorm;
  }

  /** The largest pattern norm {@code max_i ||x_i||} of the N × D patterns. */
  private static double maxNorm(double[] x) {
    double m2 = 0;
    for (int i = 0; i < N; i++) {
      double norm2 = 0;
      for (int j = 0; j < D; j++) {
        norm2 += x[i * D + j] * x[i * D + j];
      }
      m2 = Math.max(m2, norm2);
    }
    return Math.sqrt(m2);
  }

  /** The number of weights above the threshold. */
  private static int supportSize(double[] p, double threshold) {
    int k = 0;
    for (double v : p) {
      if (v > threshold) {
        k++;
      }
    }
    return k;
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
