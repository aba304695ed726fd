package org.denseam.backend;

import java.util.List;
import org.denseam.features.FeatureMap;

/**
 * An executor of the DenseAM formulas. Backends differ in precision and hardware, never in the
 * formulas: every backend is checked against the {@code reference} backend (float64, the formulas
 * followed literally).
 *
 * <p>A backend computes on plain values, never on models: the stored patterns of an exact memory
 * ({@link ExactPatterns}), a feature map and β, the distributed memory T ({@link
 * DistributedPatterns}), the patterns of a sparse memory ({@link SparsePatterns}), and arrays. Only
 * the models call backends, and they validate the inputs first; backends assume consistent shapes
 * and finite values. The value records are immutable and a model replaces them when its contents
 * change, so a backend may keep what it derives from one (float32 copies, device-resident buffers)
 * keyed on the instance, in a cache of its own.
 *
 * <p>Symbols: B queries of dimension D, K memories, Y features, inverse temperature β. Arrays are
 * flat and row-major.
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
   * @param patterns the stored patterns, β and similarity
   * @param x queries, B × D
   * @param batch B
   * @param energy output of B energies, or null
   * @param grad output of B × D gradients, or null
   */
  void exact(ExactPatterns patterns, double[] x, int batch, double[] energy, double[] grad);

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
   * @param mems the K × D memories, read in blocks (rows from a file are checked as they are
   *     read: a non-finite value fails the call and leaves T unchanged only if the caller folds into
   *     a copy, as the models do)
   * @param sign +1 to add, -1 to remove
   * @param t the vector T (length Y), updated in place
   */
  void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t);

  /**
   * ProcMems over memories in a float64 array: {@link #procMems(FeatureMap, double, Rows, double,
   * double[])} of {@code Rows.of(mems, k, D)}.
   *
   * @param map the feature map
   * @param beta β
   * @param mems memories, K × D
   * @param k K
   * @param sign +1 to add, -1 to remove
   * @param t the vector T (length Y), updated in place
   */
  default void procMems(FeatureMap map, double beta, double[] mems, int k, double sign,
      double[] t) {
    procMems(map, beta, Rows.of(mems, k, map.d()), sign, t);
  }

  /**
   * GradComp of Algorithm 1, with the energy: {@code Ê(x) = -(1/β) log max(ε, s)}, {@code s =
   * <φ(√β x), T>}, and {@code ∇Ê(x) = -(1/(√β s)) J_φ(√β x)ᵀ T} (zero where {@code s < ε}).
   *
   * @param memory the vector T with its feature map and β
   * @param x queries, B × D
   * @param batch B
   * @param energy output of B energies, or null
   * @param grad output of B × D gradients, or null
   */
  void gradComp(
      DistributedPatterns memory, double[] x, int batch, double[] energy, double[] grad);

  /**
   * One CCCP update of a sparse Hopfield memory for a batch: the weights {@code p_b = α-entmax(β X
   * q_b)} and the next states {@code Xᵀ p_b}. The default runs the float64 formulas of {@link
   * SparsePatterns#weights} and {@link SparsePatterns#combine} one query after another.
   *
   * @param patterns the patterns X, β and α
   * @param q queries, B × D
   * @param batch B
   * @param weights output, B × N
   * @param next output, B × D
   */
  default void sparseUpdate(
      SparsePatterns patterns, double[] q, int batch, double[] weights, double[] next) {
    int n = patterns.n(), d = patterns.d();
    double[] theta = new double[n];
    double[] p = new double[n];
    for (int b = 0; b < batch; b++) {
      patterns.weights(q, b * d, theta, p);
      System.arraycopy(p, 0, weights, b * n, n);
      patterns.combine(p, next, b * d);
    }
  }

  /**
   * Runs a whole energy descent on the backend's device, keeping the energy's values and the batch
   * there across all steps, with exactly the semantics of the host loop of {@code
   * org.denseam.dynamics.Descent}: each step evaluates the queries still moving, records their
   * energies, stops those that converged ({@code step > 0}, {@code tol > 0} and {@code |E_t -
   * E_{t-1}| < tol}) or reached {@code steps}, and moves the others by {@code -η ∇E} outside the
   * clamped coordinates. The default does nothing and returns false, and the caller runs the host
   * loop.
   *
   * @param energy the values of the energy (exact patterns or a distributed memory)
   * @param spec steps, step size, tolerance, clamp mask and trace flag
   * @param x the B × D states, updated in place with the final states
   * @param batch B
   * @param energies output of the B final energies
   * @param taken output of the B numbers of steps taken
   * @param trace where to add the energies after step 0..L (one row of B values per step, NaN once
   *     a query stopped) when {@code spec.trace()}; left empty otherwise
   * @return true if the descent ran here, false if this backend cannot run it on its device for
   *     this energy (nothing was written)
   */
  default boolean descend(Energy energy, DescentSpec spec, double[] x, int batch,
      double[] energies, int[] taken, List<double[]> trace) {
    return false;
  }
}
