package org.denseam.backend.jvm;

import org.denseam.features.FeatureKernelsVector;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.rng.GaussianVector;
import org.denseam.backend.TileSizes;

/**
 * RF of the JVM backend: the features {@code φ(x_b)} of a batch. Per block of queries and per tile
 * of projections, {@code H = Ω_tile Z} ({@link Gemm#forward}), then the features of H ({@link
 * FeatureKernelsVector#features}), scattered into φ. Each projection belongs to one chunk, so the
 * result does not depend on the thread count. SORF maps go to {@link JvmSorf#rf}.
 */
final class JvmRf {
  private static final int L = Tiling.L;

  private final Workers workers;
  private final ProjectionTiles projections;
  private final TileSizes tiles;
  private final ThreadLocal<RfWorkspace> workspace = ThreadLocal.withInitial(RfWorkspace::new);

  /**
   * RF on the given threads and projection tiles.
   *
   * @param workers the backend's threads
   * @param projections the backend's source of projection tiles
   * @param tiles the backend's tile sizes
   */
  JvmRf(Workers workers, ProjectionTiles projections, TileSizes tiles) {
    this.workers = workers;
    this.projections = projections;
    this.tiles = tiles;
  }

  /**
   * The features of a batch, as {@link org.denseam.backend.Backend#rf} documents.
   *
   * @param map the feature map
   * @param beta inverse temperature β
   * @param x queries, B × D row-major
   * @param batch number of queries B
   * @param phi output features, B × Y row-major
   */
  void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    if (map.projection() == Projection.SORF) {
      JvmSorf.rf(map, beta, x, batch, phi, workers::eachIndex);
      return;
    }
    int d = map.d(), y = map.y(), m = map.projections(), code = map.basis().code();
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    int dp = GaussianVector.paddedDim(d);
    int ta = tiles.rows(dp);
    int chunks = Tiling.chunkCount(m);
    RfWorkspace call = workspace.get();
    double sqrtBeta = Math.sqrt(beta);
    for (int from = 0; from < batch; from += Tiling.QUERY_BLOCK) {
      int n = Math.min(Tiling.QUERY_BLOCK, batch - from), f0 = from;
      int panels = Gemm.panels(n), bp = panels * L;
      call.queries.pack(x, from, n, d, dp, sqrtBeta, true);
      float[] z = call.queries.values, n2 = call.queries.norms;
      workers.parallel(chunks, workspace::get, (ch, w) -> {
        int hs = ta * L;
        ProjectionTile s = w.tile;
        s.fit(ta, dp, bp);
        w.pairedFeatures = Buffers.grow(w.pairedFeatures, ta * bp);
        for (int a0 = Tiling.chunkStart(m, chunks, ch), hi = Tiling.chunkStart(m, chunks, ch + 1);
            a0 < hi; a0 += ta) {
          int rows = Math.min(ta, hi - a0);
          projections.load(map, a0, rows, ta, dp, s);
          Gemm.forward(s.rows, 0, ProjectionTiles.rowStride(dp), rows, dp, z, dp * L, panels,
              s.scores, hs);
          FeatureKernelsVector.features(code, c, s.scores, hs, rows, bp, s.shifts, n2,
              w.pairedFeatures);
          for (int r = 0; r < rows; r++) {
            int alpha = a0 + r;
            for (int b = 0; b < n; b++) {
              int po = (f0 + b) * y, o = Tiling.at(r, b, hs);
              if (paired) {
                phi[po + 2 * alpha] = s.scores[o];
                phi[po + 2 * alpha + 1] = w.pairedFeatures[o];
              } else {
                phi[po + alpha] = s.scores[o];
              }
            }
          }
        }
      });
    }
    if (!map.basis().trigonometric()) {
      for (int i = 0; i < batch * y; i++) {
        map.basis().checkFeature(phi[i]);
      }
    }
  }
}
