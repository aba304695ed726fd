package org.denseam.backend.tornado;

import org.denseam.backend.DistributedPatterns;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureMap;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * GradComp of a batch against a distributed memory: the energies and gradients of B inputs from
 * T. Its plan has two graphs: graph 0 uploads T and keeps it on the device, graph 1 evaluates,
 * reading T where graph 0 left it; graph 0 runs only when the memory is not the one uploaded last,
 * so T stays on the device while the same memory comes back.
 */
final class GradCompOperation implements PlanCache.Plan {
  /**
   * The key of a GradComp plan.
   *
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param rows inputs per call
   */
  record Key(FeatureMap map, double beta, int rows) implements PlanCache.Key {
    @Override
    public String operation() {
      return "gradComp";
    }
  }

  private final FeatureMap map;
  private final double beta;
  private final int rows;
  /** The inputs, rows × D, transferred at every execution. */
  private final float[] xf;
  /** T, uploaded by graph 0. */
  private final float[] tf;
  private final GradComp gc;
  /** The memory whose T is on the device, null before the first upload. */
  private DistributedPatterns loaded;

  private GradCompOperation(FeatureMap map, double beta, int rows, TornadoShape shape) {
    this.map = map;
    this.beta = beta;
    this.rows = rows;
    xf = new float[rows * map.d()];
    tf = new float[map.y()];
    gc = new GradComp(map, shape, rows);
  }

  @Override
  public TaskGraph[] graphs(GraphBuild b) {
    return new TaskGraph[] {
        new TaskGraph(b.name + "T")
            .transferToDevice(DataTransferMode.EVERY_EXECUTION, tf)
            .task("hold", DrDamKernels::hold, tf)
            .persistOnDevice(tf),
        gc.append(new TaskGraph(b.name)
                .consumeFromDevice(b.name + "T", tf)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, xf)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, gc.scratch())
                // The energies are recomputed on the host from s (float64): they stay on the device.
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, gc.energy),
                b, map, beta, tf, xf, rows)
            .transferToHost(DataTransferMode.EVERY_EXECUTION, gc.grad, gc.s)};
  }

  /**
   * GradComp on the device: the energies (from s, in float64) and gradients of a batch.
   *
   * @param cache the plans
   * @param shape the backend's shape
   * @param memory the distributed memory
   * @param x the inputs, batch × D
   * @param batch inputs B
   * @param energy the energies, batch, or null
   * @param grad the gradients, batch × D
   */
  static void run(PlanCache cache, TornadoShape shape, DistributedPatterns memory, double[] x,
      int batch, double[] energy, double[] grad) {
    FeatureMap map = memory.map();
    double beta = memory.beta();
    double[] t = memory.t();
    cache.run(new Key(map, beta, batch), () -> new GradCompOperation(map, beta, batch, shape),
        c -> memory.equals(c.loaded) ? new int[] {1} : new int[] {0, 1},
        c -> {
          HostArrays.toFloat(x, c.xf);
          if (!memory.equals(c.loaded)) {
            HostArrays.toFloat(t, c.tf);
            c.loaded = memory;
          }
        },
        c -> {
          for (int r = 0; r < batch; r++) {
            map.basis().checkInnerProduct(c.gc.s[r]);
            if (energy != null) {
              energy[r] = FeatureKernels.energy(c.gc.s[r], map.basis().clip(), beta);
            }
          }
          HostArrays.copyOut(c.gc.grad, grad);
        }, true);
  }
}
