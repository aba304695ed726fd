package org.denseam.sparse;

import org.denseam.Checks;
import org.denseam.backend.Backend;
import org.denseam.backend.SparsePatterns;
import org.denseam.math.Entmax;
import org.denseam.math.Tsallis;

/**
 * A sparse modern Hopfield network (Martins et al., "Sparse Modern Hopfield Networks"): N memory
 * patterns {@code x_i ∈ R^D} (the rows of X), an inverse temperature β and an entropic index α,
 * with
 *
 * <ul>
 *   <li>the weights {@code p = α-entmax(β X q)} ({@link #weights});
 *   <li>the CCCP update of eq. 8, {@code q ← Xᵀ α-entmax(β X q)} ({@link #update}, iterated by
 *       {@link Cccp});
 *   <li>the Hopfield-Fenchel-Young energy of eq. 7 ({@link #energy}):
 *       <pre>
 *   E(q) = -β⁻¹ L_Ω(β X q; 1/N) + ½ ||q - μ_X||² + ½ (M² - ||μ_X||²),
 *       </pre>
 *       with {@code Ω = Ω_α} the Tsallis negentropy, {@code μ_X = Xᵀ1/N} the mean pattern and
 *       {@code M = max_i ||x_i||}.
 * </ul>
 *
 * <p>α = 1 is the dense network of Ramsauer et al. (softmax; eq. 1), α = 2 sparsemax; any α ≥ 1 is
 * accepted (see {@link Entmax} for the algorithms). For α &gt; 1 the margin property (eq. 6) gives
 * Proposition 2: a query with {@code q_0ᵀ(x_i - x_j) ≥ 1/((α-1)β)} for all j ≠ i is mapped to
 * exactly {@code x_i} in one update, and a pattern outside the convex hull of the others is a
 * fixed point iff {@code Δ_i = x_iᵀx_i - max_{j≠i} x_iᵀx_j ≥ 1/((α-1)β)} (Δ_i as in the paper's
 * proof; its statement's {@code x_jᵀx_j} is a misprint). Everything is computed in double precision,
 * one query at a time; a batch of B queries is a B × D row-major array.
 *
 * <p>Immutable and thread-safe: the pattern array is copied on construction.
 */
public final class SparseMemory {
  private final SparsePatterns values;
  private final double[] patterns;
  private final int n;
  private final int d;
  private final double beta;
  private final double alpha;
  private final double[] mean;
  private final double maxNorm;
  private final double energyConstant;

