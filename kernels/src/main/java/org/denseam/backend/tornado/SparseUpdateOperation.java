package org.denseam.backend.tornado;

import org.denseam.backend.SparsePatterns;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * One update of a sparse (α-entmax) memory for a batch of queries: the scores β X q ({@link
 * SparseKernels#scores}), their α-entmax weights ({@link SparseKernels#entmax}) and the next
 * states Xᵀ p ({@link SparseKernels#combine}). The patterns are uploaded at the plan's first
 * execution.
 */
final class SparseUpdateOperation implements PlanCache.Plan {
  /**
   * The key of a sparse plan.
   *
   * @param memory the sparse memory
   * @param rows queries per call
   */
  record Key(SparsePatterns memory, int rows) implements PlanCache.Key {
    @Override
    public String operation() {
      return "sparse";
    }
  }

  private final SparsePatterns memory;
  private final int rows;
  /** The queries, rows × D, transferred at every execution. */
  private final float[] qf;
  /** The float32 patterns, N × D. */
  private final float[] xf;
  /** The scores, rows × N. */
  private final float[] theta;
  /** The weights, rows × N. */
  private final float[] p;
  /** The next states, rows × D. */
  private final float[] out;

  private SparseUpdateOperation(SparsePatterns memory, int rows) {
    int n = memory.n(), d = memory.d();
    this.memory = memory;
    this.rows = rows;
    qf = new float[rows * d];
    xf = HostArrays.toFloat(memory.patterns(), n * d);
    theta = new float[rows * n];
    p = new float[rows * n];
    out = new float[rows * d];
  }

  @Override
  public TaskGraph[] graphs(GraphBuild b) {
    int n = memory.n(), d = memory.d();
    return new TaskGraph[] {new TaskGraph(b.name)
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, qf)
        .transferToDevice(DataTransferMode.FIRST_EXECUTION, xf, theta)
        .task("scores", SparseKernels::scores, xf, qf, theta, rows, n, d, (float) memory.beta())
        .task("entmax", SparseKernels::entmax, theta, p, rows, n, (float) memory.alpha())
        .task("combine", SparseKernels::combine, xf, p, out, rows, n, d)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, p, out)};
  }

  /**
   * A sparse update on the device.
   *
   * @param cache the plans
   * @param memory the sparse memory
   * @param q the queries, batch × D
   * @param batch queries B
   * @param weights the weights, batch × N, or null
   * @param next the next states, batch × D, or null
   */
  static void run(PlanCache cache, SparsePatterns memory, double[] q, int batch, double[] weights,
      double[] next) {
    cache.run(new Key(memory, batch), () -> new SparseUpdateOperation(memory, batch),
        c -> HostArrays.toFloat(q, c.qf),
        c -> {
          HostArrays.copyOut(c.p, weights);
          HostArrays.copyOut(c.out, next);
        }, true);
  }
}
