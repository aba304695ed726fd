package org.denseam.backend.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * SORF transforms fused in one kernel each way ({@link SorfKernels#forwardFused}, {@link
 * SorfKernels#transposeFused}): one work-group of P / 2 work-items per (block, input), the
 * segment in local memory. The GPU layout where a block fits one work-group ({@link
 * SorfKernels#fused}).
 *
 * @param blocks the blocks and diagonals
 * @param rows inputs per call
 * @param u the work buffer of the transpose product, rows × nb × P floats
 */
record SorfFused(SorfBlocks blocks, int rows, float[] u) implements Projector.Rows {
  @Override
  public Object[] scratch() {
    return blocks.scratch(u);
  }

  @Override
  public TaskGraph forward(TaskGraph g, GraphBuild b, float[] z, float[] h) {
    int d = blocks.map().d(), m = blocks.map().projections(), p = blocks.p(), nb = blocks.nb();
    g = blocks.draw(g);
    b.grid("sorfForward", nb * (p / 2), rows, p / 2, 1);
    return g.task("sorfForward", SorfKernels::forwardFused, new KernelContext(), z,
        blocks.sign(), blocks.mix(), blocks.factor(), h, rows, d, m, p, nb);
  }

  @Override
  public TaskGraph transpose(TaskGraph g, GraphBuild b, float[] slope, float[] acc) {
    int d = blocks.map().d(), m = blocks.map().projections(), p = blocks.p(), nb = blocks.nb();
    b.grid("sorfTranspose", nb * (p / 2), rows, p / 2, 1);
    return g.task("sorfTranspose", SorfKernels::transposeFused, new KernelContext(), slope,
            blocks.mix(), blocks.factor(), u, rows, m, p, nb)
        .task("sorfGather", SorfKernels::gather, u, acc, rows, d, p, nb, blocks.map().seed());
  }
}
