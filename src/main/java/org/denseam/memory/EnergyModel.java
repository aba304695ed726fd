package org.denseam.memory;

import org.denseam.backend.Backend;
import org.denseam.backend.Energy;

/**
 * An energy {@code E: R^D → R} with its gradient, evaluated on a backend for a batch of queries.
 * Implemented by {@link ExactMemory} (MrDAM) and {@link FeatureMemory} (DrDAM).
 */
public interface EnergyModel {
  /**
   * The dimension D of a query.
   *
   * @return D
   */
  int dim();

  /**
   * The inverse temperature β.
   *
   * @return β
   */
  double beta();

  /**
   * The current values the energy is computed from, as backends take them: a new instance after
   * every change of the model's contents.
   *
   * @return the stored patterns (MrDAM) or the distributed memory T (DrDAM)
   */
  Energy values();

  /**
   * Evaluates energies and gradients of a batch of queries.
   *
   * @param backend where to compute
   * @param x queries, B × D row-major
   * @param batch number of queries B
   * @param energy output of B energies, or null if not wanted
   * @param grad output of B × D gradients, or null if not wanted
   */
  void energyGrad(Backend backend, double[] x, int batch, double[] energy, double[] grad);

  /**
   * Checks that the model's current values can be evaluated on a backend, before they are handed
   * to it directly (as {@link org.denseam.dynamics.Descent} does); {@link #energyGrad} checks
   * itself. The default accepts every backend.
   *
   * @param backend the backend about to evaluate the energy
   * @throws ArithmeticException if the values are beyond the backend's arithmetic (the message
   *     names the problem, and the file the values were read from)
   */
  default void checkBackend(Backend backend) {}
}
