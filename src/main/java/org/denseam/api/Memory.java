package org.denseam.api;

/**
 * An associative memory: an energy {@code E: R^D → R} whose minima are the stored patterns, with
 * its gradient and energy-descent retrieval. Evaluated on the backend of the {@link Engine} that
 * created it; using a memory after its engine is closed throws {@link IllegalStateException}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Memory {
  /**
   * Dimension D of the stored patterns and of queries.
   *
   * @return D
   */
  int dim();

  /**
   * Inverse temperature β.
   *
   * @return β
   */
  double beta();

  /**
   * Energies of a batch of queries.
   *
   * @param queries B queries of dimension D
   * @return B energies
   * @throws IllegalArgumentException if the queries' dimension is not D
   */
  double[] energy(Vectors queries);

  /**
   * Energy gradients of a batch of queries.
   *
   * @param queries B queries of dimension D
   * @return B gradients of dimension D
   * @throws IllegalArgumentException if the queries' dimension is not D
   */
  Vectors gradient(Vectors queries);

  /**
   * Energies and gradients of a batch of queries in one call (one pass over the memory where the
   * backend computes both together, as the exact and random-feature energies do).
   *
   * @param queries B queries of dimension D
   * @return the B energies and the B gradients
   * @throws IllegalArgumentException if the queries' dimension is not D
   */
  default EnergyGradient energyAndGradient(Vectors queries) {
    return new EnergyGradient(energy(queries), gradient(queries));
  }

  /**
   * Retrieval by energy descent from each query.
   *
   * @param queries B initial states of dimension D (not modified)
   * @param options steps, step size, tolerance, clamp mask and trace
   * @return the final states, energies, steps and optional trace
   * @throws IllegalArgumentException if the dimension or the clamp mask's length is not D
   */
  Retrieval retrieve(Vectors queries, RetrieveOptions options);
}
