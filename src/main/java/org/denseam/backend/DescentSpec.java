package org.denseam.backend;

/**
 * What an energy descent {@code x ← x - η ∇E(x)} runs for (eq. 5 of the DrDAM paper), as handed to
 * {@link Backend#descend}: a query stops after {@code steps} steps, or earlier once {@code |E(x_t)
 * - E(x_{t-1})| < tol}; clamped coordinates keep their initial values.
 *
 * @param steps maximum number of steps L, at least 0
 * @param eta step size η &gt; 0
 * @param tol energy-change tolerance, 0 for none
 * @param clamp clamp mask of length D ({@code true} = clamped; shared: must not be modified), or
 *     null for none
 * @param trace whether to record the energy of every query after every step
 */
public record DescentSpec(int steps, double eta, double tol, boolean[] clamp, boolean trace) {}
