package org.denseam.backend.tornado;

import java.util.Arrays;
import java.util.List;
import org.denseam.backend.DescentSpec;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.Energy;
import org.denseam.backend.ExactPatterns;
import org.denseam.features.FeatureMap;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;

/**
 * The whole descent of a batch on the device, built from the evaluation of its model — {@link
 * GradComp#evaluate} for a distributed memory, {@link ExactLse#append} for an exact one — and a
 * step task ({@link DescentKernels}): T (or the memories) and the batch are transferred once, the
 * graph [evaluate, step] executes L + 1 times, and only the final states, energies, steps and (if
 * asked) the trace come back. Its state lives on the device for one call, so its plan is built,
 * run and freed by {@link PlanCache#runOnce}.
 */
final class DescentOperation {
  private final int batch, d, steps;
  private final float tol, eta;
  /** The states, batch × D: the queries, then the final states. */
  private final float[] xf;
  /** 1 for a clamped coordinate, D. */
  private final int[] clamp;
  /** The energies at the previous step, batch. */
  private final float[] prev;
  /** 1 while a query still moves, batch. */
  private final int[] active;
  /** Executions so far per query, batch. */
  private final int[] iter;
  /** Steps taken per query, batch (the caller's array). */
  private final int[] taken;
  /** Energies per step, (L + 1) × batch, NaN where a query had stopped. */
  private final float[] trace;

  private DescentOperation(int d, DescentSpec descent, double[] x, int batch, int[] taken) {
    this.batch = batch;
    this.d = d;
    this.taken = taken;
    steps = descent.steps();
    xf = HostArrays.toFloat(x, batch * d);
    clamp = new int[d];
    boolean[] mask = descent.clamp();
    for (int i = 0; mask != null && i < d; i++) {
      clamp[i] = mask[i] ? 1 : 0;
    }
    prev = new float[batch];
    active = new int[batch];
    Arrays.fill(active, 1);
    iter = new int[batch];
    trace = new float[(steps + 1) * batch];
    Arrays.fill(trace, Float.NaN);
    tol = (float) descent.tol();
    eta = (float) descent.eta();
  }

  /**
   * Runs a descent on the device.
   *
   * @param cache the plans
   * @param shape the backend's shape
   * @param patterns the float32 patterns of exact memories
   * @param model the energy
   * @param descent the descent's parameters
   * @param x the queries, batch × D; the final states on return
   * @param batch queries B
   * @param energies the final energies, batch
   * @param taken the steps each query took, batch
   * @param traceRows receives the energies of every step, if the descent traces them
   * @return false if the model is of a kind this backend does not descend (nothing was done)
   */
  static boolean run(PlanCache cache, TornadoShape shape, FloatPatterns patterns, Energy model,
      DescentSpec descent, double[] x, int batch, double[] energies, int[] taken,
      List<double[]> traceRows) {
    DescentOperation op = new DescentOperation(model.d(), descent, x, batch, taken);
    if (model instanceof DistributedPatterns fm) {
      op.features(cache, shape, fm);
    } else if (model instanceof ExactPatterns em) {
      op.exact(cache, shape, patterns, em);
    } else {
      return false;
    }
    HostArrays.copyOut(op.xf, x);
    HostArrays.copyOut(op.prev, energies);
    if (model instanceof DistributedPatterns fm) {
      HostArrays.checkFeatures(fm.map().basis(), energies);
    }
    if (descent.trace()) {
      op.traceRows(traceRows);
    }
    return true;
  }

  /** The descent over a distributed memory: GradComp's evaluation and the features' step. */
  private void features(PlanCache cache, TornadoShape shape, DistributedPatterns fm) {
    FeatureMap map = fm.map();
    float[] tf = HostArrays.toFloat(fm.t(), map.y());
    GradComp gc = new GradComp(map, shape, batch);
    float sqrtBeta = (float) Math.sqrt(fm.beta());
    // The first state's scaling; descentStepFeatures scales every later one on the device.
    DrDamKernels.scale(xf, gc.z, gc.n2, batch, d, sqrtBeta);
    run(cache, b -> {
      TaskGraph g = new TaskGraph(b.name)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, xf, tf)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, gc.scratch())
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, gc.energy)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, prev, active, iter, taken, trace,
              clamp);
      return gc.evaluate(g, b, map, fm.beta(), tf, batch)
          .task("step", DescentKernels::descentStepFeatures, gc.energy, gc.acc, gc.s, xf, gc.z,
              gc.n2, prev, active, iter, taken, trace, clamp, batch, d, steps, tol, eta, sqrtBeta,
              DeviceMath.clip(map.basis().clip()), map.basis().trigonometric() ? 0 : 1);
    });
  }

  /** The descent over an exact memory: the exact LSE and the gradient step. */
  private void exact(PlanCache cache, TornadoShape shape, FloatPatterns patterns,
      ExactPatterns em) {
    float[] xi = patterns.of(em);
    ExactLse lse = new ExactLse(batch, d, xi, em.k(), shape.panels());
    run(cache, b -> {
      TaskGraph g = new TaskGraph(b.name)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, xf, xi)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, lse.scratch())
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, lse.energy, lse.grad)
          .transferToDevice(DataTransferMode.FIRST_EXECUTION, prev, active, iter, taken, trace,
              clamp);
      return lse.append(g, b, em, xi, xf, batch)
          .task("step", DescentKernels::descentStep, lse.energy, lse.grad, xf, prev, active, iter,
              taken, trace, clamp, batch, d, steps, tol, eta);
    });
  }

  /** Executes [evaluate, step] L + 1 times and brings the results back. */
  private void run(PlanCache cache, java.util.function.Function<GraphBuild, TaskGraph> graph) {
    cache.runOnce("descent",
        b -> graph.apply(b).transferToHost(DataTransferMode.UNDER_DEMAND, xf, prev, taken, trace),
        steps + 1, xf, prev, taken, trace);
  }

  /** Adds a row of energies per step up to the longest descent of the batch. */
  private void traceRows(List<double[]> traceRows) {
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
}
