package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import org.denseam.rng.Gaussian;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;

/**
 * Gaussian products in Ω panels of {@link ProjectionKernels#PW} projections ({@link
 * ProjectionKernels#projectPanels}, {@link ProjectionKernels#backProjectPanels}), work-groups of
 * {@link ProjectionKernels#panelGroup}(D) work-items: the CPU layout where the panels fit D. The
 * transpose product sums {@code slabs} partial products, each of rows × D, in a work buffer.
 *
 * @param map the feature map (Gaussian projections)
 * @param rows inputs per call
 * @param slabs slabs of the transpose product, 0 for a forward-only projector
 * @param part the slabs, slabs × rows × D floats; null for a forward-only projector
 */
record GaussianPanels(FeatureMap map, int rows, int slabs, float[] part)
    implements Projector.Rows {
  /**
   * The panels for {@code rows} inputs.
   *
   * @param map the feature map (Gaussian projections)
   * @param rows inputs per call
   * @param transpose whether the transpose product will be appended (it alone needs the slabs)
   * @return the projector
   * @throws IllegalArgumentException if the slabs would exceed the largest array
   */
  static GaussianPanels of(FeatureMap map, int rows, boolean transpose) {
    if (!transpose) {
      return new GaussianPanels(map, rows, 0, null);
    }
    int slabs = ProjectionKernels.slabs(map.projections());
    return new GaussianPanels(map, rows, slabs, new float[org.denseam.Checks.product(
        "device buffer of slabs x B x D", slabs, (long) rows * map.d())]);
  }

  @Override
  public Object[] scratch() {
    return part != null ? new Object[] {part} : new Object[0];
  }

  @Override
  public TaskGraph forward(TaskGraph g, GraphBuild b, float[] z, float[] h) {
    int d = map.d(), m = map.projections();
    int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
    int group = ProjectionKernels.panelGroup(d);
    b.grid("project", GraphBuild.span(m, ProjectionKernels.PW, group), 1, group, 1);
    return g.task("project", ProjectionKernels::projectPanels, new KernelContext(), z, h, rows, d,
        m, k0, k1);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if this projector was made forward-only (no slabs)
   */
  @Override
  public TaskGraph transpose(TaskGraph g, GraphBuild b, float[] slope, float[] acc) {
    if (part == null) {
      throw new IllegalStateException("panels made for the forward product only have no slabs");
    }
    int d = map.d(), m = map.projections();
    int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
    int group = ProjectionKernels.panelGroup(d);
    b.grid("backProject", slabs * group, 1, group, 1);
    return g.task("backProject", ProjectionKernels::backProjectPanels, new KernelContext(),
            slope, part, rows, d, m, k0, k1, slabs)
        .task("sumSlabs", ProjectionKernels::sumSlabs, part, acc, rows * d, slabs);
  }
}
