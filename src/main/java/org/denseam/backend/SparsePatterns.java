package org.denseam.backend;

import org.denseam.math.Entmax;

/**
 * The stored patterns of a sparse modern Hopfield network (Martins et al., "Sparse Modern Hopfield
 * Networks") with its β and entropic index α: what {@link Backend#sparseUpdate} runs the CCCP
 * update of. Also the one definition of that update's two halves in float64, for one query at a
 * time: the weights {@code p = α-entmax(β X q)} ({@link #weights}) and the next state {@code Xᵀ p}
 * ({@link #combine}); every backend follows them.
 *
 * <p>A value that is never modified: the patterns array is shared, not copied, and neither the
 * model that made it nor a backend may write to it. Two instances are equal only if they hold the
 * same array instance (and the same N, D, β and α), so a backend may key what it derives from the
 * patterns on the instance.
 *
 * @param patterns the N × D patterns X, row-major (shared: must not be modified)
 * @param n number of patterns N
 * @param d dimension D
 * @param beta inverse temperature β
 * @param alpha entropic index α ≥ 1
 */
public record SparsePatterns(double[] patterns, int n, int d, double beta, double alpha) {
  /**
   * Checks that the shape matches the array; the values themselves are the model's to validate.
   *
   * @throws IllegalArgumentException if the array is null or does not hold N × D values
   */
  public SparsePatterns {
    Shapes.check("patterns", patterns, n, d);
  }

  /**
   * The weights of one query: {@code θ = β X q} for the query at {@code q[off..off+D)}, then
   * {@code p = α-entmax(θ)}. Inputs are not validated.
   *
   * @param q queries, row-major
   * @param off offset of the query's first coordinate in {@code q}
   * @param theta scratch of length N (holds θ afterwards)
   * @param p output of length N
   * @throws ArithmeticException if a score overflows the double range
   */
  public void weights(double[] q, int off, double[] theta, double[] p) {
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += patterns[i * d + j] * q[off + j];
      }
      theta[i] = beta * s;
      if (!Double.isFinite(theta[i])) {
        throw new ArithmeticException("beta * <x_" + i + ", q> overflowed the double range;"
            + " lower beta or rescale the patterns and queries");
      }
    }
    Entmax.apply(alpha, theta, p);
  }

  /**
   * The next state of one query, {@code out[off..off+D) = Xᵀ p}. Zero weights contribute nothing.
   *
   * @param p weights of length N
   * @param out output, row-major
   * @param off offset of the state's first coordinate in {@code out}
   */
  public void combine(double[] p, double[] out, int off) {
    for (int j = 0; j < d; j++) {
      out[off + j] = 0;
    }
    for (int i = 0; i < n; i++) {
      double w = p[i];
      if (w != 0) {
        for (int j = 0; j < d; j++) {
          out[off + j] += w * patterns[i * d + j];
        }
      }
    }
  }
}
