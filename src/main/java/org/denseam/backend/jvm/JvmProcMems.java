package org.denseam.backend.jvm;

import java.util.Arrays;
import org.denseam.backend.Rows;
import org.denseam.backend.TileSizes;
import org.denseam.features.FeatureKernelsVector;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.rng.GaussianVector;

/**
 * ProcMems of the JVM backend: {@code T += sign · Σ_μ φ(ξ_μ)}. The memories are packed a group of
 * blocks at a time (about {@link #PROC_MEMS_BYTES}, blocks of {@link Tiling#QUERY_BLOCK}), and
 * every projection tile, regenerated once per group, is folded with all of them: working memory
 * O(Y + group·D), independent of K. Each feature belongs to one chunk, which sums it over the
 * memories in a fixed order, so the result does not depend on the thread count. SORF maps go to
 * {@link JvmSorf#procMems}.
 */
final class JvmProcMems {
  /** Bytes of stored patterns that ProcMems packs at once and folds into every projection tile. */
  static final int PROC_MEMS_BYTES = 1 << 22;

  private static final int L = Tiling.L;

  private final Workers workers;
  private final ProjectionTiles projections;
  private final TileSizes tiles;
  private final ThreadLocal<ProcMemsWorkspace> workspace =
      ThreadLocal.withInitial(ProcMemsWorkspace::new);

  /**
   * ProcMems on the given threads and projection tiles.
   *
   * @param workers the backend's threads
   * @param projections the backend's source of projection tiles
   * @param tiles the backend's tile sizes
   */
  JvmProcMems(Workers workers, ProjectionTiles projections, TileSizes tiles) {
    this.workers = workers;
    this.projections = projections;
    this.tiles = tiles;
  }

  /**
   * Adds the memories' features to T, as {@link org.denseam.backend.Backend#procMems} documents.
   *
   * @param map the feature map
   * @param beta inverse temperature β
   * @param mems the memories ξ_μ, K rows of D
   * @param sign +1 to store, -1 to remove
   * @param t the feature-space memory T, of length Y, updated in place
   */
  void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t) {
    if (map.projection() == Projection.SORF) {
      JvmSorf.procMems(map, beta, mems, sign, t, workspace.get(), workers::eachIndex);
      return;
    }
    int d = map.d(), m = map.projections(), code = map.basis().code(), k = mems.count();
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    int dp = GaussianVector.paddedDim(d);
    int ta = tiles.rows(dp);
    int chunks = Tiling.chunkCount(m);
    double sqrtBeta = Math.sqrt(beta);
    int block = Math.min(k, Tiling.QUERY_BLOCK);
    int bpMax = Gemm.panels(block) * L;
    int packed = Gemm.panels(block) * dp * L;
    // Memories are packed a group of blocks at a time (about PROC_MEMS_BYTES), and every
    // projection tile, regenerated once per group, is folded with all of them.
    int group = Math.max(1, Math.min((k + block - 1) / block, PROC_MEMS_BYTES / 4 / packed));
    ProcMemsWorkspace call = workspace.get();
    call.memoryBlocks = Buffers.grow(call.memoryBlocks, group, packed);
    call.memoryBlockNorms = Buffers.grow(call.memoryBlockNorms, group, bpMax);
    call.sums = Buffers.grow(call.sums, 2 * m);
    float[][] z = call.memoryBlocks, n2 = call.memoryBlockNorms;
    double[] sums = call.sums;
    Arrays.fill(sums, 0, 2 * m, 0.0);
    for (int g0 = 0; g0 < k; g0 += group * block) {
      int first = g0, blocks = (Math.min(k, g0 + group * block) - g0 + block - 1) / block;
      workers.parallel(blocks, workspace::get, (j, w) -> {
        int from = first + j * block, n = Math.min(block, k - from);
        w.memoryRows = Buffers.grow(w.memoryRows, n * d);
        mems.copy(from, n, w.memoryRows, 0);
        QueryPanels.pack(w.memoryRows, 0, n, d, dp, sqrtBeta, true, z[j], n2[j]);
      });
      // Each feature belongs to one chunk, which sums it over the memories in a fixed order
      // (block by block, from the first memory): the result does not depend on the thread count.
      workers.parallel(chunks, workspace::get, (ch, w) -> {
        int hs = ta * L;
        ProjectionTile s = w.tile;
        s.fit(ta, dp, bpMax);
        w.pairedFeatures = Buffers.grow(w.pairedFeatures, ta * bpMax);
        for (int a0 = Tiling.chunkStart(m, chunks, ch), hi = Tiling.chunkStart(m, chunks, ch + 1);
            a0 < hi; a0 += ta) {
          int rows = Math.min(ta, hi - a0);
          projections.load(map, a0, rows, ta, dp, s);
          for (int j = 0; j < blocks; j++) {
            int n = Math.min(block, k - first - j * block);
            int panels = Gemm.panels(n), bp = panels * L;
            Gemm.forward(s.rows, 0, ProjectionTiles.rowStride(dp), rows, dp, z[j], dp * L, panels,
                s.scores, hs);
            FeatureKernelsVector.features(code, c, s.scores, hs, rows, bp, s.shifts, n2[j],
                w.pairedFeatures);
            for (int r = 0; r < rows; r++) {
              int alpha = a0 + r;
              sums[2 * alpha] += FeatureKernelsVector.rowSum(s.scores, hs, r, n);
              if (paired) {
                sums[2 * alpha + 1] += FeatureKernelsVector.rowSum(w.pairedFeatures, hs, r, n);
              }
            }
          }
        }
      });
    }
    for (int alpha = 0; alpha < m; alpha++) {
      if (paired) {
        t[2 * alpha] += sign * sums[2 * alpha];
        t[2 * alpha + 1] += sign * sums[2 * alpha + 1];
      } else {
        t[alpha] += sign * sums[2 * alpha];
      }
    }
    if (!map.basis().trigonometric()) {
      for (double v : t) {
        map.basis().checkFeature(v);
      }
    }
  }
}
