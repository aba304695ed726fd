package org.denseam.backend.jvm;

import java.util.Arrays;
import org.denseam.rng.GaussianVector;

/**
 * A block of inputs (queries, or ProcMems memories) packed for {@link Gemm}: {@code dp × L} query
 * panels, zero-padded, with the squared norm of each input. Growable, reused across calls.
 */
final class QueryPanels {
  private static final int L = Tiling.L;

  /** The inputs in query panels: element {@code (k, b)} at {@code (b / L)·dp·L + k·L + b mod L}. */
  float[] values = new float[0];
  /** Squared norms of the packed (float32) inputs, one per padded input column. */
  float[] norms = new float[0];

  /**
   * Packs rows {@code [from, from + n)} of x into {@link #values} and {@link #norms}, grown to fit,
   * as {@link #pack(double[], int, int, int, int, double, boolean, float[], float[])} does.
   *
   * @param x inputs, row-major, D columns
   * @param from first input
   * @param n number of inputs
   * @param d dimension D
   * @param dp padded dimension, a multiple of L
   * @param scale factor applied to every value
   * @param permute whether column i goes to row {@code GaussianVector.permuted(i)}
   */
  void pack(double[] x, int from, int n, int d, int dp, double scale, boolean permute) {
    int panels = Gemm.panels(n);
    values = Buffers.grow(values, panels * dp * L);
    norms = Buffers.grow(norms, panels * L);
    pack(x, from, n, d, dp, scale, permute, values, norms);
  }

  /**
   * Packs rows {@code [from, from + n)} of x (D columns), scaled by {@code scale}, into query
   * panels of {@code dp × L} (zero-padded), with column i at row {@code permute ?
   * GaussianVector.permuted(i) : i}; stores their squared norms (of the float values, summed in
   * float32 in index order) in n2.
   *
   * @param x inputs, row-major, D columns
   * @param from first input
   * @param n number of inputs
   * @param d dimension D
   * @param dp padded dimension, a multiple of L
   * @param scale factor applied to every value
   * @param permute whether column i goes to row {@code GaussianVector.permuted(i)}
   * @param z the panels, at least {@code Gemm.panels(n)·dp·L} floats
   * @param n2 the squared norms, at least {@code Gemm.panels(n)·L} floats (padding set to 0)
   */
  static void pack(double[] x, int from, int n, int d, int dp, double scale, boolean permute,
      float[] z, float[] n2) {
    int panels = Gemm.panels(n);
    Arrays.fill(z, 0, panels * dp * L, 0f);
    Arrays.fill(n2, 0, panels * L, 0f);
    for (int b = 0; b < n; b++) {
      int base = (b / L) * dp * L + (b % L);
      int xo = (from + b) * d;
      float norm = 0f;
      for (int i = 0; i < d; i++) {
        float v = (float) (scale * x[xo + i]);
        int k = permute ? GaussianVector.permuted(i) : i;
        z[base + k * L] = v;
        norm += v * v;
      }
      n2[b] = norm;
    }
  }
}
