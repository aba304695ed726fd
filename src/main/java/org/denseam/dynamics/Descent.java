package org.denseam.dynamics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.denseam.Checks;
import org.denseam.backend.Backend;
import org.denseam.backend.DescentSpec;
import org.denseam.memory.EnergyModel;

/**
 * Energy-descent dynamics (eq. 5 of the DrDAM paper): {@code x ← x - η ∇E(x)}, with clamped
 * coordinates whose gradient is set to zero (they keep their initial values).
 *
 * <p>Runs a fixed number of steps L, or stops a query earlier once {@code |E(x_t) - E(x_{t-1})| <
 * tol}. Only queries still moving are evaluated. Immutable and thread-safe.
 *
 * @param steps maximum number of steps L, at least 0
 * @param eta step size η &gt; 0
 * @param tol energy-change tolerance, finite and {@code >= 0}; 0 disables early stopping
 * @param clamp clamp mask of length D ({@code true} = clamped), or null for none
 * @param trace whether to record the energy of every query after every step
 */
public record Descent(int steps, double eta, double tol, boolean[] clamp, boolean trace) {

  /**
   * Validates the parameters.
   *
   * @throws IllegalArgumentException for negative steps, a non-positive or non-finite η, or a
   *     negative, infinite or NaN tolerance
   */
  public Descent {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (!(eta > 0) || !Double.isFinite(eta)) {
      throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
    }
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new IllegalArgumentException("tol must be finite and >= 0, got " + tol);
    }
    clamp = clamp == null ? null : clamp.clone();
  }

  /**
   * The outcome of a run.
   *
   * @param energy final energies, length B
   * @param stepsTaken steps each query took, length B
   * @param trace energies after step 0..L (row t holds B values; NaN once a query stopped), or an
   *     empty list when not recorded
   */
  public record Result(double[] energy, int[] stepsTaken, List<double[]> trace) {}

  /**
   * Runs the dynamics in place.
   *
   * @param model the energy
   * @param backend where to compute
   * @param x the B × D states, updated in place
   * @param batch B
   * @return final energies, steps taken and the optional trace
   * @throws IllegalArgumentException if the clamp mask's length is not D or the states are bad
   */
  public Result run(EnergyModel model, Backend backend, double[] x, int batch) {
    int d = model.dim();
    Checks.positive("B (number of queries)", batch);
    Checks.finiteMatrix("queries", x, batch, d);
    if (clamp != null && clamp.length != d) {
      throw new IllegalArgumentException(
          "clamp mask has length " + clamp.length + ", expected D = " + d);
    }
    double[] energy = new double[batch];
    int[] taken = new int[batch];
    List<double[]> rows = new ArrayList<>();
    model.checkBackend(backend);
    if (backend.descend(model.values(), new DescentSpec(steps, eta, tol, clamp, trace), x, batch,
        energy, taken, rows)) {
      return new Result(energy, taken, rows);
    }
    boolean early = tol > 0;
    int[] active = new int[batch];
    for (int b = 0; b < batch; b++) {
      active[b] = b;
    }
    int n = batch;
    double[] xs = new double[batch * d];
    double[] e = new double[batch];
    double[] g = new double[batch * d];
    for (int step = 0; ; step++) {
      gather(x, active, n, d, xs);
      try {
        model.energyGrad(backend, slice(xs, n * d), n, e, g);
      } catch (ArithmeticException ex) {
        if (step == 0) {
          throw ex;
        }
        throw new ArithmeticException("descent diverged at step " + step + " (eta = " + eta
            + "): " + ex.getMessage() + "; or lower eta");
      }
      double[] row = trace ? new double[batch] : null;
      if (row != null) {
        Arrays.fill(row, Double.NaN);
      }
      int kept = 0;
      for (int r = 0; r < n; r++) {
        int b = active[r];
        if (!Double.isFinite(e[r])) {
          throw new ArithmeticException("descent diverged: the energy of query " + b
              + " is not finite (" + e[r] + ") at step " + step
              + "; lower eta (" + eta + ") or beta, or rescale the inputs");
        }
        boolean converged = step > 0 && early && Math.abs(e[r] - energy[b]) < tol;
        energy[b] = e[r];
        if (row != null) {
          row[b] = e[r];
        }
        if (step == steps || converged) {
          continue;
        }
        for (int i = 0; i < d; i++) {
          if (clamp == null || !clamp[i]) {
            double v = x[b * d + i] - eta * g[r * d + i];
            if (!Double.isFinite(v)) {
              throw new ArithmeticException("descent diverged: query " + b + " left the"
                  + " floating-point range at step " + (step + 1) + " (coordinate " + i + " is "
                  + v + "); lower eta (" + eta + ") or beta, or rescale the inputs");
            }
            x[b * d + i] = v;
          }
        }
        taken[b]++;
        active[kept++] = b;
      }
      if (row != null) {
        rows.add(row);
      }
      n = kept;
      if (n == 0) {
        break;
      }
    }
    return new Result(energy, taken, rows);
  }

  private static void gather(double[] x, int[] rows, int n, int d, double[] out) {
    for (int r = 0; r < n; r++) {
      System.arraycopy(x, rows[r] * d, out, r * d, d);
    }
  }

  private static double[] slice(double[] a, int len) {
    return len == a.length ? a : Arrays.copyOf(a, len);
  }
}
