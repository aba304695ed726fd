package org.denseam.api;

/**
 * Options of energy-descent retrieval {@code x ← x - η ∇E(x)}: immutable, built fluently from
 * {@link #steps(int)}.
 *
 * <pre>{@code
 * RetrieveOptions o = RetrieveOptions.steps(200).eta(0.1).tol(1e-8).clamp(mask).trace(true);
 * }</pre>
 *
 * @param steps maximum number of steps L, at least 0
 * @param eta step size η &gt; 0 (default 0.1)
 * @param tol stop a query once {@code |E_t - E_(t-1)| < tol}; 0 runs all L steps (default)
 * @param clamp length-D mask of clamped coordinates (kept at their initial values), or null
 * @param trace whether to record the energy after every step
 */
public record RetrieveOptions(int steps, double eta, double tol, boolean[] clamp, boolean trace) {

  /**
   * Copies the mask so later changes by the caller have no effect.
   *
   * @throws IllegalArgumentException for negative steps, η not finite and positive, or a negative,
   *     infinite or NaN tolerance
   */
  public RetrieveOptions {
    new org.denseam.dynamics.Descent(steps, eta, tol, null, false); // validates
    clamp = clamp == null ? null : clamp.clone();
  }

  /**
   * Options with L steps, η = 0.1, no early stop, no clamp and no trace.
   *
   * @param steps maximum number of steps L
   * @return the options
   */
  public static RetrieveOptions steps(int steps) {
    return new RetrieveOptions(steps, 0.1, 0, null, false);
  }

  /**
   * The same options with another step size.
   *
   * @param eta step size η &gt; 0
   * @return new options
   */
  public RetrieveOptions eta(double eta) {
    return new RetrieveOptions(steps, eta, tol, clamp, trace);
  }

  /**
   * The same options with an early-stop tolerance.
   *
   * @param tol energy-change tolerance, 0 to disable
   * @return new options
   */
  public RetrieveOptions tol(double tol) {
    return new RetrieveOptions(steps, eta, tol, clamp, trace);
  }

  /**
   * The same options with a clamp mask.
   *
   * @param clamp length-D mask ({@code true} = clamped), or null for none; copied
   * @return new options
   */
  public RetrieveOptions clamp(boolean[] clamp) {
    return new RetrieveOptions(steps, eta, tol, clamp, trace);
  }

  /**
   * The same options with or without the energy trace.
   *
   * @param trace whether to record the energy after every step
   * @return new options
   */
  public RetrieveOptions trace(boolean trace) {
    return new RetrieveOptions(steps, eta, tol, clamp, trace);
  }

  /**
   * The clamp mask.
   *
   * @return a copy of the mask, or null
   */
  @Override
  public boolean[] clamp() {
    return clamp == null ? null : clamp.clone();
  }
}
