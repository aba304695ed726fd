package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * The exact MrDAM log-sum-exp energy and gradient for TornadoVM, blocked over K: each thread
 * streams one chunk of the memories with a running max, running sum and running weighted sum
 * (never materialising the B × K scores); a merge combines the chunks. Extra memory O(B·C·D) for
 * C chunks, independent of K.
 */
public final class LseKernels {
  /**
   * The score of "no memory" (an empty chunk, a missing member of the last group): the lowest
   * float rather than -∞, since kernels are compiled with finite-math-only flags.
   */
  static final float NONE = -Float.MAX_VALUE;

  /** Memories scored together, in one sweep over the query. */
  static final int GROUP = 4;

  private LseKernels() {}

  /**
   * Streams memories {@code [k·c/C, k·(c+1)/C)} for query r.
   *
   * @param x queries, rows × d
   * @param xi memories, k × d
   * @param pm output: running max per (r, c)
   * @param ps output: running sum per (r, c)
   * @param pacc output: running weighted sum per (r, c), d values each
   * @param rows number of queries
   * @param k number of memories K
   * @param d dimension D
   * @param chunks number of chunks C
   * @param beta β
   * @param dot 1 for the dot-product similarity, 0 for squared distance
   */
  public static void partial(float[] x, float[] xi, float[] pm, float[] ps, float[] pacc, int rows,
      int k, int d, int chunks, float beta, int dot) {
    for (@Parallel int r = 0; r < rows; r++) {
      for (@Parallel int c = 0; c < chunks; c++) {
        int lo = (int) ((long) k * c / chunks);
        int hi = (int) ((long) k * (c + 1) / chunks);
        int base = (r * chunks + c) * d;
        int xo = r * d;
        for (int i = 0; i < d; i++) {
          pacc[base + i] = 0f;
        }
        float mx = NONE;
        float sum = 0f;
        for (int mu = lo; mu < hi; mu += GROUP) {
          // Scores of a group of GROUP memories in one sweep over x (the last group repeats its
          // final memory, with weight 0).
          int o0 = mu * d;
          int o1 = Math.min(mu + 1, hi - 1) * d;
          int o2 = Math.min(mu + 2, hi - 1) * d;
          int o3 = Math.min(mu + 3, hi - 1) * d;
          float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
          for (int i = 0; i < d; i++) {
            float xv = x[xo + i];
            if (dot == 1) {
              s0 += xv * xi[o0 + i];
              s1 += xv * xi[o1 + i];
              s2 += xv * xi[o2 + i];
              s3 += xv * xi[o3 + i];
            } else {
              float e0 = xv - xi[o0 + i];
              float e1 = xv - xi[o1 + i];
              float e2 = xv - xi[o2 + i];
              float e3 = xv - xi[o3 + i];
              s0 += e0 * e0;
              s1 += e1 * e1;
              s2 += e2 * e2;
              s3 += e3 * e3;
            }
          }
          float f = dot == 1 ? beta : -0.5f * beta;
          float a0 = f * s0;
          float a1 = mu + 1 < hi ? f * s1 : NONE;
          float a2 = mu + 2 < hi ? f * s2 : NONE;
          float a3 = mu + 3 < hi ? f * s3 : NONE;
          float gm = Math.max(Math.max(a0, a1), Math.max(a2, a3));
          float rescale = 1f;
          if (gm > mx) {
            rescale = TornadoMath.exp(mx - gm);
            sum *= rescale;
            mx = gm;
          }
          float w0 = TornadoMath.exp(a0 - mx);
          float w1 = mu + 1 < hi ? TornadoMath.exp(a1 - mx) : 0f;
          float w2 = mu + 2 < hi ? TornadoMath.exp(a2 - mx) : 0f;
          float w3 = mu + 3 < hi ? TornadoMath.exp(a3 - mx) : 0f;
          sum += (w0 + w1) + (w2 + w3);
          for (int i = 0; i < d; i++) {
            pacc[base + i] = pacc[base + i] * rescale
                + (w0 * xi[o0 + i] + w1 * xi[o1 + i]) + (w2 * xi[o2 + i] + w3 * xi[o3 + i]);
          }
        }
        pm[r * chunks + c] = mx;
        ps[r * chunks + c] = sum;
      }
    }
  }

  /**
   * Merges the chunks: {@code E = -(M + log S)/β (+ ½||x||² for dot)}, {@code ∇E = x - Σ_c
   * e^{m_c - M} acc_c / S}.
   *
   * @param x queries, rows × d
   * @param pm running maxima per (r, c)
   * @param ps running sums per (r, c)
   * @param pacc running weighted sums per (r, c)
   * @param energy output, length rows
   * @param grad output, rows × d
   * @param rows number of queries
   * @param d dimension D
   * @param chunks number of chunks C
   * @param beta β
   * @param dot 1 for the dot-product similarity
   */
  public static void merge(float[] x, float[] pm, float[] ps, float[] pacc, float[] energy,
      float[] grad, int rows, int d, int chunks, float beta, int dot) {
    for (@Parallel int r = 0; r < rows; r++) {
      float mx = NONE;
      for (int c = 0; c < chunks; c++) {
        mx = Math.max(mx, pm[r * chunks + c]);
      }
      float sum = 0f;
      for (int c = 0; c < chunks; c++) {
        sum += ps[r * chunks + c] * TornadoMath.exp(pm[r * chunks + c] - mx);
      }
      float e = -(mx + TornadoMath.log(sum)) / beta;
      if (dot == 1) {
        e += 0.5f * FeatureKernels.dot(x, r * d, x, r * d, d);
      }
      energy[r] = e;
      for (int i = 0; i < d; i++) {
        float g = 0f;
        for (int c = 0; c < chunks; c++) {
          g += pacc[(r * chunks + c) * d + i] * TornadoMath.exp(pm[r * chunks + c] - mx);
        }
        grad[r * d + i] = x[r * d + i] - g / sum;
      }
    }
  }
}
