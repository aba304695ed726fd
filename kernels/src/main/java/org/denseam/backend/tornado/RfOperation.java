package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import org.denseam.rng.Gaussian;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * RF of a batch: the features φ(x) of B inputs, B × Y, from the projections by {@link
 * DrDamKernels#features}.
 */
final class RfOperation implements PlanCache.Plan {
  /**
   * The key of an RF plan.
   *
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param rows inputs per call
   */
  record Key(FeatureMap map, double beta, int rows) implements PlanCache.Key {
    @Override
    public String operation() {
      return "rf";
    }
  }

  private final FeatureMap map;
  private final double beta;
  private final int rows;
  private final FeatureCall call;

  private RfOperation(FeatureMap map, double beta, int rows, TornadoShape shape) {
    this.map = map;
    this.beta = beta;
    this.rows = rows;
    call = new FeatureCall(map, shape, rows, rows * map.y());
  }

  @Override
  public TaskGraph[] graphs(GraphBuild b) {
    int m = map.projections(), y = map.y();
    int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
    b.elements("features", m, rows);
    return new TaskGraph[] {call.project(b, map, beta, rows)
        .task("features", DrDamKernels::features, new KernelContext(), call.h, call.n2, call.out,
            rows, m, y, map.basis().code(), (float) map.scale(), k0, k1,
            map.basis().paired() ? 1 : 0)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, call.out)};
  }

  /**
   * RF on the device.
   *
   * @param cache the plans
   * @param shape the backend's shape
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param x the inputs, batch × D
   * @param batch inputs B
   * @param phi the features, batch × Y
   * @throws IllegalArgumentException if B × Y exceeds the largest array
   */
  static void run(PlanCache cache, TornadoShape shape, FeatureMap map, double beta, double[] x,
      int batch, double[] phi) {
    org.denseam.Checks.product("features of B x Y", batch, map.y());
    cache.run(new Key(map, beta, batch), () -> new RfOperation(map, beta, batch, shape),
        c -> HostArrays.toFloat(x, c.call.xf),
        c -> HostArrays.copyOut(c.call.out, phi), true);
    HostArrays.checkFeatures(map.basis(), phi);
  }
}
