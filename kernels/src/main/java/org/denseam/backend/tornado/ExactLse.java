package org.denseam.backend.tornado;

import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Similarity;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;

/**
 * The exact log-sum-exp energy and gradient of {@code rows} queries against K memories, in
 * {@link TornadoBackend#LSE_CHUNKS} chunks C of K merged at the end: device buffers and tasks,
 * appended to a graph. The running weighted sums follow the shape ({@link Sums}).
 */
final class ExactLse {
  /** The running maxima and sums of each (query, chunk), rows × C each. */
  final float[] pm, ps;
  /** The energies, rows. */
  final float[] energy;
  /** The gradients, rows × D. */
  final float[] grad;
  /** The running weighted sums and the kernels that use them. */
  final Sums sums;

  /**
   * The buffers for {@code rows} queries.
   *
   * @param rows queries per call
   * @param d dimension D
   * @param xi the float32 memories, K × D
   * @param k memories K
   * @param panels true for the CPU layout ({@link Panels}), false for the GPU's ({@link Tiles})
   * @throws IllegalArgumentException if B × C × D exceeds the largest array
   */
  ExactLse(int rows, int d, float[] xi, int k, boolean panels) {
    int c = TornadoBackend.LSE_CHUNKS;
    org.denseam.Checks.product("device buffer of B x chunks x D", (long) rows * c, (d + 7) / 8 * 8);
    pm = new float[rows * c];
    ps = new float[rows * c];
    energy = new float[rows];
    grad = new float[rows * d];
    sums = panels ? Panels.of(rows, d, xi, k) : new Tiles(new float[rows * c * d]);
  }

  /**
   * The device buffers besides the queries, the memories and the outputs.
   *
   * @return the buffers
   */
  Object[] scratch() {
    Object[] own = sums.buffers();
    Object[] all = new Object[2 + own.length];
    all[0] = pm;
    all[1] = ps;
    System.arraycopy(own, 0, all, 2, own.length);
    return all;
  }

  /**
   * Appends the tasks writing the energies and gradients of the queries x.
   *
   * @param g the graph
   * @param b the build
   * @param mem the exact memory
   * @param xi its float32 patterns on the device
   * @param x the queries, rows × D
   * @param rows queries per call
   * @return the graph
   */
  TaskGraph append(TaskGraph g, GraphBuild b, ExactPatterns mem, float[] xi, float[] x, int rows) {
    return sums.append(this, g, b, mem, xi, x, rows);
  }

  /** The running weighted sums of the chunks and the partial and merge kernels over them. */
  sealed interface Sums {
    /**
     * The buffers of the sums.
     *
     * @return the buffers
     */
    Object[] buffers();

    /**
     * Appends the partial and merge tasks.
     *
     * @param lse the other buffers
     * @param g the graph
     * @param b the build
     * @param mem the exact memory
     * @param xi its float32 patterns on the device
     * @param x the queries, rows × D
     * @param rows queries per call
     * @return the graph
     */
    TaskGraph append(ExactLse lse, TaskGraph g, GraphBuild b, ExactPatterns mem, float[] xi,
        float[] x, int rows);
  }

  /**
   * The GPU layout: {@link LseKernels#partialTiles} in work-groups of {@link
   * LseKernels#FLASH_GROUP}, then {@link LseKernels#merge}.
   *
   * @param pacc the running weighted sums, B × C × D
   */
  record Tiles(float[] pacc) implements Sums {
    @Override
    public Object[] buffers() {
      return new Object[] {pacc};
    }

    @Override
    public TaskGraph append(ExactLse lse, TaskGraph g, GraphBuild b, ExactPatterns mem,
        float[] xi, float[] x, int rows) {
      int d = mem.d(), k = mem.k(), dot = mem.similarity() == Similarity.DOT ? 1 : 0;
      int c = TornadoBackend.LSE_CHUNKS;
      float beta = (float) mem.beta();
      b.grid("partial", c * LseKernels.FLASH_GROUP, (rows + LseKernels.TQ - 1) / LseKernels.TQ,
          LseKernels.FLASH_GROUP, 1);
      return g.task("partial", LseKernels::partialTiles, new KernelContext(), x, xi, lse.pm,
              lse.ps, pacc, rows, k, d, c, beta, dot)
          .task("merge", LseKernels::merge, x, lse.pm, lse.ps, pacc, lse.energy, lse.grad, rows,
              d, c, beta, dot);
    }
  }

  /**
   * The CPU layout: {@link LseKernels#partialPanels} and {@link LseKernels#mergePanels}, over
   * TornadoVM's off-heap {@link VectorFloat8}s, whose loads and stores compile to vector ones.
   *
   * @param xp the memories in panels of {@link LseKernels#PANEL}
   * @param xr the memories in rows padded to 8
   * @param pacc8 the running weighted sums, B × C × ⌈D/8⌉ vectors
   * @param wbuf the weights of each work-item's current panel
   */
  record Panels(VectorFloat8 xp, VectorFloat8 xr, VectorFloat8 pacc8, float[] wbuf)
      implements Sums {
    /**
     * The panels' buffers for {@code rows} queries.
     *
     * @param rows queries per call
     * @param d dimension D
     * @param xi the float32 memories, K × D
     * @param k memories K
     * @return the layout
     */
    static Panels of(int rows, int d, float[] xi, int k) {
      int c = TornadoBackend.LSE_CHUNKS;
      return new Panels(new VectorFloat8(FloatArray.fromArray(LseKernels.panels(xi, k, d))),
          new VectorFloat8(FloatArray.fromArray(LseKernels.rows8(xi, k, d))),
          new VectorFloat8(rows * c * ((d + 7) / 8)),
          new float[c * ((rows + LseKernels.QUERIES - 1) / LseKernels.QUERIES)
              * LseKernels.QUERIES * LseKernels.PANEL]);
    }

    @Override
    public Object[] buffers() {
      return new Object[] {xp, xr, pacc8, wbuf};
    }

    @Override
    public TaskGraph append(ExactLse lse, TaskGraph g, GraphBuild b, ExactPatterns mem,
        float[] xi, float[] x, int rows) {
      int d = mem.d(), k = mem.k(), dot = mem.similarity() == Similarity.DOT ? 1 : 0;
      int c = TornadoBackend.LSE_CHUNKS;
      float beta = (float) mem.beta();
      return g.task("partial", LseKernels::partialPanels, x, xr, xp, lse.pm, lse.ps, pacc8, wbuf,
              rows, k, d, c, beta, dot)
          .task("merge", LseKernels::mergePanels, x, lse.pm, lse.ps, pacc8, lse.energy, lse.grad,
              rows, d, c, beta, dot);
    }
  }
}
