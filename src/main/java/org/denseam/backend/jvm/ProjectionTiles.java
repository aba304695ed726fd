package org.denseam.backend.jvm;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.rng.Gaussian;
import org.denseam.rng.GaussianVector;

/**
 * Where the DrDAM operations get their tiles of projections ω_α: regenerated into the thread's
 * {@link ProjectionTile} ({@link GaussianVector}: vectorised Philox and Box-Muller), or, when a
 * cache is configured, kept between calls up to its size in bytes (same values either way).
 * Thread-safe.
 */
final class ProjectionTiles {
  private static final int L = Tiling.L;

  private final long cacheLimit;
  private final ConcurrentHashMap<TileKey, float[][]> cache = new ConcurrentHashMap<>();
  private final AtomicLong cacheUsed = new AtomicLong();

  /**
   * Tiles with a cache of up to {@code cacheLimit} bytes.
   *
   * @param cacheLimit bytes of projection tiles to keep, 0 for none
   */
  ProjectionTiles(long cacheLimit) {
    this.cacheLimit = cacheLimit;
  }

  /** Empties the cache. */
  void clear() {
    cache.clear();
  }

  /**
   * Row stride of the row-major copy of a projection tile (off powers of two: cache sets).
   *
   * @param dp padded dimension
   * @return {@code dp + L}
   */
  static int rowStride(int dp) {
    return dp + L;
  }

  /**
   * Makes projections {@code [a0, a0 + rows)} the current tile of {@code s}: row-major in {@code
   * s.rows} (row stride {@link #rowStride}) for {@link Gemm#forward}, in column panels in {@code
   * s.panels} (panel stride {@code ta·L}) for {@link Gemm#backward}, and for Cos features their
   * shifts in {@code s.shifts}. The tile is regenerated into the thread's buffers (grown by {@link
   * ProjectionTile#fit}), or taken from the cache when one is configured (same values either
   * way).
   *
   * @param map the feature map (seed, basis, number of projections)
   * @param a0 first projection of the tile
   * @param rows projections in the tile, at most ta
   * @param ta projections per tile
   * @param dp padded dimension
   * @param s the thread's tile
   */
  void load(FeatureMap map, int a0, int rows, int ta, int dp, ProjectionTile s) {
    if (cacheLimit > 0) {
      TileKey key = new TileKey(map.seed(), map.basis().code(), dp, map.projections(), a0);
      float[][] t = cache.get(key);
      if (t == null) {
        long bytes = 4L * (ta * (long) rowStride(dp) + (long) ta * dp + ta);
        if (cacheUsed.addAndGet(bytes) <= cacheLimit) {
          float[][] fresh = {new float[ta * rowStride(dp)], new float[ta * dp], new float[ta]};
          generate(map, a0, rows, ta, dp, fresh[0], fresh[1], fresh[2], s.words);
          t = cache.putIfAbsent(key, fresh);
          if (t == null) {
            t = fresh;
          } else {
            cacheUsed.addAndGet(-bytes);
          }
        } else {
          cacheUsed.addAndGet(-bytes);
        }
      }
      if (t != null) {
        s.rows = t[0];
        s.panels = t[1];
        s.shifts = t[2];
        return;
      }
    }
    generate(map, a0, rows, ta, dp, s.rowBuffer, s.panelBuffer, s.shiftBuffer, s.words);
    s.rows = s.rowBuffer;
    s.panels = s.panelBuffer;
    s.shifts = s.shiftBuffer;
  }

  /** Regenerates projections {@code [a0, a0 + rows)} into the two layouts and the shifts. */
  private static void generate(FeatureMap map, int a0, int rows, int ta, int dp, float[] rowMajor,
      float[] panels, float[] bias, int[] words) {
    int ld = rowStride(dp);
    for (int r = 0; r < rows; r++) {
      GaussianVector.row(map.seed(), a0 + r, dp, rowMajor, r * ld, L, panels, r * L, ta * L, words);
    }
    if (map.basis() == Basis.COS) {
      for (int r = 0; r < rows; r++) {
        bias[r] = (float) Gaussian.bias(map.seed(), a0 + r);
      }
    }
  }

  /** A tile of projections: seed, basis, padded D, number of projections, first projection. */
  private record TileKey(long seed, int basis, int dp, int m, int a0) {}
}
