package org.denseam.backend.jvm;

import java.util.Arrays;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.TileSizes;
import org.denseam.features.Basis;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureKernelsVector;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.rng.GaussianVector;

/**
 * GradComp of the JVM backend: the energy and gradient of a DrDAM memory T for a batch. Per block
 * of queries and per tile of projections, {@code H = Ω_tile Z} ({@link Gemm#forward}), the values
 * {@code <φ(z_b), T>} and slopes ({@link FeatureKernelsVector#valueSlope}), and {@code J_φᵀT +=
 * Ω_tileᵀ S} ({@link Gemm#backward}). Each chunk of projections keeps its partial sums, merged in
 * chunk order per query, so the result does not depend on the thread count. SORF maps go to {@link
 * JvmSorf#gradComp}.
 */
final class JvmGradComp {
  private static final int L = Tiling.L;

  private final Workers workers;
  private final ProjectionTiles projections;
  private final TileSizes tiles;
  private final ThreadLocal<GradCompWorkspace> workspace =
      ThreadLocal.withInitial(GradCompWorkspace::new);

  /**
   * GradComp on the given threads and projection tiles.
   *
   * @param workers the backend's threads
   * @param projections the backend's source of projection tiles
   * @param tiles the backend's tile sizes
   */
  JvmGradComp(Workers workers, ProjectionTiles projections, TileSizes tiles) {
    this.workers = workers;
    this.projections = projections;
    this.tiles = tiles;
  }

  /**
   * Energies and gradients of a batch, as {@link org.denseam.backend.Backend#gradComp} documents.
   *
   * @param memory the DrDAM memory: feature map, β and T
   * @param x queries, B × D row-major
   * @param batch number of queries B
   * @param energy output energies (B), or null
   * @param grad output gradients (B × D row-major), or null
   */
  void gradComp(DistributedPatterns memory, double[] x, int batch, double[] energy,
      double[] grad) {
    FeatureMap map = memory.map();
    double beta = memory.beta();
    double[] t = memory.t();
    if (map.projection() == Projection.SORF) {
      JvmSorf.gradComp(map, beta, t, x, batch, energy, grad, workspace.get(), workers::eachIndex);
      return;
    }
    int d = map.d(), m = map.projections(), code = map.basis().code();
    Basis basis = map.basis();
    float c = (float) map.scale();
    int dp = GaussianVector.paddedDim(d);
    int ta = tiles.rows(dp);
    int chunks = Tiling.chunkCount(m);
    double sqrtBeta = Math.sqrt(beta);
    GradCompWorkspace call = workspace.get();
    float[] tf = call.floatT(t);
    for (int from = 0; from < batch; from += Tiling.QUERY_BLOCK) {
      int n = Math.min(Tiling.QUERY_BLOCK, batch - from);
      int panels = Gemm.panels(n), bp = panels * L;
      call.chunkEnergy = Buffers.grow(call.chunkEnergy, chunks * bp);
      call.chunkGrad = Buffers.grow(call.chunkGrad, chunks * n * dp);
      call.queries.pack(x, from, n, d, dp, sqrtBeta, true);
      float[] z = call.queries.values, n2 = call.queries.norms;
      float[] sPart = call.chunkEnergy, gPart = call.chunkGrad;
      workers.parallel(chunks, workspace::get, (ch, w) -> {
        int hs = ta * L;
        ProjectionTile s = w.tile;
        s.fit(ta, dp, bp);
        Arrays.fill(sPart, ch * bp, (ch + 1) * bp, 0f);
        Arrays.fill(gPart, ch * n * dp, (ch + 1) * n * dp, 0f);
        for (int a0 = Tiling.chunkStart(m, chunks, ch), hi = Tiling.chunkStart(m, chunks, ch + 1);
            a0 < hi; a0 += ta) {
          int rows = Math.min(ta, hi - a0);
          projections.load(map, a0, rows, ta, dp, s);
          Gemm.forward(s.rows, 0, ProjectionTiles.rowStride(dp), rows, dp, z, dp * L, panels,
              s.scores, hs);
          FeatureKernelsVector.valueSlope(code, c, s.scores, hs, rows, bp, tf, a0, s.shifts, n2,
              sPart, ch * bp);
          Gemm.backward(s.scores, hs, s.panels, 0, ta * L, rows, n, dp / L, gPart, ch * n * dp,
              dp);
        }
      });
      int f0 = from;
      workers.forEachQuery(n, r -> {
        int b = f0 + r;
        double sv = 0;
        for (int ch = 0; ch < chunks; ch++) {
          sv += sPart[ch * bp + r];
        }
        basis.checkInnerProduct(sv);
        boolean clipped = sv < basis.clip();
        if (energy != null) {
          energy[b] = (float) FeatureKernels.energy(sv, basis.clip(), beta);
        }
        if (grad != null) {
          for (int i = 0; i < d; i++) {
            int k = r * dp + GaussianVector.permuted(i);
            double jt = 0;
            for (int ch = 0; ch < chunks; ch++) {
              jt += gPart[ch * n * dp + k];
            }
            if (!basis.trigonometric()) {
              jt -= 2.0 * (float) (sqrtBeta * x[b * d + i]) * sv;
            }
            grad[b * d + i] = clipped ? 0.0 : (float) (-jt / (sqrtBeta * sv));
          }
        }
      });
    }
  }
}
