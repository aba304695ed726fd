package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import org.denseam.features.Sorf;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * What every SORF layout shares: the blocks of P = {@link Sorf#padded}(D) projections and the
 * diagonals of the call, drawn on the device by {@link SorfKernels#draw}.
 *
 * @param map the feature map (SORF projections)
 * @param p the padded dimension P, a power of two
 * @param nb blocks ⌈m / P⌉
 * @param sign the signs {@code S₂}, nb × P
 * @param factor the row factors, nb × P ({@link SorfKernels#factors})
 * @param mix the signs {@code S₀} and {@code S₁}, 2 × nb × P
 */
record SorfBlocks(FeatureMap map, int p, int nb, float[] sign, float[] factor, float[] mix) {
  /**
   * The diagonals' buffers of a map's blocks and its row factors.
   *
   * @param map the feature map (SORF projections)
   * @param p the padded dimension P
   * @param nb blocks ⌈m / P⌉
   * @return the blocks
   */
  static SorfBlocks of(FeatureMap map, int p, int nb) {
    float[] sign = new float[nb * p];
    float[] factor = SorfKernels.factors(map.seed(), map.d(), map.projections(), p, nb);
    return new SorfBlocks(map, p, nb, sign, factor, new float[2 * nb * p]);
  }

  /**
   * The device buffers of a layout: its work buffer, then the diagonals and the row factors.
   *
   * @param work the layout's work buffer
   * @return the buffers
   */
  Object[] scratch(Object work) {
    return new Object[] {work, sign, factor, mix};
  }

  /**
   * Appends the task drawing the diagonals of the call ({@link SorfKernels#draw}).
   *
   * @param g the graph
   * @return the graph
   */
  TaskGraph draw(TaskGraph g) {
    return g.task("sorfDraw", SorfKernels::draw, sign, mix, map.d(), p, nb, map.seed());
  }
}
