package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The device buffers and first tasks of a graph that maps {@code rows} inputs to features (RF) or
 * folds them into T (ProcMems): the inputs, their scaling and the forward projection.
 */
final class FeatureCall {
  /** The inputs, rows × D, transferred at every execution. */
  final float[] xf;
  /** The scaled inputs √β·x, rows × D. */
  final float[] z;
  /** The squared norms of the scaled inputs, rows. */
  final float[] n2;
  /** The projections, rows × m. */
  final float[] h;
  /** The output the caller's task writes. */
  final float[] out;
  /** The projections' layout and work buffers. */
  final Projector proj;

  /**
   * The buffers for {@code rows} inputs of a map.
   *
   * @param map the feature map
   * @param shape the backend's shape
   * @param rows inputs per call
   * @param outLength floats of the output
   * @throws IllegalArgumentException if a buffer would exceed the largest array
   */
  FeatureCall(FeatureMap map, TornadoShape shape, int rows, int outLength) {
    org.denseam.Checks.product("device buffer of B x projections", rows, map.projections());
    xf = new float[rows * map.d()];
    z = new float[rows * map.d()];
    n2 = new float[rows];
    h = new float[rows * map.projections()];
    out = new float[outLength];
    proj = Projector.of(map, shape, rows, false);
  }

  /**
   * A new graph with the inputs, the scaling and the projection tasks; the caller appends what
   * uses h.
   *
   * @param b the build
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param rows inputs per call
   * @return the graph
   */
  TaskGraph project(GraphBuild b, FeatureMap map, double beta, int rows) {
    TaskGraph g = new TaskGraph(b.name)
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, xf)
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, z, n2, h)
        .task("scale", DrDamKernels::scale, xf, z, n2, rows, map.d(), (float) Math.sqrt(beta));
    return proj.forward(proj.allocate(g), b, z, h);
  }
}
