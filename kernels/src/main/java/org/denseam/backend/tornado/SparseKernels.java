package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The CCCP update of sparse modern Hopfield networks, {@code q ← Xᵀ α-entmax(β X q)}, for
 * TornadoVM: scores, entmax (softmax for α = 1; otherwise bisection on the threshold τ in float64,
 * {@link #BISECTIONS} halvings, accurate for α up to about 10), and the weighted sum of patterns.
 */
public final class SparseKernels {
  /** Halvings of the threshold interval, whose initial width is at most 1. */
  public static final int BISECTIONS = 64;

  private SparseKernels() {}

  /**
   * Scores {@code θ[r·N + i] = β <x_i, q_r>}.
   *
   * @param x patterns, n × d
   * @param q queries, rows × d
   * @param theta output, rows × n
   * @param rows number of queries
   * @param n number of patterns N
   * @param d dimension D
   * @param beta β
   */
  public static void scores(float[] x, float[] q, float[] theta, int rows, int n, int d,
      float beta) {
    for (@Parallel int r = 0; r < rows; r++) {
      for (@Parallel int i = 0; i < n; i++) {
        theta[r * n + i] = beta * FeatureKernels.dot(x, i * d, q, r * d, d);
      }
    }
  }

  /**
   * {@code p_r = α-entmax(θ_r)}: {@code p_i = [(α-1)θ_i - τ]_+^{1/(α-1)}} with τ such that the
   * weights sum to 1, found by bisection in {@code [max z - 1, max z - N^{1-α}]}; softmax for α = 1.
   *
   * @param theta scores, rows × n
   * @param p output weights, rows × n
   * @param rows number of queries
   * @param n number of patterns N
   * @param alpha α ≥ 1
   */
  public static void entmax(float[] theta, float[] p, int rows, int n, double alpha) {
    for (@Parallel int r = 0; r < rows; r++) {
      int o = r * n;
      if (alpha == 1.0) {
        double mx = theta[o];
        for (int i = 1; i < n; i++) {
          mx = Math.max(mx, theta[o + i]);
        }
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          sum += Math.exp(theta[o + i] - mx);
        }
        for (int i = 0; i < n; i++) {
          p[o + i] = (float) (Math.exp(theta[o + i] - mx) / sum);
        }
      } else {
        double am1 = alpha - 1.0;
        double inv = 1.0 / am1;
        double zmax = am1 * theta[o];
        for (int i = 1; i < n; i++) {
          zmax = Math.max(zmax, am1 * theta[o + i]);
        }
        double lo = zmax - 1.0;
        double hi = zmax - Math.pow(1.0 / n, am1);
        for (int it = 0; it < BISECTIONS; it++) {
          double tau = 0.5 * (lo + hi);
          double sum = 0.0;
          for (int i = 0; i < n; i++) {
            double v = am1 * theta[o + i] - tau;
            if (v > 0) {
              sum += Math.pow(v, inv);
            }
          }
          if (sum >= 1.0) {
            lo = tau;
          } else {
            hi = tau;
          }
        }
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          double v = am1 * theta[o + i] - lo;
          sum += v > 0 ? Math.pow(v, inv) : 0.0;
        }
        for (int i = 0; i < n; i++) {
          double v = am1 * theta[o + i] - lo;
          p[o + i] = v > 0 ? (float) (Math.pow(v, inv) / sum) : 0f;
        }
      }
    }
  }

  /**
   * {@code next_r = Xᵀ p_r}.
   *
   * @param x patterns, n × d
   * @param p weights, rows × n
   * @param next output, rows × d
   * @param rows number of queries
   * @param n number of patterns N
   * @param d dimension D
   */
  public static void combine(float[] x, float[] p, float[] next, int rows, int n, int d) {
    for (@Parallel int r = 0; r < rows; r++) {
      for (@Parallel int j = 0; j < d; j++) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
          s += p[r * n + i] * x[i * d + j];
        }
        next[r * d + j] = s;
      }
    }
  }
}
