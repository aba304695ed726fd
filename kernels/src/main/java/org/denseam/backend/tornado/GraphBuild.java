package org.denseam.backend.tornado;

import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.WorkerGrid2D;

/**
 * What a task graph is being built with: its unique name and the grids of its work-group kernels
 * (the loop kernels run on TornadoVM's own grids and get none here).
 */
final class GraphBuild {
  /** Work-group width of the one-item-per-element kernels (a multiple of every SIMD width). */
  static final int ELEMENTS = 64;

  /** The graph's name, unique among the graphs of one backend. */
  final String name;
  /** The grids set so far, keyed by {@code name.task}. */
  final GridScheduler grids = new GridScheduler();
  /** Whether any grid was set. */
  boolean any;

  /**
   * A build of the graph named {@code name}.
   *
   * @param name the graph's name, unique among the graphs of one backend
   */
  GraphBuild(String name) {
    this.name = name;
  }

  /**
   * Sets a 2-D grid of gx × gy work-items in work-groups of lx × ly for a task.
   *
   * @param task the task's name within the graph
   * @param gx global work items along x
   * @param gy global work items along y
   * @param lx work-group width
   * @param ly work-group height
   */
  void grid(String task, int gx, int gy, int lx, int ly) {
    WorkerGrid g = new WorkerGrid2D(gx, gy);
    g.setLocalWork(lx, ly, 1);
    grids.addWorkerGrid(name + "." + task, g);
    any = true;
  }

  /**
   * Sets the grid of an element-wise kernel over n × rows elements: one work-item per element, in
   * work-groups of {@link #ELEMENTS} × 1.
   *
   * @param task the task's name within the graph
   * @param n elements per row
   * @param rows rows
   */
  void elements(String task, int n, int rows) {
    grid(task, span(n, ELEMENTS, ELEMENTS), rows, ELEMENTS, 1);
  }

  /**
   * Work-groups of {@code per} items needed for n items, times the work-group width.
   *
   * @param n items
   * @param per items per work-group
   * @param width work-items per work-group
   * @return the global work size
   */
  static int span(int n, int per, int width) {
    return (int) (((long) n + per - 1) / per * width);
  }
}
