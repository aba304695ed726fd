package org.denseam.backend.tornado;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.denseam.backend.Backend;
import org.denseam.backend.DescentSpec;
import org.denseam.backend.DeviceTimes;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.Energy;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Rows;
import org.denseam.backend.Similarity;
import org.denseam.backend.SparsePatterns;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.features.Sorf;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.WorkerGrid2D;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;

/**
 * The TornadoVM backend: every operation is a task graph of the kernels in {@link DrDamKernels},
 * {@link SorfKernels}, {@link LseKernels} and {@link DescentKernels}, JIT-compiled to OpenCL, PTX
 * or SPIR-V for the selected device. All task graphs are built in this class; transfers are
 * explicit. Feature maps with Gaussian and with SORF projections run on the device.
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
  /** Work-group width of the one-item-per-element kernels (a multiple of every SIMD width). */
  static final int ELEMENTS = 64;
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
  private volatile boolean profiling;
  private final ThreadLocal<DeviceTimes> lastTimes = new ThreadLocal<>();
  private volatile long lastDeviceBytes;
  private final LinkedHashMap<List<Object>, Compiled> plans = new LinkedHashMap<>(16, 0.75f, true);
  /**
   * The float32 copy of each exact memory's patterns, shared by the plans of that memory and kept
   * while its {@link ExactPatterns} instance (which never changes) is in use.
   */
  private final java.util.Map<ExactPatterns, float[]> patternsFloat = new java.util.WeakHashMap<>();
  private long graphs;
  /** The grids of the work-group kernels of the plan built last; empty before the first. */
  private volatile GridScheduler lastGrids = new GridScheduler();

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
    profiling = on;
  }

  @Override
  public DeviceTimes lastDeviceTimes() {
    return lastTimes.get();
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
    return lastDeviceBytes;
  }

  /** Frees the device buffers of every cached plan. */
  @Override
  public synchronized void close() {
    for (Compiled c : plans.values()) {
      release(c);
    }
    plans.clear();
    patternsFloat.clear();
  }

  /**
   * The float32 patterns of an exact memory: the patterns' own array when they are float32 on the
   * heap, else a float32 copy made on first use (rows of a file are read, and checked, then).
   */
  private synchronized float[] patternsFloat(ExactPatterns p) {
    float[] own = p.patterns().floats();
    return own != null ? own : patternsFloat.computeIfAbsent(p, q -> q.patterns().toFloats());
  }

  /**
   * Number of compiled task graphs currently kept for reuse.
   *
   * @return cached plans, at most {@link #PLAN_CACHE}
   */
  public synchronized int cachedPlans() {
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
    return lastGrids;
  }

  // ------------------------------------------------------------------- task graphs

  /** A compiled task graph and the host arrays its transfers and tasks are bound to. */
  private record Compiled(TornadoExecutionPlan plan, long bytes, Object state) {}

  /**
   * What a graph is being built with: its unique name and the grids of its work-group kernels
   * (the loop kernels run on TornadoVM's own grids).
   */
  private static final class Build {
    final String name;
    final GridScheduler grids = new GridScheduler();
    boolean any;

    Build(String name) {
      this.name = name;
    }

    /** A 2-D grid of gx × gy work-items in work-groups of lx × ly for a task. */
    void grid(String task, int gx, int gy, int lx, int ly) {
      WorkerGrid g = new WorkerGrid2D(gx, gy);
      g.setLocalWork(lx, ly, 1);
      grids.addWorkerGrid(name + "." + task, g);
      any = true;
    }

    /**
     * The grid of an element-wise kernel over n × rows elements: one work-item per element, in
     * work-groups of {@link #ELEMENTS} × 1.
     */
    void elements(String task, int n, int rows) {
      grid(task, span(n, ELEMENTS, ELEMENTS), rows, ELEMENTS, 1);
    }
  }

  /** Work-groups of {@code per} items needed for n items, times the work-group width. */
  private static int span(int n, int per, int width) {
    return (int) (((long) n + per - 1) / per * width);
  }

  /**
   * Runs the task graph cached under {@code key}, first building it over a new state ({@code
   * make}, then {@code graph}, which names it uniquely) and compiling it if there is none: later calls with an equal key
   * (the same operation, model, scalars and sizes) reuse the compiled kernels and device buffers.
   * {@code in} fills the state's input arrays before the run (they are transferred at every
   * execution), {@code out} reads its outputs after it.
   */
  private <S> void run(List<Object> key, Supplier<S> make,
      BiFunction<S, Build, TaskGraph> graph, Consumer<S> in, Consumer<S> out) {
    run(key, make, graph, in, out, true);
  }

  /** As above; {@code firstOfCall} false adds the device times to those of the call so far. */
  private <S> void run(List<Object> key, Supplier<S> make,
      BiFunction<S, Build, TaskGraph> graph, Consumer<S> in, Consumer<S> out,
      boolean firstOfCall) {
    run(key, make, (s, b) -> new TaskGraph[] {graph.apply(s, b)}, null, in, out, firstOfCall);
  }

  /**
   * As above for a plan of several graphs, of which {@code select} names those to execute this
   * time, in order (all of them, in order, when it is null).
   */
  private synchronized <S> void run(List<Object> key, Supplier<S> make,
      BiFunction<S, Build, TaskGraph[]> graph, Function<S, int[]> select, Consumer<S> in,
      Consumer<S> out, boolean firstOfCall) {
    Compiled c = plans.get(key);
    if (c == null) {
      S fresh = make.get();
      Build b = new Build(key.get(0) + "" + (++graphs));
      TaskGraph[] g = graph.apply(fresh, b);
      c = new Compiled(plan(b, g), bytes(g), fresh);
      plans.put(key, c);
      while (plans.size() > Math.max(1, PLAN_CACHE)) {
        var eldest = plans.entrySet().iterator().next();
        plans.remove(eldest.getKey());
        release(eldest.getValue());
      }
    }
    @SuppressWarnings("unchecked")
    S state = (S) c.state();
    lastDeviceBytes = c.bytes();
    int[] which = select == null ? null : select.apply(state);
    in.accept(state);
    try {
      if (which == null) {
        record(execute(c.plan()), firstOfCall);
      } else {
        for (int k = 0; k < which.length; k++) {
          c.plan().withGraph(which[k]);
          record(execute(c.plan()), firstOfCall && k == 0);
        }
      }
    } catch (Exception e) {
      plans.remove(key);
      release(c);
      throw new IllegalStateException("TornadoVM execution failed on " + device + ": " + e, e);
    }
    out.accept(state);
    if (PLAN_CACHE == 0) {
      plans.remove(key);
      release(c);
    }
  }

  /** An execution plan of graphs on this backend's device (compiled at their first execution). */
  private TornadoExecutionPlan plan(Build b, TaskGraph... g) {
    TornadoExecutionPlan plan = new TornadoExecutionPlan(
        Arrays.stream(g).map(TaskGraph::snapshot).toArray(ImmutableTaskGraph[]::new));
    plan.withDevice(device);
    lastGrids = b.grids;
    if (b.any) {
      plan.withGridScheduler(b.grids);
    }
    return plan;
  }

  /** Executes a plan, with TornadoVM's profiler while profiling is on. */
  private TornadoExecutionResult execute(TornadoExecutionPlan plan) {
    if (profiling) {
      plan.withProfiler(ProfilerMode.SILENT);
    } else {
      plan.withoutProfiler();
    }
    return plan.execute();
  }

  /**
   * Keeps the device times of an execution (while profiling is on) as this thread's last ones, or
   * adds them to those of the call in progress.
   */
  private void record(TornadoExecutionResult result, boolean first) {
    if (!profiling || result == null || result.getProfilerResult() == null) {
      return;
    }
    var p = result.getProfilerResult();
    DeviceTimes t = new DeviceTimes(p.getDeviceKernelTime(), p.getDataTransfersTime(), 1);
    DeviceTimes prev = lastTimes.get();
    lastTimes.set(first || prev == null ? t : prev.plus(t));
  }

  /** Frees a plan's device buffers. */
  private static void release(Compiled c) {
    try {
      c.plan().close();
    } catch (Exception e) {
      // Nothing more can be done for a plan whose buffers cannot be freed.
    }
  }

  /**
   * The projection tasks of a feature map: {@code h = <ω_α, z>} and the transpose product {@code
   * acc = Σ_α slope_α ω_α}, with i.i.d. Gaussian rows ({@link ProjectionKernels}, tiles or panels
   * as the shape says) or SORF transforms ({@link SorfKernels}) over a work buffer of {@code rows ×
   * ⌈m / P⌉ × P} floats.
   */
  private static final class Projector {
    final FeatureMap map;
    final TornadoShape shape;
    final int rows, p, nb, slabs;
    /** Whether the Gaussian products use Ω panels (else tiles); false for SORF maps. */
    final boolean panels;
    /** Whether the projections are SORF (else i.i.d. Gaussian rows). */
    final boolean sorf;
    /** SORF work buffer of the passes and the fused kernels, null otherwise. */
    final float[] u;
    /**
     * SORF work buffer of the lane kernels ({@link SorfKernels#forwardLanes}; CPUs: eight inputs
     * per work-item, one per vector lane), null otherwise.
     */
    final VectorFloat8 w;
    /** SORF signs {@code S₂} and row factors of the call, nb × P each; null for Gaussian. */
    final float[] sign, factor;
    /** SORF signs {@code S₀} and {@code S₁} of the call, 2 × nb × P; null for Gaussian. */
    final float[] mix;
    /**
     * Whether the SORF transforms are the fused kernels ({@link SorfKernels#fused}; GPUs: one
     * work-group per block, in local memory), else the lane kernels ({@link #w}) or the butterfly
     * passes.
     */
    final boolean fused;
    /** Slabs of the panels-shape transpose product, null otherwise. */
    final float[] part;

    /**
     * The buffers for {@code rows} inputs; {@code transpose} whether the transpose product will be
     * appended too (only it needs the panels' slabs).
     */
    Projector(FeatureMap map, TornadoShape shape, int rows, boolean transpose) {
      this.map = map;
      this.shape = shape;
      this.rows = rows;
      sorf = map.projection() == Projection.SORF;
      if (sorf) {
        p = Sorf.padded(map.d());
        nb = (map.projections() + p - 1) / p;
        if (shape.panels() && SorfKernels.lanes(p)) {
          w = new VectorFloat8(org.denseam.Checks.product("device buffer of B x blocks x P",
              SorfKernels.LANES, SorfKernels.laneVectors(rows, p, nb)) / SorfKernels.LANES);
          u = null;
        } else {
          w = null;
          u = new float[org.denseam.Checks.product("device buffer of B x blocks x P", rows,
              (long) nb * p)];
        }
        sign = new float[nb * p];
        factor = SorfKernels.factors(map.seed(), map.d(), map.projections(), p, nb);
        mix = new float[2 * nb * p];
        fused = !shape.panels() && SorfKernels.fused(p);
        panels = false;
        slabs = 0;
        part = null;
      } else {
        p = 0;
        nb = 0;
        u = null;
        w = null;
        sign = null;
        factor = null;
        mix = null;
        fused = false;
        panels = shape.panelsFor(map.d());
        if (panels && transpose) {
          slabs = ProjectionKernels.slabs(map.projections());
          part = new float[org.denseam.Checks.product("device buffer of slabs x B x D", slabs,
              (long) rows * map.d())];
        } else {
          slabs = 0;
          part = null;
        }
      }
    }

    /** Buffers to allocate on the device. */
    Object[] scratch() {
      return w != null ? new Object[] {w, sign, factor, mix}
          : u != null ? new Object[] {u, sign, factor, mix}
          : part != null ? new Object[] {part} : new Object[0];
    }

    /** Allocates the work buffers, if any, on the device. */
    TaskGraph allocate(TaskGraph g) {
      Object[] s = scratch();
      return s.length == 0 ? g : g.transferToDevice(DataTransferMode.FIRST_EXECUTION, s);
    }

    /** Tasks writing {@code h} (rows × m) from the scaled inputs {@code z} (rows × d). */
    TaskGraph forward(TaskGraph g, Build b, float[] z, float[] h) {
      int d = map.d(), m = map.projections();
      long seed = map.seed();
      if (!sorf) {
        int k0 = org.denseam.rng.Gaussian.key0(seed), k1 = org.denseam.rng.Gaussian.key1(seed);
        int lx = shape.lx(), ly = shape.ly();
        if (panels) {
          int group = ProjectionKernels.panelGroup(d);
          b.grid("project", span(m, ProjectionKernels.PW, group), 1, group, 1);
          return g.task("project", ProjectionKernels::projectPanels, new KernelContext(), z, h,
              rows, d, m, k0, k1);
        }
        b.grid("project", span(m, 4 * lx, lx), span(rows, 4 * ly, ly), lx, ly);
        return g.task("project", ProjectionKernels::projectTiles, new KernelContext(), z, h, rows,
            d, m, k0, k1);
      }
      g = draw(g);
      if (w != null) {
        return g.task("sorfForward", SorfKernels::forwardLanes, z, sign, mix, factor, w, h, rows,
            d, m, p, nb);
      }
      if (fused) {
        b.grid("sorfForward", nb * (p / 2), rows, p / 2, 1);
        return g.task("sorfForward", SorfKernels::forwardFused, new KernelContext(), z, sign, mix,
                factor, h, rows, d, m, p, nb);
      }
      b.elements("sorfLoad", nb * p, rows);
      b.elements("sorfRows", m, rows);
      g = g
          .task("sorfLoad", SorfKernels::load, new KernelContext(), z, sign, u, rows, d, p, nb);
      g = fwht(g, "sorfF0", -1);
      g = fwht(g, "sorfF1", 1);
      g = fwht(g, "sorfF2", 0);
      return g.task("sorfRows", SorfKernels::rows, new KernelContext(), u, factor, h, rows, m, p,
          nb);
    }

    /**
     * CPU SORF ({@link #w}): the tasks from the scaled inputs to the slopes in lane layout and the
     * parts of s ({@link SorfKernels#forwardCoefficients}).
     */
    TaskGraph forwardCoefficients(TaskGraph g, float[] z, float[] n2, float[] t,
        VectorFloat8 slope, VectorFloat8 part, int basis, float c, int k0, int k1, int paired) {
      return draw(g).task("sorfForward", SorfKernels::forwardCoefficients, z, n2, sign, mix,
          factor, t, w, slope, part, rows, map.d(), map.projections(), p, nb, basis, c, k0, k1,
          paired);
    }

    /** The task drawing the SORF diagonals of the call ({@link SorfKernels#draw}). */
    private TaskGraph draw(TaskGraph g) {
      return g.task("sorfDraw", SorfKernels::draw, sign, mix, map.d(), p, nb, map.seed());
    }

    /**
     * CPU SORF ({@link #w}): the task writing {@code acc} (rows × d) from the slopes in lane
     * layout ({@link SorfKernels#transposeLanes}).
     */
    TaskGraph transposeLanes(TaskGraph g, VectorFloat8 slope, float[] acc) {
      return g.task("sorfTranspose", SorfKernels::transposeLanes, slope, sign, mix, factor, w,
          acc, rows, map.d(), map.projections(), p, nb);
    }

    /** Tasks writing {@code acc} (rows × d) from the slopes (rows × m). */
    TaskGraph transpose(TaskGraph g, Build b, float[] slope, float[] acc) {
      int d = map.d(), m = map.projections();
      long seed = map.seed();
      if (!sorf) {
        int k0 = org.denseam.rng.Gaussian.key0(seed), k1 = org.denseam.rng.Gaussian.key1(seed);
        int lx = shape.lx(), ly = shape.ly();
        if (panels) {
          int group = ProjectionKernels.panelGroup(d);
          b.grid("backProject", slabs * group, 1, group, 1);
          return g.task("backProject", ProjectionKernels::backProjectPanels, new KernelContext(),
                  slope, part, rows, d, m, k0, k1, slabs)
              .task("sumSlabs", ProjectionKernels::sumSlabs, part, acc, rows * d, slabs);
        }
        b.grid("backProject", span(d, 4 * lx, lx), span(rows, 4 * ly, ly), lx, ly);
        return g.task("backProject", ProjectionKernels::backProjectTiles, new KernelContext(),
            slope, acc, rows, d, m, k0, k1);
      }
      if (w != null) {
        throw new IllegalStateException("the lane kernels take slopes in lane layout");
      }
      if (fused) {
        b.grid("sorfTranspose", nb * (p / 2), rows, p / 2, 1);
        return g.task("sorfTranspose", SorfKernels::transposeFused, new KernelContext(), slope,
                mix, factor, u, rows, m, p, nb)
            .task("sorfGather", SorfKernels::gather, u, acc, rows, d, p, nb, seed);
      }
      b.elements("sorfPack", nb * p, rows);
      g = g.task("sorfPack", SorfKernels::pack, new KernelContext(), slope, factor, u, rows, m, p,
          nb);
      g = fwht(g, "sorfT0", -1);
      g = fwht(g, "sorfT1", 0);
      g = fwht(g, "sorfT2", 1);
      return g.task("sorfGather", SorfKernels::gather, u, acc, rows, d, p, nb, seed);
    }

    /**
     * One FWHT of every segment of u in {@link #SORF_PASSES} passes, the first pass applying the
     * diagonal {@code S_j} beforehand (j ≥ 0). Pass 0 always runs, even with no stages (P = 1).
     */
    private TaskGraph fwht(TaskGraph g, String name, int j) {
      int h = 1;
      for (int k = 0; k < SORF_PASSES; k++) {
        int q = Sorf.passStages(p, SORF_PASSES, k);
        if (k == 0 || q > 0) {
          g = g.task(name + "p" + k, SorfKernels::butterflies, u, rows * nb, p, h, q, nb,
              k == 0 ? j : -1, mix);
        }
        h <<= q;
      }
      return g;
    }
  }

  /** GradComp buffers and tasks for {@code rows} inputs, appended to a graph. */
  private static final class GradComp {
    final float[] z, n2, s, energy, acc, grad;
    /** Projections, shares of s and slopes, rows × m each; null with {@link #lanes}. */
    final float[] h, value, slope;
    /**
     * CPU SORF ({@link SorfKernels#forwardCoefficients}): the slopes in lane layout, ⌈rows / 8⌉ ×
     * m vectors, and the parts of s, ⌈rows / 8⌉ × nb vectors; null otherwise.
     */
    final VectorFloat8 slopeLanes, partLanes;
    /** Whether the SORF lane kernels run the first pass with the forward transform. */
    final boolean lanes;
    final Projector proj;

    GradComp(FeatureMap map, TornadoShape shape, int rows) {
      int d = map.d(), m = map.projections();
      org.denseam.Checks.product("device buffer of B x projections", rows, m);
      proj = new Projector(map, shape, rows, true);
      z = new float[rows * d];
      n2 = new float[rows];
      lanes = proj.w != null;
      if (lanes) {
        int groups = SorfKernels.groups(rows);
        h = null;
        value = null;
        slope = null;
        slopeLanes = new VectorFloat8(groups * m);
        partLanes = new VectorFloat8(groups * proj.nb);
      } else {
        h = new float[rows * m];
        value = new float[rows * m];
        slope = new float[rows * m];
        slopeLanes = null;
        partLanes = null;
      }
      s = new float[rows];
      energy = new float[rows];
      acc = new float[rows * d];
      grad = new float[rows * d];
    }

    /** GradComp's tasks: scale, the products, coefficients, energy, gradient. */
    TaskGraph append(TaskGraph g, Build b, FeatureMap map, double beta, float[] t, float[] x,
        int rows) {
      int d = map.d();
      float sqrtBeta = (float) Math.sqrt(beta);
      b.elements("gradient", d, rows);
      g = g.task("scale", DrDamKernels::scale, x, z, n2, rows, d, sqrtBeta);
      return evaluate(g, b, map, beta, t, rows)
          .task("gradient", DrDamKernels::gradient, new KernelContext(), acc, z, s, grad, rows, d,
              sqrtBeta, DeviceMath.clip(map.basis().clip()),
              map.basis().trigonometric() ? 0 : 1);
    }

    /**
     * The tasks from z and n2 to the energies, s and the transpose product acc: what the descent
     * evaluates at every step ({@link DescentKernels#descentStepFeatures} takes the gradient from
     * acc and rescales the next state itself).
     */
    TaskGraph evaluate(TaskGraph g, Build b, FeatureMap map, double beta, float[] t, int rows) {
      int m = map.projections(), code = map.basis().code();
      int paired = map.basis().paired() ? 1 : 0;
      float clip = DeviceMath.clip(map.basis().clip());
      int k0 = org.denseam.rng.Gaussian.key0(map.seed());
      int k1 = org.denseam.rng.Gaussian.key1(map.seed());
      if (lanes) {
        g = proj.forwardCoefficients(g, z, n2, t, slopeLanes, partLanes, code,
                (float) map.scale(), k0, k1, paired)
            .task("energy", DrDamKernels::energyLanes, partLanes, s, energy, rows, proj.nb,
                (float) beta, clip);
        return proj.transposeLanes(g, slopeLanes, acc);
      }
      b.elements("coefficients", m, rows);
      g = proj.forward(g, b, z, h)
          .task("coefficients", DrDamKernels::coefficients, new KernelContext(), h, n2, t,
              value, slope, rows, m, code, (float) map.scale(), k0, k1, paired)
          .task("energy", DrDamKernels::energy, value, s, energy, rows, m, (float) beta, clip);
      return proj.transpose(g, b, slope, acc);
    }

    Object[] scratch() {
      Object[] base = lanes ? new Object[] {z, n2, slopeLanes, partLanes, s, acc}
          : new Object[] {z, n2, h, value, slope, s, acc};
      Object[] extra = proj.scratch();
      Object[] all = Arrays.copyOf(base, base.length + extra.length);
      System.arraycopy(extra, 0, all, base.length, extra.length);
      return all;
    }
  }

  /**
   * Exact LSE buffers and tasks, appended to a graph: {@link LseKernels#partialTiles} and {@link
   * LseKernels#merge} (tiles shape), or {@link LseKernels#partialPanels} and {@link
   * LseKernels#mergePanels} (panels shape, over TornadoVM's off-heap {@link VectorFloat8}s, whose
   * loads and stores compile to vector ones).
   */
  private static final class Lse {
    final float[] pm, ps, energy, grad;
    /** Tiles shape: the running weighted sums, B × C × D; null for panels. */
    final float[] pacc;
    /**
     * Panels shape: the memories in panels of 16 and in rows padded to 8, the running weighted
     * sums (B × C × ⌈D/8⌉ vectors); null for tiles.
     */
    final VectorFloat8 xp, xr, pacc8;
    /** Panels shape: the weights of each work-item's current panel; null for tiles. */
    final float[] wbuf;

    Lse(int rows, int d, float[] xi, int k, boolean panels) {
      org.denseam.Checks.product("device buffer of B x chunks x D", (long) rows * LSE_CHUNKS,
          (d + 7) / 8 * 8);
      pm = new float[rows * LSE_CHUNKS];
      ps = new float[rows * LSE_CHUNKS];
      energy = new float[rows];
      grad = new float[rows * d];
      if (panels) {
        pacc = null;
        xp = new VectorFloat8(FloatArray.fromArray(LseKernels.panels(xi, k, d)));
        xr = new VectorFloat8(FloatArray.fromArray(LseKernels.rows8(xi, k, d)));
        pacc8 = new VectorFloat8(rows * LSE_CHUNKS * ((d + 7) / 8));
        wbuf = new float[LSE_CHUNKS * ((rows + 3) / 4) * 4 * LseKernels.PANEL];
      } else {
        pacc = new float[rows * LSE_CHUNKS * d];
        xp = null;
        xr = null;
        pacc8 = null;
        wbuf = null;
      }
    }

    /** Device buffers besides the queries, the memories and the outputs. */
    Object[] scratch() {
      return xp == null ? new Object[] {pm, ps, pacc}
          : new Object[] {pm, ps, xp, xr, pacc8, wbuf};
    }

    TaskGraph append(TaskGraph g, Build b, ExactPatterns mem, float[] xi, float[] x, int rows) {
      int d = mem.d(), k = mem.k(), dot = mem.similarity() == Similarity.DOT ? 1 : 0;
      float beta = (float) mem.beta();
      if (xp == null) {
        b.grid("partial", LSE_CHUNKS * LseKernels.FLASH_GROUP,
            (rows + LseKernels.TQ - 1) / LseKernels.TQ, LseKernels.FLASH_GROUP, 1);
        return g.task("partial", LseKernels::partialTiles, new KernelContext(), x, xi, pm, ps,
                pacc, rows, k, d, LSE_CHUNKS, beta, dot)
            .task("merge", LseKernels::merge, x, pm, ps, pacc, energy, grad, rows, d,
                LSE_CHUNKS, beta, dot);
      }
      return g.task("partial", LseKernels::partialPanels, x, xr, xp, pm, ps, pacc8, wbuf, rows, k,
              d, LSE_CHUNKS, beta, dot)
          .task("merge", LseKernels::mergePanels, x, pm, ps, pacc8, energy, grad, rows, d,
              LSE_CHUNKS, beta, dot);
    }
  }

  @Override
  public void exact(ExactPatterns memory, double[] x, int batch, double[] energy,
      double[] grad) {
    int d = memory.d();
    record Call(float[] xf, float[] xi, Lse lse) {}
    run(List.of("exact", memory, batch),
        () -> new Call(new float[batch * d], patternsFloat(memory),
            new Lse(batch, d, patternsFloat(memory), memory.k(), shape.panels())),
        (c, b) -> c.lse.append(new TaskGraph(b.name)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, c.xf)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, c.xi)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, c.lse.scratch()),
                b, memory, c.xi, c.xf, batch)
            .transferToHost(DataTransferMode.EVERY_EXECUTION, c.lse.energy, c.lse.grad),
        c -> toFloat(x, c.xf),
        c -> {
          copyOut(c.lse.energy, energy);
          copyOut(c.lse.grad, grad);
        });
  }

  /** The host arrays of an RF or ProcMems graph over {@code rows} inputs. */
  private static final class FeatureCall {
    final float[] xf, z, n2, h, out;
    final Projector proj;

    FeatureCall(FeatureMap map, TornadoShape shape, int rows, int outLength) {
      org.denseam.Checks.product("device buffer of B x projections", rows, map.projections());
      xf = new float[rows * map.d()];
      z = new float[rows * map.d()];
      n2 = new float[rows];
      h = new float[rows * map.projections()];
      out = new float[outLength];
      proj = new Projector(map, shape, rows, false);
    }

    /** Inputs, scaling and projection tasks; the caller appends what uses h. */
    TaskGraph project(Build b, FeatureMap map, double beta, int rows) {
      TaskGraph g = new TaskGraph(b.name)
          .transferToDevice(DataTransferMode.EVERY_EXECUTION, xf)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, z, n2, h)
          .task("scale", DrDamKernels::scale, xf, z, n2, rows, map.d(), (float) Math.sqrt(beta));
      return proj.forward(proj.allocate(g), b, z, h);
    }
  }

  @Override
  public void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    int m = map.projections(), y = map.y();
    org.denseam.Checks.product("features of B x Y", batch, y);
    int k0 = org.denseam.rng.Gaussian.key0(map.seed());
    int k1 = org.denseam.rng.Gaussian.key1(map.seed());
    run(List.of("rf", map, beta, batch), () -> new FeatureCall(map, shape, batch, batch * y),
        (c, b) -> {
          b.elements("features", m, batch);
          return c.project(b, map, beta, batch)
            .task("features", DrDamKernels::features, new KernelContext(), c.h, c.n2, c.out, batch,
                m, y,
                map.basis().code(), (float) map.scale(), k0, k1, map.basis().paired() ? 1 : 0)
            .transferToHost(DataTransferMode.EVERY_EXECUTION, c.out);
        },
        c -> toFloat(x, c.xf),
        c -> copyOut(c.out, phi));
    checkFeatures(map.basis(), phi);
  }

  @Override
  public void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t) {
    int d = map.d(), m = map.projections(), y = map.y(), k = mems.count();
    int block = Math.min(k, MEMORY_BLOCK);
    int k0 = org.denseam.rng.Gaussian.key0(map.seed());
    int k1 = org.denseam.rng.Gaussian.key1(map.seed());
    for (int from = 0; from < k; from += block) {
      int n = Math.min(block, k - from), f0 = from;
      run(List.of("procMems", map, beta, n, sign), () -> new FeatureCall(map, shape, n, y),
          (c, b) -> {
            return c.project(b, map, beta, n)
              .task("accumulate", DrDamKernels::accumulate, c.h, c.n2, c.out, n, m,
                  map.basis().code(), (float) map.scale(), k0, k1,
                  map.basis().paired() ? 1 : 0, (float) sign)
              .transferToHost(DataTransferMode.EVERY_EXECUTION, c.out);
          },
          c -> mems.copy(f0, n, c.xf, 0),
          c -> {
            for (int j = 0; j < y; j++) {
              t[j] += c.out[j];
            }
          }, from == 0);
    }
    checkFeatures(map.basis(), t);
  }

  @Override
  public void gradComp(
      DistributedPatterns memory, double[] x, int batch, double[] energy, double[] grad) {
    FeatureMap map = memory.map();
    double beta = memory.beta();
    double[] t = memory.t();
    // T stays on the device while the same memory comes back: graph 0 uploads it (and is run only
    // when the memory changed), graph 1 evaluates, reading T where graph 0 left it.
    record Call(float[] xf, float[] tf, GradComp gc, DistributedPatterns[] loaded) {}
    run(List.of("gradComp", map, beta, batch),
        () -> new Call(new float[batch * map.d()], new float[map.y()],
            new GradComp(map, shape, batch), new DistributedPatterns[1]),
        (c, b) -> new TaskGraph[] {
            new TaskGraph(b.name + "T")
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, c.tf)
                .task("hold", DrDamKernels::hold, c.tf)
                .persistOnDevice(c.tf),
            c.gc.append(new TaskGraph(b.name)
                .consumeFromDevice(b.name + "T", c.tf)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, c.xf)
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, c.gc.scratch())
                // The energies are recomputed on the host from s (float64): they stay on the device.
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, c.gc.energy),
                b, map, beta, c.tf, c.xf, batch)
            .transferToHost(DataTransferMode.EVERY_EXECUTION, c.gc.grad, c.gc.s)},
        c -> memory.equals(c.loaded[0]) ? new int[] {1} : new int[] {0, 1},
        c -> {
          toFloat(x, c.xf);
          if (!memory.equals(c.loaded[0])) {
            toFloat(t, c.tf);
            c.loaded[0] = memory;
          }
        },
        c -> {
          for (int r = 0; r < batch; r++) {
            map.basis().checkInnerProduct(c.gc.s[r]);
            if (energy != null) {
              energy[r] = org.denseam.features.FeatureKernels.energy(c.gc.s[r], map.basis().clip(),
                  beta);
            }
          }
          copyOut(c.gc.grad, grad);
        }, true);
  }

  @Override
  public void sparseUpdate(
      SparsePatterns memory, double[] q, int batch, double[] weights, double[] next) {
    int n = memory.n(), d = memory.d();
    record Call(float[] qf, float[] xf, float[] theta, float[] p, float[] out) {}
    run(List.of("sparse", memory, batch),
        () -> new Call(new float[batch * d], toFloat(memory.patterns(), n * d),
            new float[batch * n], new float[batch * n], new float[batch * d]),
        (c, b) -> new TaskGraph(b.name)
            .transferToDevice(DataTransferMode.EVERY_EXECUTION, c.qf)
            .transferToDevice(DataTransferMode.FIRST_EXECUTION, c.xf, c.theta)
            .task("scores", SparseKernels::scores, c.xf, c.qf, c.theta, batch, n, d,
                (float) memory.beta())
            .task("entmax", SparseKernels::entmax, c.theta, c.p, batch, n,
                (float) memory.alpha())
            .task("combine", SparseKernels::combine, c.xf, c.p, c.out, batch, n, d)
            .transferToHost(DataTransferMode.EVERY_EXECUTION, c.p, c.out),
        c -> toFloat(q, c.qf),
        c -> {
          copyOut(c.p, weights);
          copyOut(c.out, next);
        });
  }

  /**
   * Runs the whole descent on the device: T (or the memories) and the batch are transferred once,
   * the graph [evaluate, step] executes L + 1 times, and only the final states,
   * energies, steps and (if asked) the trace come back.
   */
  @Override
  public synchronized boolean descend(Energy model, DescentSpec descent, double[] x, int batch,
      double[] energies, int[] taken, List<double[]> traceRows) {
    int d = model.d();
    int steps = descent.steps();
    float[] xf = toFloat(x, batch * d);
    int[] clamp = new int[d];
    boolean[] mask = descent.clamp();
    for (int i = 0; mask != null && i < d; i++) {
      clamp[i] = mask[i] ? 1 : 0;
    }
    float[] prev = new float[batch];
    int[] active = new int[batch];
    Arrays.fill(active, 1);
    int[] iter = new int[batch];
    float[] trace = new float[(steps + 1) * batch];
    Arrays.fill(trace, Float.NaN);
    float tol = (float) descent.tol();

    Build b = new Build("descent" + (++graphs));
    TaskGraph g = new TaskGraph(b.name);
    float eta = (float) descent.eta();
    FeatureMap map = null;
    if (model instanceof DistributedPatterns fm) {
      map = fm.map();
      float[] tf = toFloat(fm.t(), map.y());
      GradComp gc = new GradComp(map, shape, batch);
      float sqrtBeta = (float) Math.sqrt(fm.beta());
      // The first state's scaling; descentStepFeatures scales every later one on the device.
      DrDamKernels.scale(xf, gc.z, gc.n2, batch, d, sqrtBeta);
      g = g.transferToDevice(DataTransferMode.FIRST_EXECUTION, xf, tf)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, gc.scratch())
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, gc.energy)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, prev, active, iter, taken, trace,
              clamp);
      g = gc.evaluate(g, b, map, fm.beta(), tf, batch)
          .task("step", DescentKernels::descentStepFeatures, gc.energy, gc.acc, gc.s, xf, gc.z,
              gc.n2, prev, active, iter, taken, trace, clamp, batch, d, steps, tol, eta, sqrtBeta,
              DeviceMath.clip(map.basis().clip()), map.basis().trigonometric() ? 0 : 1);
    } else if (model instanceof ExactPatterns em) {
      float[] xi = patternsFloat(em);
      Lse lse = new Lse(batch, d, xi, em.k(), shape.panels());
      g = g.transferToDevice(DataTransferMode.FIRST_EXECUTION, xf, xi)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, lse.scratch())
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, lse.energy, lse.grad)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, prev, active, iter, taken, trace,
              clamp);
      g = lse.append(g, b, em, xi, xf, batch)
          .task("step", DescentKernels::descentStep, lse.energy, lse.grad, xf, prev, active, iter,
              taken, trace, clamp, batch, d, steps, tol, eta);
    } else {
      return false;
    }
    g = g.transferToHost(DataTransferMode.UNDER_DEMAND, xf, prev, taken, trace);
    lastDeviceBytes = bytes(g);
    try (TornadoExecutionPlan plan = plan(b, g)) {
      TornadoExecutionResult result = null;
      for (int s = 0; s <= steps; s++) {
        result = execute(plan);
        record(result, s == 0);
      }
      result.transferToHost(xf, prev, taken, trace);
    } catch (Exception e) {
      throw new IllegalStateException("TornadoVM execution failed on " + device + ": " + e, e);
    }
    copyOut(xf, x);
    copyOut(prev, energies);
    if (map != null) {
      checkFeatures(map.basis(), energies);
    }
    if (descent.trace()) {
      int last = 0;
      for (int q = 0; q < batch; q++) {
        last = Math.max(last, taken[q]);
      }
      for (int s = 0; s <= last; s++) {
        double[] row = new double[batch];
        for (int q = 0; q < batch; q++) {
          row[q] = trace[s * batch + q];
        }
        traceRows.add(row);
      }
    }
    return true;
  }

  // ------------------------------------------------------------------- helpers

  /** Bytes of every distinct array a graph's tasks and transfers use. */
  private static long bytes(TaskGraph... graphs) {
    java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    long total = 0;
    for (Object o : Arrays.stream(graphs).flatMap(g -> g.getArgumentsLookup().stream()).toList()) {
      if (seen.add(o)) {
        if (o instanceof float[] f) {
          total += 4L * f.length;
        } else if (o instanceof int[] i) {
          total += 4L * i.length;
        } else if (o instanceof VectorFloat8 v) {
          total += v.getNumBytes();
        }
      }
    }
    return total;
  }

  /** Fills {@code to} with the first {@code to.length} values of {@code from} as floats. */
  private static void toFloat(double[] from, float[] to) {
    for (int i = 0; i < to.length; i++) {
      to[i] = (float) from[i];
    }
  }

  private static float[] toFloat(double[] a, int n) {
    float[] f = new float[n];
    toFloat(a, f);
    return f;
  }

  private static void copyOut(float[] from, double[] to) {
    if (to != null) {
      for (int i = 0; i < to.length; i++) {
        to[i] = from[i];
      }
    }
  }

  private static void checkFeatures(Basis basis, double[] values) {
    for (double v : values) {
      basis.checkFeature(v);
    }
  }

}
