package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;

/**
 * SORF transforms in the lanes of {@code Float8} vectors: eight inputs per work-item, one per
 * lane, the segment in the core's cache ({@link SorfKernels#forwardLanes}). The CPU layout for P ≥
 * {@link SorfKernels#LANES_MIN_P}. Its transpose product takes the slopes in lane layout, written
 * by {@link SorfKernels#forwardCoefficients}, the forward transform fused with GradComp's
 * coefficients; the slopes and the parts of s live in {@link Coefficients.Lanes}.
 *
 * @param blocks the blocks and diagonals
 * @param rows inputs per call
 * @param w the work buffer, {@link SorfKernels#laneVectors} vectors
 */
record SorfLanes(SorfBlocks blocks, int rows, VectorFloat8 w) implements Projector {
  /**
   * The lane layout for {@code rows} inputs of a map.
   *
   * @param map the feature map (SORF projections)
   * @param rows inputs per call
   * @param p the padded dimension P
   * @param nb blocks ⌈m / P⌉
   * @return the projector
   * @throws IllegalArgumentException if the work buffer would exceed the largest array
   */
  static SorfLanes of(FeatureMap map, int rows, int p, int nb) {
    VectorFloat8 w = new VectorFloat8(org.denseam.Checks.product(
        "device buffer of B x blocks x P", SorfKernels.LANES,
        SorfKernels.laneVectors(rows, p, nb)) / SorfKernels.LANES);
    return new SorfLanes(SorfBlocks.of(map, p, nb), rows, w);
  }

  /**
   * Groups of {@link SorfKernels#LANES} inputs: the rows of the lane-layout buffers.
   *
   * @return ⌈rows / 8⌉
   */
  int groups() {
    return SorfKernels.groups(rows);
  }

  @Override
  public Object[] scratch() {
    return blocks.scratch(w);
  }

  @Override
  public TaskGraph forward(TaskGraph g, GraphBuild b, float[] z, float[] h) {
    FeatureMap map = blocks.map();
    return blocks.draw(g).task("sorfForward", SorfKernels::forwardLanes, z, blocks.sign(),
        blocks.mix(), blocks.factor(), w, h, rows, map.d(), map.projections(), blocks.p(),
        blocks.nb());
  }

  /**
   * Appends the tasks from the scaled inputs to the slopes in lane layout and the parts of s
   * ({@link SorfKernels#forwardCoefficients}), the diagonals drawn first.
   *
   * @param g the graph
   * @param z the scaled inputs, rows × D
   * @param n2 the inputs' squared norms
   * @param t the memory T
   * @param slope the slopes in lane layout, groups × m vectors
   * @param part the parts of s, groups × nb vectors
   * @param basis the basis code
   * @param c the features' scale
   * @param k0 the first Philox key word of the map's seed
   * @param k1 the second Philox key word
   * @param paired 1 if the basis pairs its features, else 0
   * @return the graph
   */
  TaskGraph forwardCoefficients(TaskGraph g, float[] z, float[] n2, float[] t,
      VectorFloat8 slope, VectorFloat8 part, int basis, float c, int k0, int k1, int paired) {
    FeatureMap map = blocks.map();
    return blocks.draw(g).task("sorfForward", SorfKernels::forwardCoefficients, z, n2,
        blocks.sign(), blocks.mix(), blocks.factor(), t, w, slope, part, rows, map.d(),
        map.projections(), blocks.p(), blocks.nb(), basis, c, k0, k1, paired);
  }

  /**
   * Appends the task writing {@code acc} (rows × D) from the slopes in lane layout ({@link
   * SorfKernels#transposeLanes}).
   *
   * @param g the graph
   * @param slope the slopes in lane layout, groups × m vectors
   * @param acc the transpose product, rows × D
   * @return the graph
   */
  TaskGraph transposeLanes(TaskGraph g, VectorFloat8 slope, float[] acc) {
    FeatureMap map = blocks.map();
    return g.task("sorfTranspose", SorfKernels::transposeLanes, slope, blocks.sign(),
        blocks.mix(), blocks.factor(), w, acc, rows, map.d(), map.projections(), blocks.p(),
        blocks.nb());
  }
}
