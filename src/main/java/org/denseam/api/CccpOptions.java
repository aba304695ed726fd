package org.denseam.api;

/**
 * When the CCCP updates of a sparse memory stop ({@link SparseStore#converge}): after at most
 * {@code maxSteps} updates, or earlier once a query has converged: the support of its weights did
 * not change and its state moved by at most {@code tol · M} in every coordinate, with {@code M}
 * the largest pattern norm.
 *
 * <p>With {@code tol = 0} a query stops early only at an exact fixed point (its state unchanged
 * bit for bit), after which more updates could not change it: the result is exactly that of
 * {@code maxSteps} updates ({@link #fixedSteps}).
 *
 * @param maxSteps the largest number of updates L, at least 0
 * @param tol relative tolerance on the last move, finite and at least 0
 */
public record CccpOptions(int maxSteps, double tol) {
  /** The update limit of {@link #toConvergence()}: 10,000. */
  public static final int DEFAULT_MAX_STEPS = 10_000;

  /** The tolerance of {@link #toConvergence()}, 1e-12: a few thousand ulps of the largest norm. */
  public static final double DEFAULT_TOL = 1e-12;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if {@code maxSteps < 0} ({@code steps must be >= 0, got L})
   *     or {@code tol} is negative, NaN or infinite ({@code tol must be finite and >= 0, got TOL})
   */
  public CccpOptions {
    new org.denseam.sparse.Cccp(maxSteps, tol); // validates
  }

  /**
   * Exactly L updates (stopping earlier only at an exact fixed point, which gives the same states).
   *
   * @param steps L, at least 0
   * @return the options {@code (steps, 0)}
   * @throws IllegalArgumentException if {@code steps < 0}
   */
  public static CccpOptions fixedSteps(int steps) {
    return new CccpOptions(steps, 0);
  }

  /**
   * Updates to convergence with {@link #DEFAULT_TOL}, at most {@link #DEFAULT_MAX_STEPS} of them.
   *
   * @return the options
   */
  public static CccpOptions toConvergence() {
    return new CccpOptions(DEFAULT_MAX_STEPS, DEFAULT_TOL);
  }
}
