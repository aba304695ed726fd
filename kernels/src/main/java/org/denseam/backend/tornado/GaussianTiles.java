package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import org.denseam.rng.Gaussian;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * Gaussian products in local-memory tiles ({@link ProjectionKernels#projectTiles}, {@link
 * ProjectionKernels#backProjectTiles}): work-groups of LX × LY work-items, each computing 4·LY
 * inputs × 4·LX outputs. The GPU layout, and the CPU's where the panels do not fit D. No work
 * buffers.
 *
 * @param map the feature map (Gaussian projections)
 * @param lx work-group width LX
 * @param ly work-group height LY
 * @param rows inputs per call
 */
record GaussianTiles(FeatureMap map, int lx, int ly, int rows) implements Projector.Rows {
  @Override
  public Object[] scratch() {
    return new Object[0];
  }

  @Override
  public TaskGraph forward(TaskGraph g, GraphBuild b, float[] z, float[] h) {
    int d = map.d(), m = map.projections();
    int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
    b.grid("project", GraphBuild.span(m, 4 * lx, lx), GraphBuild.span(rows, 4 * ly, ly), lx, ly);
    return g.task("project", ProjectionKernels::projectTiles, new KernelContext(), z, h, rows,
        d, m, k0, k1);
  }

  @Override
  public TaskGraph transpose(TaskGraph g, GraphBuild b, float[] slope, float[] acc) {
    int d = map.d(), m = map.projections();
    int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
    b.grid("backProject", GraphBuild.span(d, 4 * lx, lx), GraphBuild.span(rows, 4 * ly, ly), lx,
        ly);
    return g.task("backProject", ProjectionKernels::backProjectTiles, new KernelContext(),
        slope, acc, rows, d, m, k0, k1);
  }
}
