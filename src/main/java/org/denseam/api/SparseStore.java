package org.denseam.api;

/**
 * A sparse modern Hopfield memory: retrieval by the CCCP update {@code q ← Xᵀ α-entmax(β X q)},
 * energy the Hopfield-Fenchel-Young energy, and gradient {@code q - Xᵀ α-entmax(β X q)}.
 * Updates run on the engine's backend (float64 on the host backends); the energy is computed in
 * float64 on the host.
 *
 * <p>{@link #retrieve} runs CCCP updates, which take no step size: {@link RetrieveOptions#eta()}
 * is ignored, a clamp mask is rejected, {@code steps} bounds the updates and {@code tol} &gt; 0
 * stops a query whose support no longer changes and whose last move is at most {@code tol} times
 * the largest pattern norm.
 *
 * <p>Immutable and thread-safe.
 */
public interface SparseStore extends Memory {
  /**
   * The entmax parameter α (1 softmax, 1.5 entmax, 2 sparsemax).
   *
   * @return α
   */
  double alpha();

  /**
   * The number N of stored patterns.
   *
   * @return N
   */
  int count();

  /**
   * The weights {@code α-entmax(β X q)} of each query over the N patterns.
   *
   * @param queries B queries of dimension D
   * @return B weight vectors of dimension N, each on the probability simplex
   */
  Vectors weights(Vectors queries);

  /**
   * Retrieval by CCCP updates that also returns the weights at the final states and which queries
   * converged. The states are those of {@link #retrieve} with {@code steps = maxSteps} and the
   * same tolerance, without a trace.
   *
   * @param queries B queries of dimension D (not modified)
   * @param options the update limit and the convergence tolerance
   * @return the final states, the weights at them, the updates taken and the convergence flags
   * @throws IllegalArgumentException if the queries' dimension is not D
   * @throws ArithmeticException if a final state is not finite ({@code the final state of query
   *     R is not finite (V): beta = B with these inputs leaves the floating-point range; lower
   *     beta or rescale the inputs}); the weights are not checked
   */
  SparseRetrieval converge(Vectors queries, CccpOptions options);
}