  /**
   * Stores N patterns.
   *
   * @param patterns N × D row-major, finite; copied
   * @param n number of memories N
   * @param d dimension D
   * @param beta inverse temperature β &gt; 0
   * @param alpha entropic index α ≥ 1 (1: softmax, 1.5: 1.5-entmax, 2: sparsemax)
   * @throws IllegalArgumentException on bad shapes, non-finite values, β or α
   */
  public SparseMemory(double[] patterns, int n, int d, double beta, double alpha) {
    Checks.positive("N (number of memories)", n);
    Checks.positive("D (dimension)", d);
    Checks.product("memories", n, d);
    Checks.finiteMatrix("memories", patterns, n, d);
    this.patterns = patterns.clone();
    this.n = n;
    this.d = d;
    this.beta = Checks.beta(beta);
    this.alpha = Entmax.checkAlpha(alpha);
    this.mean = new double[d];
    double m2 = 0;
    for (int i = 0; i < n; i++) {
      double norm2 = 0;
      for (int j = 0; j < d; j++) {
        double x = this.patterns[i * d + j];
        mean[j] += x;
        norm2 += x * x;
      }
      m2 = Math.max(m2, norm2);
    }
    double mu2 = 0;
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
      mu2 += mean[j] * mean[j];
    }
    if (!Double.isFinite(m2)) {
      throw new IllegalArgumentException("memories are too large: a squared norm overflows");
    }
    this.maxNorm = Math.sqrt(m2);
    this.energyConstant = 0.5 * (m2 - mu2);
    this.values = new SparsePatterns(this.patterns, n, d, this.beta, this.alpha);
  }

  /**
   * Number of memories N.
   *
   * @return N
   */
  public int count() {
    return n;
  }

  /**
   * The dimension D of a pattern and of a query.
   *
   * @return D
   */
  public int dim() {
    return d;
  }

  /**
   * The inverse temperature β.
   *
   * @return β
   */
  public double beta() {
    return beta;
  }

  /**
   * The entropic index α.
   *
   * @return α
   */
  public double alpha() {
    return alpha;
  }

  /**
   * The stored patterns, N × D row-major. The array is shared: callers must not modify it.
   *
   * @return X
   */
  public double[] patterns() {
    return patterns;
  }

  /**
   * The patterns, β and α as the value backends compute on: the same instance for the memory's
   * whole life (its patterns never change).
   *
   * @return the values
   */
  public SparsePatterns values() {
    return values;
  }

  /**
   * One CCCP update on a backend for a batch: the weights {@code p_b = α-entmax(β X q_b)} and the
   * next states {@code Xᵀ p_b}.
   *
   * @param backend where to compute
   * @param q queries, B × D row-major, finite
   * @param batch number of queries B
   * @param weights output, B × N
   * @param next output, B × D
   * @throws IllegalArgumentException on bad shapes or non-finite queries
   */
  public void step(Backend backend, double[] q, int batch, double[] weights, double[] next) {
    checkQueries(q, batch);
    checkOutput("weights", weights, batch, n);
    checkOutput("updated queries", next, batch, d);
    backend.sparseUpdate(values, q, batch, weights, next);
  }

  /**
   * The largest pattern norm {@code M = max_i ||x_i||}.
   *
   * @return M
   */
  public double maxNorm() {
    return maxNorm;
  }

  /**
   * The mean pattern {@code μ_X = Xᵀ1/N}.
   *
   * @return a new array of length D
   */
  public double[] mean() {
    return mean.clone();
  }

  /**
   * The weights {@code p = α-entmax(β X q)} of each query: a point of the simplex over the N
   * patterns.
   *
   * @param q queries, B × D row-major, finite
   * @param batch number of queries B
   * @param p output, B × N
   * @throws IllegalArgumentException on bad shapes or non-finite queries
   */
  public void weights(double[] q, int batch, double[] p) {
    checkQueries(q, batch);
    checkOutput("weights", p, batch, n);
    double[] theta = new double[n];
    double[] row = new double[n];
    for (int b = 0; b < batch; b++) {
      weightsOf(q, b * d, theta, row);
      System.arraycopy(row, 0, p, b * n, n);
    }
  }

  /**
   * One CCCP update (eq. 8): {@code q' = Xᵀ α-entmax(β X q)} for each query.
   *
   * @param q queries, B × D row-major, finite
   * @param batch number of queries B
   * @param out output, B × D (may be {@code q})
   * @throws IllegalArgumentException on bad shapes or non-finite queries
   */
  public void update(double[] q, int batch, double[] out) {
    checkQueries(q, batch);
    checkOutput("updated queries", out, batch, d);
    double[] theta = new double[n];
    double[] p = new double[n];
    for (int b = 0; b < batch; b++) {
      weightsOf(q, b * d, theta, p);
      combine(p, out, b * d);
    }
  }

  /**
   * {@code out_b = Xᵀ p_b} for each of B weight vectors: the second half of the CCCP update.
   *
   * @param p weights, B × N row-major
   * @param batch number of weight vectors B
   * @param out output, B × D
   * @throws IllegalArgumentException on bad shapes
   */
  public void combine(double[] p, int batch, double[] out) {
    checkOutput("weights", p, batch, n);
    checkOutput("combined patterns", out, batch, d);
    double[] row = new double[n];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(p, b * n, row, 0, n);
      combine(row, out, b * d);
    }
  }

  /**
   * The Hopfield-Fenchel-Young energy (eq. 7) of each query, with {@code L_Ω(θ; 1/N)} evaluated by
   * {@link Tsallis#fenchelYoungToUniform}.
   *
   * @param q queries, B × D row-major, finite
   * @param batch number of queries B
   * @param energy output, length B
   * @throws IllegalArgumentException on bad shapes or non-finite queries
   */
  public void energy(double[] q, int batch, double[] energy) {
    checkQueries(q, batch);
    checkOutput("energies", energy, batch, 1);
    double[] theta = new double[n];
    double[] p = new double[n];
    for (int b = 0; b < batch; b++) {
      energy[b] = energyOf(q, b * d, theta, p);
    }
  }

  /**
   * Runs the CCCP iteration from each query; shorthand for {@code cccp.run(this, q, batch)}.
   *
   * @param q initial queries, B × D row-major, finite (not modified)
   * @param batch number of queries B
   * @param cccp the stopping rule
   * @return the final states, their weights, and the steps taken
   * @throws IllegalArgumentException on bad shapes or non-finite queries
   */
  public Cccp.Result retrieve(double[] q, int batch, Cccp cccp) {
    return cccp.run(this, q, batch);
  }

  // ------------------------------------------------------------- one query, no validation

  /** {@code θ = β X q} for the query at {@code q[off..off+D)}, then {@code p = α-entmax(θ)}. */
  void weightsOf(double[] q, int off, double[] theta, double[] p) {
    values.weights(q, off, theta, p);
  }

  /** {@code out[off..off+D) = Xᵀ p}. Zero weights contribute nothing. */
  void combine(double[] p, double[] out, int off) {
    values.combine(p, out, off);
  }

  /** Eq. 7 for the query at {@code q[off..off+D)}; theta and p are scratch of length N. */
  double energyOf(double[] q, int off, double[] theta, double[] p) {
    weightsOf(q, off, theta, p);
    double loss = Tsallis.fenchelYoungToUniform(alpha, theta, p);
    double dist2 = 0;
    for (int j = 0; j < d; j++) {
      double v = q[off + j] - mean[j];
      dist2 += v * v;
    }
    return -loss / beta + 0.5 * dist2 + energyConstant;
  }

  void checkQueries(double[] q, int batch) {
    Checks.positive("B (number of queries)", batch);
    Checks.product("queries", batch, d);
    Checks.finiteMatrix("queries", q, batch, d);
  }

  private static void checkOutput(String name, double[] a, int rows, int cols) {
    if (a == null || (long) rows * cols != a.length) {
      throw new IllegalArgumentException(name + " must have " + rows + " x " + cols + " values, got "
          + (a == null ? "null" : String.valueOf(a.length)));
    }
  }
}
