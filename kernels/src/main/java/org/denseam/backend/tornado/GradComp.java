package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * GradComp's device buffers and tasks for {@code rows} inputs, appended to a graph: the scaling
 * ({@link DrDamKernels#scale}), the evaluation from the scaled inputs ({@link #evaluate}: the
 * projector's products, the coefficients and the energies) and the gradient. The descent appends
 * the evaluation alone ({@link DescentKernels#descentStepFeatures} takes the gradient from acc).
 */
final class GradComp {
  /** The scaled inputs √β·x, rows × D. */
  final float[] z;
  /** The squared norms of the scaled inputs, rows. */
  final float[] n2;
  /** The inner products s = <φ(x), T>, rows. */
  final float[] s;
  /** The energies, rows. */
  final float[] energy;
  /** The transpose product Σ_α slope_α ω_α, rows × D. */
  final float[] acc;
  /** The gradients, rows × D. */
  final float[] grad;
  /** The projections' buffers and tasks, by the projector's layout. */
  final Coefficients coefficients;

  /**
   * The buffers for {@code rows} inputs of a map on a device of the given shape.
   *
   * @param map the feature map
   * @param shape the backend's shape
   * @param rows inputs per call
   * @throws IllegalArgumentException if a buffer would exceed the largest array
   */
  GradComp(FeatureMap map, TornadoShape shape, int rows) {
    int d = map.d();
    org.denseam.Checks.product("device buffer of B x projections", rows, map.projections());
    Projector proj = Projector.of(map, shape, rows, true);
    z = new float[rows * d];
    n2 = new float[rows];
    coefficients = Coefficients.of(proj, map, rows);
    s = new float[rows];
    energy = new float[rows];
    acc = new float[rows * d];
    grad = new float[rows * d];
  }

  /**
   * Appends GradComp's tasks: scale, the products, coefficients, energy, gradient.
   *
   * @param g the graph
   * @param b the build
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param t the memory T on the device
   * @param x the inputs, rows × D
   * @param rows inputs per call
   * @return the graph
   */
  TaskGraph append(TaskGraph g, GraphBuild b, FeatureMap map, double beta, float[] t, float[] x,
      int rows) {
    int d = map.d();
    float sqrtBeta = (float) Math.sqrt(beta);
    b.elements("gradient", d, rows);
    g = g.task("scale", DrDamKernels::scale, x, z, n2, rows, d, sqrtBeta);
    return evaluate(g, b, map, beta, t, rows)
        .task("gradient", DrDamKernels::gradient, new KernelContext(), acc, z, s, grad, rows, d,
            sqrtBeta, DeviceMath.clip(map.basis().clip()), map.basis().trigonometric() ? 0 : 1);
  }

  /**
   * Appends the tasks from z and n2 to the energies, s and the transpose product acc: what the
   * descent evaluates at every step.
   *
   * @param g the graph
   * @param b the build
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param t the memory T on the device
   * @param rows inputs per call
   * @return the graph
   */
  TaskGraph evaluate(TaskGraph g, GraphBuild b, FeatureMap map, double beta, float[] t,
      int rows) {
    return coefficients.evaluate(g, b, map, beta, z, n2, t, s, energy, acc, rows);
  }

  /**
   * The device buffers besides the inputs, T, the energies and the gradients, in the order they
   * are transferred.
   *
   * @return the buffers
   */
  Object[] scratch() {
    Object[] mid = coefficients.buffers();
    Object[] extra = coefficients.projector().scratch();
    Object[] all = new Object[4 + mid.length + extra.length];
    all[0] = z;
    all[1] = n2;
    System.arraycopy(mid, 0, all, 2, mid.length);
    all[2 + mid.length] = s;
    all[3 + mid.length] = acc;
    System.arraycopy(extra, 0, all, 4 + mid.length, extra.length);
    return all;
  }
}
