package org.denseam.sparse;

/**
 * The CCCP iteration of a {@link SparseMemory} (eq. 8 of Martins et al.): from {@code q_0},
 *
 * <pre>
 *   p_t = α-entmax(β X q_t),   q_{t+1} = Xᵀ p_t,
 * </pre>
 *
 * <p>which never increases the Hopfield-Fenchel-Young energy (eq. 7). A query stops after update
 * t + 1 once it has converged: the support of the weights did not change, {@code supp(p_{t+1}) =
 * supp(p_t)}, and the state moved by at most {@code tol · M} in every coordinate, {@code ||q_{t+1}
 * - q_t||_∞ ≤ tol · M} with {@code M = max_i ||x_i||}; or once it has taken {@code maxSteps}
 * updates.
 *
 * <p>With {@code tol = 0} a query stops only at an exact fixed point ({@code q_{t+1} = q_t} bit for
 * bit), after which further updates could not change it: the result is exactly that of {@code
 * maxSteps} updates. For α &gt; 1 a query whose weights become one-hot reaches the pattern {@code
 * x_i} exactly; other fixed points (and all of them for α = 1) are approached geometrically and may
 * end in cycles of rounding-level moves, which a small positive {@code tol} recognises as
 * convergence. The tolerance bounds the last move, not the distance to the fixed point.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxSteps the largest number of updates L ≥ 0
 * @param tol relative tolerance ≥ 0 on the last move (0: only exact fixed points stop early)
 */
public record Cccp(int maxSteps, double tol) {
  /** Update limit of {@link #toConvergence()}. */
  public static final int DEFAULT_MAX_STEPS = 10_000;
  /** Tolerance of {@link #toConvergence()}: a few thousand ulps of the largest pattern norm. */
  public static final double DEFAULT_TOL = 1e-12;

  /**
   * Validates the parameters.
   *
   * @throws IllegalArgumentException if {@code maxSteps < 0} or {@code tol} is negative or not
   *     finite
   */
  public Cccp {
    if (maxSteps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + maxSteps);
    }
    if (!(tol >= 0) || !Double.isFinite(tol)) {
      throw new IllegalArgumentException("tol must be finite and >= 0, got " + tol);
    }
  }

  /**
   * Exactly L updates (stopping earlier only at an exact fixed point, which gives the same states).
   *
   * @param steps L ≥ 0
   * @return the rule
   * @throws IllegalArgumentException if {@code steps < 0}
   */
  public static Cccp fixedSteps(int steps) {
    return new Cccp(steps, 0);
  }

  /**
   * Run to convergence with {@link #DEFAULT_TOL}, at most {@link #DEFAULT_MAX_STEPS} updates.
   *
   * @return the rule
   */
  public static Cccp toConvergence() {
    return new Cccp(DEFAULT_MAX_STEPS, DEFAULT_TOL);
  }

  /**
   * The outcome of a run over B queries.
   *
   * @param states final states {@code q*}, B × D
   * @param weights {@code p* = α-entmax(β X q*)} at the final states, B × N; at a fixed point
   *     {@code q* = Xᵀp*}
   * @param steps the number of updates each query took, length B
   * @param converged whether each query met the convergence test (false: it stopped at maxSteps)
   */
  public record Result(double[] states, double[] weights, int[] steps, boolean[] converged) {
    /**
     * The number of queries that did not converge within maxSteps.
     *
     * @return the count
     */
    public int notConverged() {
      int k = 0;
      for (boolean c : converged) {
        k += c ? 0 : 1;
      }
      return k;
    }
  }

  /**
   * Runs the iteration from each query.
   *
   * @param memory the network
   * @param q initial queries {@code q_0}, B × D row-major, finite (not modified)
   * @param batch number of queries B
   * @return the final states and weights and the steps taken
   * @throws IllegalArgumentException on bad shapes or non-finite queries
   */
  public Result run(SparseMemory memory, double[] q, int batch) {
    memory.checkQueries(q, batch);
    int n = memory.count(), d = memory.dim();
    double limit = tol * memory.maxNorm();
    double[] states = new double[batch * d];
    double[] weights = new double[batch * n];
    int[] steps = new int[batch];
    boolean[] converged = new boolean[batch];
    double[] theta = new double[n];
    double[] p = new double[n];
    double[] next = new double[n];
    double[] cur = new double[d];
    double[] moved = new double[d];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(q, b * d, cur, 0, d);
      memory.weightsOf(cur, 0, theta, p);
      int t = 0;
      boolean done = false;
      while (t < maxSteps && !done) {
        memory.combine(p, moved, 0);
        memory.weightsOf(moved, 0, theta, next);
        t++;
        done = sameSupport(p, next) && maxAbsDiff(moved, cur) <= limit;
        System.arraycopy(moved, 0, cur, 0, d);
        System.arraycopy(next, 0, p, 0, n);
      }
      System.arraycopy(cur, 0, states, b * d, d);
      System.arraycopy(p, 0, weights, b * n, n);
      steps[b] = t;
      converged[b] = done;
    }
    return new Result(states, weights, steps, converged);
  }

  private static boolean sameSupport(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if ((a[i] > 0) != (b[i] > 0)) {
        return false;
      }
    }
    return true;
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
