package org.denseam.backend.tornado;

import org.denseam.backend.Rows;
import org.denseam.features.FeatureMap;
import org.denseam.rng.Gaussian;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * ProcMems: T += sign · Σ_μ φ(ξ_μ) over K memories, folded in blocks of {@link
 * TornadoBackend#MEMORY_BLOCK} by {@link DrDamKernels#accumulate}; each block's sum of Y floats
 * is added to T on the host.
 */
final class ProcMemsOperation implements PlanCache.Plan {
  /**
   * The key of a ProcMems plan.
   *
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param rows memories per block
   * @param sign +1 to add the memories, -1 to remove them
   */
  record Key(FeatureMap map, double beta, int rows, double sign) implements PlanCache.Key {
    @Override
    public String operation() {
      return "procMems";
    }
  }

  private final FeatureMap map;
  private final double beta;
  private final int rows;
  private final double sign;
  private final FeatureCall call;

  private ProcMemsOperation(FeatureMap map, double beta, int rows, double sign,
      TornadoShape shape) {
    this.map = map;
    this.beta = beta;
    this.rows = rows;
    this.sign = sign;
    call = new FeatureCall(map, shape, rows, map.y());
  }

  @Override
  public TaskGraph[] graphs(GraphBuild b) {
    int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
    return new TaskGraph[] {call.project(b, map, beta, rows)
        .task("accumulate", DrDamKernels::accumulate, call.h, call.n2, call.out, rows,
            map.projections(), map.basis().code(), (float) map.scale(), k0, k1,
            map.basis().paired() ? 1 : 0, (float) sign)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, call.out)};
  }

  /**
   * ProcMems on the device.
   *
   * @param cache the plans
   * @param shape the backend's shape
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param mems the K memories
   * @param sign +1 to add, -1 to remove
   * @param t T, Y, added to
   */
  static void run(PlanCache cache, TornadoShape shape, FeatureMap map, double beta, Rows mems,
      double sign, double[] t) {
    int y = map.y(), k = mems.count();
    int block = Math.min(k, TornadoBackend.MEMORY_BLOCK);
    for (int from = 0; from < k; from += block) {
      int n = Math.min(block, k - from), f0 = from;
      cache.run(new Key(map, beta, n, sign),
          () -> new ProcMemsOperation(map, beta, n, sign, shape),
          c -> mems.copy(f0, n, c.call.xf, 0),
          c -> {
            for (int j = 0; j < y; j++) {
              t[j] += c.call.out[j];
            }
          }, from == 0);
    }
    HostArrays.checkFeatures(map.basis(), t);
  }
}
