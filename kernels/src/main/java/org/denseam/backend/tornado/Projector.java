package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.features.Sorf;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * How a feature map's projections run on the device: the forward product {@code h = <ω_α, z>}
 * (rows × m from the scaled inputs, rows × D) and, where the operation needs it, the transpose
 * product {@code acc = Σ_α slope_α ω_α}. One record per layout, each holding the work buffers of
 * its own kernels, chosen by {@link #of} from the map's projection and the backend's {@link
 * TornadoShape}:
 *
 * <ul>
 *   <li>i.i.d. Gaussian rows ({@link ProjectionKernels}): {@link GaussianPanels} where the shape's
 *       panels fit D ({@link TornadoShape#panelsFor}), {@link GaussianTiles} otherwise;
 *   <li>SORF ({@link SorfKernels}) in the CPU layouts: {@link SorfLanes} for P ≥ {@link
 *       SorfKernels#LANES_MIN_P}, {@link SorfPasses} below;
 *   <li>SORF in the GPU layouts: {@link SorfFused} where a block fits one work-group ({@link
 *       SorfKernels#fused}), {@link SorfPasses} otherwise.
 * </ul>
 *
 * <p>The lane layout takes its slopes in lane layout, so only the other layouts ({@link Rows})
 * have a transpose product over slopes of rows × m.
 */
sealed interface Projector permits Projector.Rows, SorfLanes {
  /** The layouts whose transpose product reads slopes of rows × m floats. */
  sealed interface Rows extends Projector
      permits GaussianTiles, GaussianPanels, SorfFused, SorfPasses {
    /**
     * Appends the tasks writing {@code acc} (rows × D) from the slopes (rows × m).
     *
     * @param g the graph
     * @param b the build, for the grids of the work-group kernels
     * @param slope the slopes, rows × m
     * @param acc the transpose product, rows × D
     * @return the graph
     */
    TaskGraph transpose(TaskGraph g, GraphBuild b, float[] slope, float[] acc);
  }

  /**
   * The layout and work buffers for {@code rows} inputs of a feature map on a device of the given
   * shape.
   *
   * @param map the feature map
   * @param shape the backend's shape
   * @param rows inputs per call
   * @param transpose whether the transpose product will be appended too (only the Gaussian
   *     panels need more buffers for it)
   * @return the projector
   * @throws IllegalArgumentException if a work buffer would exceed the largest array
   */
  static Projector of(FeatureMap map, TornadoShape shape, int rows, boolean transpose) {
    if (map.projection() != Projection.SORF) {
      return shape.panelsFor(map.d()) ? GaussianPanels.of(map, rows, transpose)
          : new GaussianTiles(map, shape.lx(), shape.ly(), rows);
    }
    int p = Sorf.padded(map.d());
    int nb = (map.projections() + p - 1) / p;
    if (shape.panels() && SorfKernels.lanes(p)) {
      return SorfLanes.of(map, rows, p, nb);
    }
    float[] u = new float[org.denseam.Checks.product("device buffer of B x blocks x P", rows,
        (long) nb * p)];
    SorfBlocks blocks = SorfBlocks.of(map, p, nb);
    return !shape.panels() && SorfKernels.fused(p) ? new SorfFused(blocks, rows, u)
        : new SorfPasses(blocks, rows, u);
  }

  /**
   * The work buffers to allocate on the device.
   *
   * @return the buffers, none for the Gaussian tiles
   */
  Object[] scratch();

  /**
   * Appends the tasks writing {@code h} (rows × m) from the scaled inputs {@code z} (rows × D).
   *
   * @param g the graph
   * @param b the build, for the grids of the work-group kernels
   * @param z the scaled inputs, rows × D
   * @param h the projections, rows × m
   * @return the graph
   */
  TaskGraph forward(TaskGraph g, GraphBuild b, float[] z, float[] h);

  /**
   * Allocates the work buffers, if any, on the device.
   *
   * @param g the graph
   * @return the graph
   */
  default TaskGraph allocate(TaskGraph g) {
    Object[] s = scratch();
    return s.length == 0 ? g : g.transferToDevice(DataTransferMode.FIRST_EXECUTION, s);
  }
}
