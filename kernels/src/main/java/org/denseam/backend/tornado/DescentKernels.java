package org.denseam.backend.tornado;

import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * Energy descent kept on the device: after each evaluation, {@link #track} records the energies
 * and retires converged queries, {@link #update} takes the step {@code x ← x - η ∇E} on unclamped
 * coordinates, and {@link #advance} moves the step counter. Same semantics as the host loop of
 * {@link org.denseam.dynamics.Descent}.
 */
public final class DescentKernels {
  private DescentKernels() {}

  /**
   * Records the energy of each active query at the current step; with {@code tol > 0}, retires a
   * query whose energy changed by less than tol since the previous step.
   *
   * @param energy energies at the current states
   * @param prev energies at the previous step (updated)
   * @param active 1 while a query still moves (updated)
   * @param step the step counter, one element
   * @param trace energies per step, (steps + 1) × rows, filled with NaN beforehand: entries of
   *     stopped queries are left as they are
   * @param rows number of queries
   * @param tol energy-change tolerance, 0 for none
   */
  public static void track(float[] energy, float[] prev, int[] active, int[] step, float[] trace,
      int rows, float tol) {
    for (@Parallel int r = 0; r < rows; r++) {
      int t = step[0];
      if (active[r] == 1) {
        float e = energy[r];
        if (t > 0 && tol > 0f && Math.abs(e - prev[r]) < tol) {
          active[r] = 0;
        }
        prev[r] = e;
        trace[t * rows + r] = e;
      }
    }
  }

  /**
   * One descent step for active queries while fewer than {@code steps} steps were taken.
   *
   * @param x states, rows × d (updated)
   * @param grad gradients, rows × d
   * @param clamp 1 for clamped coordinates, length d
   * @param active 1 while a query still moves
   * @param step the step counter, one element
   * @param taken steps taken per query (updated)
   * @param rows number of queries
   * @param d dimension D
   * @param steps maximum number of steps L
   * @param eta step size η
   */
  public static void update(float[] x, float[] grad, int[] clamp, int[] active, int[] step,
      int[] taken, int rows, int d, int steps, float eta) {
    for (@Parallel int r = 0; r < rows; r++) {
      if (active[r] == 1 && step[0] < steps) {
        for (int i = 0; i < d; i++) {
          if (clamp[i] == 0) {
            x[r * d + i] -= eta * grad[r * d + i];
          }
        }
        taken[r] += 1;
      }
    }
  }

  /**
   * Advances the step counter (one thread).
   *
   * @param step the step counter, one element
   */
  public static void advance(int[] step) {
    step[0] = step[0] + 1;
  }
}
