package org.denseam.dynamics;

import org.denseam.memory.EnergyModel;

/**
 * Implemented by backends that can run a whole energy descent on their device, keeping the
 * memories and the batch there across all steps and returning only the final states (and the
 * energy trace when asked). {@link Descent#run} hands the run to such a backend.
 */
public interface DeviceDescent {
  /**
   * Runs the descent on the device, with exactly the semantics of {@link Descent#run}.
   *
   * @param model the energy
   * @param descent steps, step size, tolerance, clamp mask and trace flag
   * @param x the B × D states, updated in place with the final states
   * @param batch B
   * @return the result, or null if this backend cannot run this model on its device (the caller
   *     then runs the host loop)
   */
  Descent.Result descend(EnergyModel model, Descent descent, double[] x, int batch);
}
