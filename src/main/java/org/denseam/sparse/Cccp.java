package org.denseam.sparse;

import org.denseam.backend.Backend;

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
    return iterate(memory, q, batch, (qs, b, w, next) -> {
      memory.weights(qs, b, w);
      memory.combine(w, b, next);
    });
  }

  /**
   * Runs the iteration on a backend: every step is one {@link
   * Backend#sparseUpdate} over the queries still moving.
   *
   * @param memory the network
   * @param backend where to compute the updates
   * @param q initial queries {@code q_0}, B × D row-major, finite (not modified)
   * @param batch number of queries B
   * @return the final states and weights and the steps taken
   * @throws IllegalArgumentException on bad shapes or non-finite queries
   */
  public Result run(
      SparseMemory memory, Backend backend, double[] q, int batch) {
    memory.checkQueries(q, batch);
    return iterate(memory, q, batch,
        (qs, b, w, next) -> backend.sparseUpdate(memory.values(), qs, b, w, next));
  }

  /** One CCCP update of a batch: the weights and the next states of B queries. */
  @FunctionalInterface
  private interface Update {
    void apply(double[] q, int batch, double[] weights, double[] next);
  }

  /** The iteration of {@link #run}, with each step's update computed by {@code update}. */
  private Result iterate(SparseMemory memory, double[] q, int batch, Update update) {
    int n = memory.count(), d = memory.dim();
    double limit = tol * memory.maxNorm();
    double[] states = q.clone();
    double[] weights = new double[batch * n];
    int[] steps = new int[batch];
    boolean[] converged = new boolean[batch];
    // p = weights of the current states; moved = Xᵀ p, the states after one more update.
    double[] moved = new double[batch * d];
    update.apply(states, batch, weights, moved);
    int[] active = new int[batch];
    for (int b = 0; b < batch; b++) {
      active[b] = b;
    }
    int live = maxSteps > 0 ? batch : 0;
    double[] cur = new double[batch * d];
    while (live > 0) {
      double[] next = new double[live * n];
      double[] moved2 = new double[live * d];
      // Gather the moving queries' proposed states, then evaluate their weights (and the step
      // after, which becomes the next proposal).
      for (int r = 0; r < live; r++) {
        System.arraycopy(moved, active[r] * d, cur, r * d, d);
      }
      update.apply(java.util.Arrays.copyOf(cur, live * d), live, next, moved2);
      int kept = 0;
      for (int r = 0; r < live; r++) {
        int b = active[r];
        steps[b]++;
        boolean done = sameSupport(weights, b * n, next, r * n, n)
            && maxAbsDiff(cur, r * d, states, b * d, d) <= limit;
        System.arraycopy(cur, r * d, states, b * d, d);
        System.arraycopy(next, r * n, weights, b * n, n);
        System.arraycopy(moved2, r * d, moved, b * d, d);
        converged[b] = done;
        if (!done && steps[b] < maxSteps) {
          active[kept++] = b;
        }
      }
      live = kept;
    }
    return new Result(states, weights, steps, converged);
  }

  private static boolean sameSupport(double[] a, int ao, double[] b, int bo, int n) {
    for (int i = 0; i < n; i++) {
      if ((a[ao + i] > 0) != (b[bo + i] > 0)) {
        return false;
      }
    }
    return true;
  }

  private static double maxAbsDiff(double[] a, int ao, double[] b, int bo, int d) {
    double m = 0;
    for (int i = 0; i < d; i++) {
      m = Math.max(m, Math.abs(a[ao + i] - b[bo + i]));
    }
    return m;
  }
}
