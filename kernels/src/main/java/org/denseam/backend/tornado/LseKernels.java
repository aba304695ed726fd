package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The exact MrDAM log-sum-exp energy and gradient for TornadoVM, blocked over K: each thread
 * streams one chunk of the memories with a running max, running sum and running weighted sum
 * (never materialising the B × K scores); a merge combines the chunks. Extra memory O(B·C·D) for
 * C chunks, independent of K.
 */
public final class LseKernels {
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
        for (int i = 0; i < d; i++) {
          pacc[base + i] = 0f;
        }
        float mx = Float.NEGATIVE_INFINITY;
        float sum = 0f;
        for (int mu = lo; mu < hi; mu++) {
          float a = dot == 1
              ? beta * FeatureKernels.dot(x, r * d, xi, mu * d, d)
              : -0.5f * beta * FeatureKernels.sqDist(x, r * d, xi, mu * d, d);
          if (a > mx) {
            float rescale = (float) Math.exp(mx - a);
            sum *= rescale;
            for (int i = 0; i < d; i++) {
              pacc[base + i] *= rescale;
            }
            mx = a;
          }
          float w = (float) Math.exp(a - mx);
          sum += w;
          for (int i = 0; i < d; i++) {
            pacc[base + i] += w * xi[mu * d + i];
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
      float mx = Float.NEGATIVE_INFINITY;
      for (int c = 0; c < chunks; c++) {
        mx = Math.max(mx, pm[r * chunks + c]);
      }
      float sum = 0f;
      for (int c = 0; c < chunks; c++) {
        sum += ps[r * chunks + c] * (float) Math.exp(pm[r * chunks + c] - mx);
      }
      float e = -(mx + (float) Math.log(sum)) / beta;
      if (dot == 1) {
        e += 0.5f * FeatureKernels.dot(x, r * d, x, r * d, d);
      }
      energy[r] = e;
      for (int i = 0; i < d; i++) {
        float g = 0f;
        for (int c = 0; c < chunks; c++) {
          g += pacc[(r * chunks + c) * d + i] * (float) Math.exp(pm[r * chunks + c] - mx);
        }
        grad[r * d + i] = x[r * d + i] - g / sum;
      }
    }
  }
}
