package org.denseam.backend;

import org.denseam.features.FeatureMap;
import org.denseam.memory.ExactMemory;
import org.denseam.sparse.SparseMemory;

/**
 * An executor of the DenseAM formulas. Backends differ in precision and hardware, never in the
 * formulas: every backend is checked against {@link ReferenceBackend}.
 *
 * <p>Symbols: B queries of dimension D, K memories, Y features, inverse temperature β. Arrays are
 * flat and row-major. Inputs are validated by the callers ({@link ExactMemory}, {@link
 * org.denseam.memory.FeatureMemory}); backends assume consistent shapes and finite values.
 *
 * <p>Implementations are thread-safe: one instance may serve concurrent calls on distinct output
 * arrays.
 */
public interface Backend {
  /**
   * The name used to select the backend ({@code reference}, {@code jvm}, {@code tornado}).
   *
   * @return the name
   */
  String name();

  /**
   * Whether the backend computes in float32 (results are then rounded to float32 precision).
   *
   * @return true for float32 backends, false for float64
   */
  boolean singlePrecision();

  /**
   * MrDAM: exact log-sum-exp energies and gradients.
   *
   * @param memory the stored patterns, β and similarity
   * @param x queries, B × D
   * @param batch B
   * @param energy output of B energies, or null
   * @param grad output of B × D gradients, or null
   */
  void exact(ExactMemory memory, double[] x, int batch, double[] energy, double[] grad);

  /**
   * RF of Algorithm 1 for a batch: {@code φ(√β x_b)} for every row.
   *
   * @param map the feature map
   * @param beta β; inputs are scaled by √β before the map
   * @param x inputs, B × D
   * @param batch B
   * @param phi output, B × Y
   */
  void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi);

  /**
   * ProcMems of Algorithm 1: {@code T ← T + sign · Σ_μ φ(√β ξ_μ)}. The result must not depend on
   * the number of threads.
   *
   * @param map the feature map
   * @param beta β
   * @param mems memories, K × D
   * @param k K
   * @param sign +1 to add, -1 to remove
   * @param t the vector T (length Y), updated in place
   */
  void procMems(FeatureMap map, double beta, double[] mems, int k, double sign, double[] t);

  /**
   * GradComp of Algorithm 1, with the energy: {@code Ê(x) = -(1/β) log max(ε, s)}, {@code s =
   * <φ(√β x), T>}, and {@code ∇Ê(x) = -(1/(√β s)) J_φ(√β x)ᵀ T} (zero where {@code s < ε}).
   *
   * @param map the feature map
   * @param beta β
   * @param t the vector T (length Y)
   * @param x queries, B × D
   * @param batch B
   * @param energy output of B energies, or null
   * @param grad output of B × D gradients, or null
   */
  void gradComp(
      FeatureMap map, double beta, double[] t, double[] x, int batch, double[] energy, double[] grad);

  /**
   * One CCCP update of a sparse Hopfield memory for a batch: the weights {@code p_b = α-entmax(β X
   * q_b)} and the next states {@code Xᵀ p_b}. The default runs the float64 formulas of {@link
   * SparseMemory} one query after another.
   *
   * @param memory the patterns X, β and α
   * @param q queries, B × D
   * @param batch B
   * @param weights output, B × N
   * @param next output, B × D
   */
  default void sparseUpdate(
      SparseMemory memory, double[] q, int batch, double[] weights, double[] next) {
    memory.weights(q, batch, weights);
    memory.combine(weights, batch, next);
  }
}
