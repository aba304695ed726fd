package org.denseam.backend.tornado;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Energy descent kept on the device, one kernel per step after the evaluation: for each query,
 * record its energy and retire it if converged, then take the step {@code x ← x - η ∇E} on
 * unclamped coordinates ({@link #descentStep}; {@link #descentStepFeatures} also computes the
 * DrDAM gradient from the transpose product and rescales the new state for the next
 * evaluation). Same semantics
 * as the host loop of {@link org.denseam.dynamics.Descent}. Each query counts the executions
 * itself ({@code iter}), so no kernel has to advance a shared counter after the others: every
 * kernel of a graph is its own OpenCL program, and each one more costs its compilation at the
 * start of every process. (The names avoid OpenCL C's built-in {@code step}.)
 */
public final class DescentKernels {
  private DescentKernels() {}

  /**
   * Records the energy of query r at its execution {@code t = iter[r]} if it is active; with
   * {@code tol > 0}, retires it when its energy changed by less than tol since the previous step.
   *
   * @param e the query's energy at its current state
   * @param prev energies at the previous step (updated)
   * @param active 1 while a query still moves (updated)
   * @param trace energies per step, (steps + 1) × rows, filled with NaN beforehand: entries of
   *     stopped queries are left as they are
   * @param r the query
   * @param t executions so far
   * @param rows number of queries
   * @param tol energy-change tolerance, 0 for none
   * @return whether the query is still active
   */
  static boolean track(float e, float[] prev, int[] active, float[] trace, int r, int t, int rows,
      float tol) {
    if (active[r] == 1) {
      if (t > 0 && tol > 0f && Math.abs(e - prev[r]) < tol) {
        active[r] = 0;
      }
      prev[r] = e;
      trace[t * rows + r] = e;
    }
    return active[r] == 1;
  }

  /**
   * One step of every query: {@link #track}, then, while it is active and fewer than {@code
   * steps} steps were taken, {@code x_r ← x_r - η ∇E_r} on the unclamped coordinates.
   *
   * @param energy energies at the current states
   * @param grad gradients at the current states, rows × d
   * @param x states, rows × d (updated)
   * @param prev energies at the previous step (updated)
   * @param active 1 while a query still moves (updated)
   * @param iter executions so far per query (updated)
   * @param taken steps taken per query (updated)
   * @param trace energies per step ({@link #track})
   * @param clamp 1 for clamped coordinates, length d
   * @param rows number of queries
   * @param d dimension D
   * @param steps maximum number of steps L
   * @param tol energy-change tolerance, 0 for none
   * @param eta step size η
   */
  public static void descentStep(float[] energy, float[] grad, float[] x, float[] prev,
      int[] active, int[] iter, int[] taken, float[] trace, int[] clamp, int rows, int d, int steps,
      float tol, float eta) {
    for (@Parallel int r = 0; r < rows; r++) {
      int t = iter[r];
      if (track(energy[r], prev, active, trace, r, t, rows, tol) && t < steps) {
        for (int i = 0; i < d; i++) {
          if (clamp[i] == 0) {
            x[r * d + i] -= eta * grad[r * d + i];
          }
        }
        taken[r] += 1;
      }
      iter[r] = t + 1;
    }
  }

  /**
   * {@link #descentStep} for DrDAM: the gradient of each coordinate from the transpose product
   * ({@link DrDamKernels#gradientOf}), and after the step the scaled state {@code z = √β x} and {@code
   * ||z||²} of the next evaluation ({@link DrDamKernels#scaleRow}).
   *
   * @param energy energies at the current states
   * @param acc {@code Σ_α slope ω_α} at the current states, rows × d
   * @param s inner products {@code <φ(z), T>} at the current states
   * @param x states, rows × d (updated)
   * @param z scaled states, rows × d (updated)
   * @param n2 their squared norms (updated)
   * @param prev energies at the previous step (updated)
   * @param active 1 while a query still moves (updated)
   * @param iter executions so far per query (updated)
   * @param taken steps taken per query (updated)
   * @param trace energies per step ({@link #track})
   * @param clamp 1 for clamped coordinates, length d
   * @param rows number of queries
   * @param d dimension D
   * @param steps maximum number of steps L
   * @param tol energy-change tolerance, 0 for none
   * @param eta step size η
   * @param sqrtBeta √β
   * @param clip ε in float32
   * @param exponential 1 for the Exp and ExpExp bases
   */
  public static void descentStepFeatures(float[] energy, float[] acc, float[] s, float[] x,
      float[] z, float[] n2, float[] prev, int[] active, int[] iter, int[] taken, float[] trace,
      int[] clamp, int rows, int d, int steps, float tol, float eta, float sqrtBeta, float clip,
      int exponential) {
    for (@Parallel int r = 0; r < rows; r++) {
      int t = iter[r];
      if (track(energy[r], prev, active, trace, r, t, rows, tol) && t < steps) {
        float sv = s[r];
        for (int i = 0; i < d; i++) {
          int k = r * d + i;
          if (clamp[i] == 0) {
            x[k] -= eta * DrDamKernels.gradientOf(acc[k], z[k], sv, sqrtBeta, clip, exponential);
          }
        }
        DrDamKernels.scaleRow(x, z, n2, r, d, sqrtBeta);
        taken[r] += 1;
      }
      iter[r] = t + 1;
    }
  }
}
