package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * The CCCP update of sparse modern Hopfield networks, {@code q ← Xᵀ α-entmax(β X q)}, for
 * TornadoVM: scores, entmax (softmax for α = 1; otherwise bisection on the threshold τ), and the
 * weighted sum of patterns, all in float32 (devices without fp64 run them): sums over the N
 * patterns in two levels (blocks of {@link #BLOCK}, then the blocks), and the weights normalised
 * by their own sum at the end, so that they sum to 1 whatever τ's last bit.
 */
public final class SparseKernels {
  /**
   * Halvings of the threshold interval, whose initial width is at most 1: float32 resolves τ to
   * its last bit within 24 to 32 of them, and further ones change nothing.
   */
  public static final int BISECTIONS = 32;
  /** Terms per first-level block of the sums over the patterns. */
  static final int BLOCK = 64;

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
  public static void entmax(float[] theta, float[] p, int rows, int n, float alpha) {
    for (@Parallel int r = 0; r < rows; r++) {
      int o = r * n;
      if (alpha == 1f) {
        float mx = theta[o];
        for (int i = 1; i < n; i++) {
          mx = Math.max(mx, theta[o + i]);
        }
        float sum = 0f;
        for (int b = 0; b < n; b += BLOCK) {
          float part = 0f;
          for (int i = b; i < Math.min(n, b + BLOCK); i++) {
            part += TornadoMath.exp(theta[o + i] - mx);
          }
          sum += part;
        }
        for (int i = 0; i < n; i++) {
          p[o + i] = TornadoMath.exp(theta[o + i] - mx) / sum;
        }
      } else {
        // The threshold is sought relative to the largest score, τ' = τ - (α-1)·max θ, in
        // [-1, -(1/N)^(α-1)]: a float32 τ' of that size resolves (α-1)(θ_i - max θ) - τ' to
        // about 1e-7 where τ itself, near (α-1)·max θ, would lose the small differences.
        float am1 = alpha - 1f;
        float inv = 1f / am1;
        float tmax = theta[o];
        for (int i = 1; i < n; i++) {
          tmax = Math.max(tmax, theta[o + i]);
        }
        float lo = -1f;
        float hi = -DeviceMath.pow(1f / n, am1);
        for (int it = 0; it < BISECTIONS; it++) {
          float tau = 0.5f * (lo + hi);
          if (mass(theta, o, n, am1, tmax, tau, inv) >= 1f) {
            lo = tau;
          } else {
            hi = tau;
          }
        }
        float sum = mass(theta, o, n, am1, tmax, lo, inv);
        for (int i = 0; i < n; i++) {
          float v = am1 * (theta[o + i] - tmax) - lo;
          p[o + i] = v > 0f ? DeviceMath.pow(v, inv) / sum : 0f;
        }
      }
    }
  }

  /**
   * {@code Σ_i [(α-1)(θ_i - max θ) - τ']_+^{1/(α-1)}} over one row, in two levels (blocks of
   * {@link #BLOCK}, then the blocks): the mass of the weights at the relative threshold τ'.
   *
   * @param theta scores
   * @param o first score of the row
   * @param n number of patterns N
   * @param am1 α - 1
   * @param tmax the row's largest score
   * @param tau the relative threshold τ'
   * @param inv 1/(α - 1)
   * @return the mass
   */
  static float mass(float[] theta, int o, int n, float am1, float tmax, float tau, float inv) {
    float sum = 0f;
    for (int b = 0; b < n; b += BLOCK) {
      float part = 0f;
      for (int i = b; i < Math.min(n, b + BLOCK); i++) {
        float v = am1 * (theta[o + i] - tmax) - tau;
        part += v > 0f ? DeviceMath.pow(v, inv) : 0f;
      }
      sum += part;
    }
    return sum;
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
