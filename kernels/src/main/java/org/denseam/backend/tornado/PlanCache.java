package org.denseam.backend.tornado;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.denseam.backend.DeviceTimes;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.ProfilerMode;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;

/**
 * The compiled task graphs of one device, kept for reuse under a typed {@link Key}, least recently
 * used evicted first ({@link TornadoBackend#PLAN_CACHE} of them; 0: each is freed after its call).
 * A kept plan keeps its host state and its device buffers. The cache also keeps what the backend
 * reports of its last operation: the device times while profiling is on (per thread), the bytes of
 * its device buffers and the grids of the plan built last.
 *
 * <p>Thread-safe: plans are built and executed one at a time.
 */
final class PlanCache implements AutoCloseable {
  /**
   * The key of a cached plan: keys that are equal (the same operation, model, scalars and sizes)
   * share one plan. Each operation's key is a record of its own, so keys of two operations are
   * never equal.
   */
  interface Key {
    /**
     * The operation's name, the prefix of the names of the graphs built for it.
     *
     * @return the name, e.g. {@code gradComp}
     */
    String operation();
  }

  /**
   * The host state of a plan: the arrays its transfers and tasks are bound to, and the task graphs
   * over them.
   */
  interface Plan {
    /**
     * The task graphs of this plan, built once, when the plan is made.
     *
     * @param b the build: the graphs' name and their grids
     * @return the graphs, in the order of their indices
     */
    TaskGraph[] graphs(GraphBuild b);
  }

  /** A compiled plan, the bytes of its device buffers and its host state. */
  private record Compiled(TornadoExecutionPlan plan, long bytes, Plan state) {}

  private final TornadoDevice device;
  private final LinkedHashMap<Key, Compiled> plans = new LinkedHashMap<>(16, 0.75f, true);
  private final ThreadLocal<DeviceTimes> lastTimes = new ThreadLocal<>();
  private volatile boolean profiling;
  private volatile long lastDeviceBytes;
  /** The grids of the work-group kernels of the plan built last; empty before the first. */
  private volatile GridScheduler lastGrids = new GridScheduler();
  /** Graphs built so far, numbering their names. */
  private long graphs;

  /**
   * An empty cache for a device.
   *
   * @param device the device the plans run on
   */
  PlanCache(TornadoDevice device) {
    this.device = device;
  }

  /**
   * Turns TornadoVM's profiler on or off for the executions that follow.
   *
   * @param on true to record device times
   */
  void profile(boolean on) {
    profiling = on;
  }

  /**
   * The device times of this thread's last call while profiling was on.
   *
   * @return the times, or null if none were recorded
   */
  DeviceTimes lastTimes() {
    return lastTimes.get();
  }

  /**
   * Bytes of the device buffers of the most recent operation.
   *
   * @return bytes of device buffers
   */
  long lastDeviceBytes() {
    return lastDeviceBytes;
  }

  /**
   * The grids of the plan built last, keyed by {@code graph.task}.
   *
   * @return the grids, empty before the first plan
   */
  GridScheduler lastGrids() {
    return lastGrids;
  }

  /**
   * Number of plans kept.
   *
   * @return kept plans
   */
  synchronized int size() {
    return plans.size();
  }

  /** Frees the device buffers of every kept plan. */
  @Override
  public synchronized void close() {
    for (Compiled c : plans.values()) {
      release(c);
    }
    plans.clear();
  }

  /**
   * Runs the plan kept under {@code key}, first making its state ({@code make}), building its
   * graphs and compiling them if there is none: later calls with an equal key reuse the compiled
   * kernels and device buffers. {@code in} fills the state's input arrays before the execution
   * (those transferred at every execution), {@code out} reads its outputs after it.
   *
   * @param <S> the plan's state
   * @param key the plan's key
   * @param make makes the state of a new plan
   * @param in fills the inputs
   * @param out reads the outputs
   * @param firstOfCall whether this execution starts the call (false: its device times are added
   *     to those of the call so far)
   * @throws IllegalStateException if TornadoVM fails to execute the plan (which is then freed)
   */
  <S extends Plan> void run(Key key, Supplier<S> make, Consumer<S> in, Consumer<S> out,
      boolean firstOfCall) {
    run(key, make, null, in, out, firstOfCall);
  }

  /**
   * As {@link #run(Key, Supplier, Consumer, Consumer, boolean)} for a plan of several graphs, of
   * which {@code select} names those to execute this time, in order; it reads the state before
   * {@code in} fills it.
   *
   * @param <S> the plan's state
   * @param key the plan's key
   * @param make makes the state of a new plan
   * @param select the indices of the graphs to execute, in order; null (or a null result): all
   *     of them in order
   * @param in fills the inputs
   * @param out reads the outputs
   * @param firstOfCall whether this execution starts the call (false: its device times are added
   *     to those of the call so far)
   * @throws IllegalStateException if TornadoVM fails to execute the plan (which is then freed)
   */
  synchronized <S extends Plan> void run(Key key, Supplier<S> make, Function<S, int[]> select,
      Consumer<S> in, Consumer<S> out, boolean firstOfCall) {
    Compiled c = plans.get(key);
    if (c == null) {
      S fresh = make.get();
      GraphBuild b = new GraphBuild(key.operation() + (++graphs));
      TaskGraph[] g = fresh.graphs(b);
      c = new Compiled(plan(b, g), bytes(g), fresh);
      plans.put(key, c);
      while (plans.size() > Math.max(1, TornadoBackend.PLAN_CACHE)) {
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
      throw failed(e);
    }
    out.accept(state);
    if (TornadoBackend.PLAN_CACHE == 0) {
      plans.remove(key);
      release(c);
    }
  }

  /**
   * Builds one graph, executes it {@code executions} times (its device times summed as one call's)
   * and brings {@code results} back from the device after the last, then frees it: a plan whose
   * state lives on the device for one call only.
   *
   * @param operation the operation's name, the prefix of the graph's name
   * @param graph builds the graph
   * @param executions executions, 1 or more
   * @param results the arrays to bring back, transferred {@code UNDER_DEMAND} by the graph
   * @throws IllegalStateException if TornadoVM fails to execute the graph
   */
  synchronized void runOnce(String operation, Function<GraphBuild, TaskGraph> graph,
      int executions, Object... results) {
    GraphBuild b = new GraphBuild(operation + (++graphs));
    TaskGraph g = graph.apply(b);
    lastDeviceBytes = bytes(g);
    try (TornadoExecutionPlan plan = plan(b, g)) {
      TornadoExecutionResult result = null;
      for (int s = 0; s < executions; s++) {
        result = execute(plan);
        record(result, s == 0);
      }
      result.transferToHost(results);
    } catch (Exception e) {
      throw failed(e);
    }
  }

  private IllegalStateException failed(Exception e) {
    return new IllegalStateException("TornadoVM execution failed on " + device + ": " + e, e);
  }

  /** An execution plan of graphs on the device (compiled at their first execution). */
  private TornadoExecutionPlan plan(GraphBuild b, TaskGraph... g) {
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

  /** Bytes of every distinct array the graphs' tasks and transfers use. */
  private static long bytes(TaskGraph... graphs) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
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
}
