package org.denseam.backend.tornado;

import org.denseam.backend.ExactPatterns;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The exact energies and gradients of a batch against an exact memory ({@link ExactLse}): the
 * memories are uploaded at the plan's first execution and stay on the device with it.
 */
final class ExactLseOperation implements PlanCache.Plan {
  /**
   * The key of an exact plan.
   *
   * @param memory the exact memory
   * @param rows queries per call
   */
  record Key(ExactPatterns memory, int rows) implements PlanCache.Key {
    @Override
    public String operation() {
      return "exact";
    }
  }

  private final ExactPatterns memory;
  private final int rows;
  /** The queries, rows × D, transferred at every execution. */
  private final float[] xf;
  /** The float32 memories, K × D. */
  private final float[] xi;
  private final ExactLse lse;

  private ExactLseOperation(ExactPatterns memory, int rows, FloatPatterns patterns,
      TornadoShape shape) {
    this.memory = memory;
    this.rows = rows;
    xf = new float[rows * memory.d()];
    xi = patterns.of(memory);
    lse = new ExactLse(rows, memory.d(), xi, memory.k(), shape.panels());
  }

  @Override
  public TaskGraph[] graphs(GraphBuild b) {
    return new TaskGraph[] {lse.append(new TaskGraph(b.name)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, xf)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, xi)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, lse.scratch()),
            b, memory, xi, xf, rows)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, lse.energy, lse.grad)};
  }

  /**
   * The exact energies and gradients on the device.
   *
   * @param cache the plans
   * @param shape the backend's shape
   * @param patterns the float32 patterns of the memories
   * @param memory the exact memory
   * @param x the queries, batch × D
   * @param batch queries B
   * @param energy the energies, batch, or null
   * @param grad the gradients, batch × D, or null
   */
  static void run(PlanCache cache, TornadoShape shape, FloatPatterns patterns,
      ExactPatterns memory, double[] x, int batch, double[] energy, double[] grad) {
    cache.run(new Key(memory, batch),
        () -> new ExactLseOperation(memory, batch, patterns, shape),
        c -> HostArrays.toFloat(x, c.xf),
        c -> {
          HostArrays.copyOut(c.lse.energy, energy);
          HostArrays.copyOut(c.lse.grad, grad);
        }, true);
  }
}
