package org.denseam.backend.tornado;

import org.denseam.features.FeatureMap;
import org.denseam.rng.Gaussian;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;

/**
 * GradComp's evaluation from the scaled inputs: the projections, the coefficients (the shares of
 * s and the slopes of each projection), the energies and the transpose product acc. Its buffers
 * follow the projector: {@link Rows} for every layout but the SORF lanes, {@link Lanes} for them.
 */
sealed interface Coefficients {
  /**
   * The buffers for {@code rows} inputs of a map under a projector.
   *
   * @param proj the projector
   * @param map the feature map
   * @param rows inputs per call
   * @return the coefficients
   */
  static Coefficients of(Projector proj, FeatureMap map, int rows) {
    int m = map.projections();
    return switch (proj) {
      case SorfLanes l -> new Lanes(l, new VectorFloat8(l.groups() * m),
          new VectorFloat8(l.groups() * l.blocks().nb()));
      case Projector.Rows r -> new Rows(r, new float[rows * m], new float[rows * m],
          new float[rows * m]);
    };
  }

  /**
   * The projector these coefficients are made for.
   *
   * @return the projector
   */
  Projector projector();

  /**
   * The device buffers of the evaluation, besides the inputs, s, acc and the projector's.
   *
   * @return the buffers
   */
  Object[] buffers();

  /**
   * Appends the tasks from z and n2 to the energies, s and the transpose product acc.
   *
   * @param g the graph
   * @param b the build, for the grids of the work-group kernels
   * @param map the feature map
   * @param beta the inverse temperature β
   * @param z the scaled inputs, rows × D
   * @param n2 the inputs' squared norms
   * @param t the memory T
   * @param s the inner products s = <φ(x), T>, rows
   * @param energy the energies, rows
   * @param acc the transpose product, rows × D
   * @param rows inputs per call
   * @return the graph
   */
  TaskGraph evaluate(TaskGraph g, GraphBuild b, FeatureMap map, double beta, float[] z,
      float[] n2, float[] t, float[] s, float[] energy, float[] acc, int rows);

  /**
   * Projections, shares of s and slopes of rows × m floats each, for the layouts whose transpose
   * product reads slopes in rows ({@link Projector.Rows}).
   *
   * @param projector the projector
   * @param h the projections
   * @param value the shares of s
   * @param slope the slopes
   */
  record Rows(Projector.Rows projector, float[] h, float[] value, float[] slope)
      implements Coefficients {
    @Override
    public Object[] buffers() {
      return new Object[] {h, value, slope};
    }

    @Override
    public TaskGraph evaluate(TaskGraph g, GraphBuild b, FeatureMap map, double beta, float[] z,
        float[] n2, float[] t, float[] s, float[] energy, float[] acc, int rows) {
      int m = map.projections(), code = map.basis().code();
      int paired = map.basis().paired() ? 1 : 0;
      float clip = DeviceMath.clip(map.basis().clip());
      int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
      b.elements("coefficients", m, rows);
      g = projector.forward(g, b, z, h)
          .task("coefficients", DrDamKernels::coefficients, new KernelContext(), h, n2, t,
              value, slope, rows, m, code, (float) map.scale(), k0, k1, paired)
          .task("energy", DrDamKernels::energy, value, s, energy, rows, m, (float) beta, clip);
      return projector.transpose(g, b, slope, acc);
    }
  }

  /**
   * The slopes in lane layout (groups × m vectors) and the parts of s (groups × nb vectors), for
   * the SORF lane kernels ({@link SorfLanes}), which fuse the forward transform with the
   * coefficients.
   *
   * @param projector the projector
   * @param slope the slopes in lane layout
   * @param part the parts of s
   */
  record Lanes(SorfLanes projector, VectorFloat8 slope, VectorFloat8 part)
      implements Coefficients {
    @Override
    public Object[] buffers() {
      return new Object[] {slope, part};
    }

    @Override
    public TaskGraph evaluate(TaskGraph g, GraphBuild b, FeatureMap map, double beta, float[] z,
        float[] n2, float[] t, float[] s, float[] energy, float[] acc, int rows) {
      int code = map.basis().code();
      int paired = map.basis().paired() ? 1 : 0;
      float clip = DeviceMath.clip(map.basis().clip());
      int k0 = Gaussian.key0(map.seed()), k1 = Gaussian.key1(map.seed());
      g = projector.forwardCoefficients(g, z, n2, t, slope, part, code, (float) map.scale(), k0,
              k1, paired)
          .task("energy", DrDamKernels::energyLanes, part, s, energy, rows,
              projector.blocks().nb(), (float) beta, clip);
      return projector.transposeLanes(g, slope, acc);
    }
  }
}
