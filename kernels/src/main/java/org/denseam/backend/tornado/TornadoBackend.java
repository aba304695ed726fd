package org.denseam.backend.tornado;

import java.util.List;
import org.denseam.backend.Backend;
import org.denseam.backend.DescentSpec;
import org.denseam.backend.DeviceTimes;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.Energy;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Rows;
import org.denseam.backend.SparsePatterns;
import org.denseam.features.FeatureMap;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The TornadoVM backend: every operation is a task graph of the kernels in {@link DrDamKernels},
 * {@link SorfKernels}, {@link LseKernels} and {@link DescentKernels}, JIT-compiled to OpenCL, PTX
 * or SPIR-V for the selected device; transfers are explicit. Feature maps with Gaussian and with
 * SORF projections run on the device. Each method delegates to one operation, which describes
 * its buffers, tasks and transfers: {@link RfOperation}, {@link ProcMemsOperation}, {@link
 * GradCompOperation}, {@link ExactLseOperation}, {@link SparseUpdateOperation} and {@link
 * DescentOperation} (built from the first two evaluations); the projections' layout is a {@link
 * Projector} chosen by the {@link TornadoShape}. Compiled plans are kept in a {@link PlanCache}.
 *
 * <p>Device buffers of DrDAM hold O(B·(D + Y)) floats (inputs, projections, shares, slopes,
 * gradients, T, and for SORF maps a work buffer of B·⌈m/P⌉·P floats) and nothing of size D × Y or
 * K; ProcMems folds memories in blocks of {@link #MEMORY_BLOCK}. The exact energy holds the
 * memories (K × D) and O(B·C·D) partial sums.
 *
 * <p>Thread-safe: calls are serialised on the device.
 */
public final class TornadoBackend
    implements Backend, DeviceTimes.Source, AutoCloseable {
  /** Memories folded per ProcMems task-graph execution. */
  public static final int MEMORY_BLOCK = 1024;
  /** Chunks C of the exact log-sum-exp over K. */
  public static final int LSE_CHUNKS = 64;
  /**
   * Passes ({@link SorfKernels#butterflies} tasks) per SORF Walsh-Hadamard transform, each of
   * ⌈log₂ P / passes⌉ stages: 2 unless the system property {@code denseam.tornado.sorfPasses} sets
   * 1 to 3 (more passes make task graphs larger than TornadoVM's bytecode buffer allows).
   */
  public static final int SORF_PASSES =
      Math.max(1, Math.min(3, Integer.getInteger("denseam.tornado.sorfPasses", 2)));

  /**
   * Compiled task graphs kept for reuse, least recently used evicted first: 8 unless the system
   * property {@code denseam.tornado.plans} sets another count (0: compile for every call).
   * Compiling a graph takes from a tenth of a second to a second; a kept plan also keeps its
   * device buffers (O(B·(D + Y)) for DrDAM).
   */
  public static final int PLAN_CACHE = Math.max(0, Integer.getInteger("denseam.tornado.plans", 8));

  private final TornadoDevice device;
  private final TornadoShape shape;
  /** The compiled plans of this backend's operations, and what they report. */
  private final PlanCache plans;
  /** The float32 copies of exact memories' patterns, shared by their plans. */
  private final FloatPatterns patterns = new FloatPatterns();

  /**
   * A backend on a device.
   *
   * @param device the TornadoVM device to run on
   */
  public TornadoBackend(TornadoDevice device) {
    this(device, TornadoShape.forDevice(device));
  }

  /**
   * A backend on a device with a given kernel shape, checked per call against the device's limits
   * (which replace the shape's: {@link TornadoShape#on}).
   *
   * @param device the TornadoVM device to run on
   * @param shape the shape of the product kernels and the work-group sizes
   */
  public TornadoBackend(TornadoDevice device, TornadoShape shape) {
    this.device = device;
    this.shape = shape.on(TornadoShape.Limits.of(device));
    this.plans = new PlanCache(device);
  }

  /**
   * The kernel shape and work-group sizes this backend compiles its plans with.
   *
   * @return the shape
   */
  public TornadoShape shape() {
    return shape;
  }

  @Override
  public void profile(boolean on) {
    plans.profile(on);
  }

  @Override
  public DeviceTimes lastDeviceTimes() {
    return plans.lastTimes();
  }

  @Override
  public String name() {
    return "tornado";
  }

  @Override
  public boolean singlePrecision() {
    return true;
  }

  /**
   * The device this backend runs on.
   *
   * @return the TornadoVM device
   */
  public TornadoDevice device() {
    return device;
  }

  /**
   * Bytes of the device buffers of the most recent operation: the sum over every array its task
   * graph transfers or allocates on the device (TornadoVM allocates one buffer per array).
   *
   * @return bytes of device buffers
   */
  public long lastDeviceMemoryBytes() {
    return plans.lastDeviceBytes();
  }

  /** Frees the device buffers of every cached plan. */
  @Override
  public void close() {
    plans.close();
    patterns.clear();
  }

  /**
   * Number of compiled task graphs currently kept for reuse.
   *
   * @return cached plans, at most {@link #PLAN_CACHE}
   */
  public int cachedPlans() {
    return plans.size();
  }

  /**
   * The grids this backend set on the plan it built last, keyed by {@code graph.task}: the global
   * and local work sizes of its work-group kernels (its loop kernels run on TornadoVM's own grids
   * and have none). Read by the GPU code-generation check for the work-group sizes.
   *
   * @return the grids of the last plan built
   */
  GridScheduler lastGrids() {
    return plans.lastGrids();
  }

  @Override
  public void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    RfOperation.run(plans, shape, map, beta, x, batch, phi);
  }

  @Override
  public void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t) {
    ProcMemsOperation.run(plans, shape, map, beta, mems, sign, t);
  }

  @Override
  public void gradComp(
      DistributedPatterns memory, double[] x, int batch, double[] energy, double[] grad) {
    GradCompOperation.run(plans, shape, memory, x, batch, energy, grad);
  }

  @Override
  public void exact(ExactPatterns memory, double[] x, int batch, double[] energy,
      double[] grad) {
    ExactLseOperation.run(plans, shape, patterns, memory, x, batch, energy, grad);
  }

  @Override
  public void sparseUpdate(
      SparsePatterns memory, double[] q, int batch, double[] weights, double[] next) {
    SparseUpdateOperation.run(plans, memory, q, batch, weights, next);
  }

  /**
   * Runs the whole descent on the device: T (or the memories) and the batch are transferred once,
   * the graph [evaluate, step] executes L + 1 times, and only the final states, energies, steps
   * and (if asked) the trace come back ({@link DescentOperation}).
   */
  @Override
  public boolean descend(Energy model, DescentSpec descent, double[] x, int batch,
      double[] energies, int[] taken, List<double[]> traceRows) {
    return DescentOperation.run(plans, shape, patterns, model, descent, x, batch, energies, taken,
        traceRows);
  }
}
