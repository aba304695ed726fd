package org.denseam.backend.tornado;

import org.denseam.features.Sorf;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * SORF transforms as passes over a work buffer: a load ({@link SorfKernels#load}) or pack ({@link
 * SorfKernels#pack}), three fast Walsh-Hadamard transforms of {@link TornadoBackend#SORF_PASSES}
 * butterfly passes each ({@link SorfKernels#butterflies}), and the row factors ({@link
 * SorfKernels#rows}) or the gather ({@link SorfKernels#gather}). The layout of the blocks that
 * neither the lane kernels (CPU) nor the fused kernels (GPU) serve.
 *
 * @param blocks the blocks and diagonals
 * @param rows inputs per call
 * @param u the work buffer, rows × nb × P floats
 */
record SorfPasses(SorfBlocks blocks, int rows, float[] u) implements Projector.Rows {
  @Override
  public Object[] scratch() {
    return blocks.scratch(u);
  }

  @Override
  public TaskGraph forward(TaskGraph g, GraphBuild b, float[] z, float[] h) {
    int d = blocks.map().d(), m = blocks.map().projections(), p = blocks.p(), nb = blocks.nb();
    g = blocks.draw(g);
    b.elements("sorfLoad", nb * p, rows);
    b.elements("sorfRows", m, rows);
    g = g.task("sorfLoad", SorfKernels::load, new KernelContext(), z, blocks.sign(), u, rows, d,
        p, nb);
    g = fwht(g, "sorfF0", -1);
    g = fwht(g, "sorfF1", 1);
    g = fwht(g, "sorfF2", 0);
    return g.task("sorfRows", SorfKernels::rows, new KernelContext(), u, blocks.factor(), h, rows,
        m, p, nb);
  }

  @Override
  public TaskGraph transpose(TaskGraph g, GraphBuild b, float[] slope, float[] acc) {
    int d = blocks.map().d(), m = blocks.map().projections(), p = blocks.p(), nb = blocks.nb();
    b.elements("sorfPack", nb * p, rows);
    g = g.task("sorfPack", SorfKernels::pack, new KernelContext(), slope, blocks.factor(), u,
        rows, m, p, nb);
    g = fwht(g, "sorfT0", -1);
    g = fwht(g, "sorfT1", 0);
    g = fwht(g, "sorfT2", 1);
    return g.task("sorfGather", SorfKernels::gather, u, acc, rows, d, p, nb, blocks.map().seed());
  }

  /**
   * One FWHT of every segment of u in {@link TornadoBackend#SORF_PASSES} passes, the first pass
   * applying the diagonal {@code S_j} beforehand (j ≥ 0). Pass 0 always runs, even with no stages
   * (P = 1).
   */
  private TaskGraph fwht(TaskGraph g, String name, int j) {
    int p = blocks.p(), nb = blocks.nb(), passes = TornadoBackend.SORF_PASSES;
    int h = 1;
    for (int k = 0; k < passes; k++) {
      int q = Sorf.passStages(p, passes, k);
      if (k == 0 || q > 0) {
        g = g.task(name + "p" + k, SorfKernels::butterflies, u, rows * nb, p, h, q, nb,
            k == 0 ? j : -1, blocks.mix());
      }
      h <<= q;
    }
    return g;
  }
}
