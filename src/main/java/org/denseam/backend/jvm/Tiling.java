package org.denseam.backend.jvm;

import org.denseam.backend.MachineKey;
import org.denseam.backend.TileSizes;
import org.denseam.backend.Tuning;

/**
 * How the JVM backend cuts its work: into chunks of projections (DrDAM) or memories (MrDAM) whose
 * number depends only on the problem size, never on the thread count, into tiles that stay in the
 * L2 cache, and into blocks of queries. Also the offsets of the query-panel layout of {@link
 * Gemm}.
 *
 * <p>The rows of a tile are a tunable of each backend ({@link TileSizes}). The register blocks of
 * {@link Gemm} are generated code (scripts/gen_gemm.py), not a runtime choice.
 */
final class Tiling {
  /** Upper bound of the number of chunks per pass; fixed so results do not depend on threads. */
  static final int CHUNKS = 8;
  /** Smallest number of projections or memories worth a chunk of its own. */
  static final int MIN_CHUNK = 96;
  /** Queries (and ProcMems memories) per pass; bounds the per-chunk partial state. */
  static final int QUERY_BLOCK = 256;
  /** Queries per panel: the vector width in floats ({@link Gemm#L}). */
  static final int L = Gemm.L;

  private Tiling() {}

  /**
   * The tuning in use, for {@code dam devices}: vector width, the configured tile sizes, and the
   * tuning file if it has entries for this machine.
   *
   * @return e.g. {@code "8-float vectors, tiles of 131072 bytes (63..240 rows), untuned"}
   */
  static String describe() {
    Tuning t = Tuning.loaded();
    String prefix = MachineKey.jvm() + "/";
    boolean tuned = t.entries().keySet().stream().anyMatch(k -> k.startsWith(prefix));
    return L + "-float vectors, " + TileSizes.configured().describe() + ", "
        + (tuned ? "tuned by " + t.file() : "untuned");
  }

  /**
   * Number of chunks for n projections or memories: depends on n only.
   *
   * @param n projections or memories
   * @return between 1 and {@link #CHUNKS}
   */
  static int chunkCount(int n) {
    return Math.max(1, Math.min(CHUNKS, n / MIN_CHUNK));
  }

  /**
   * First item of chunk c of {@code chunks} over n items.
   *
   * @param n items
   * @param chunks chunks
   * @param c the chunk, from 0 to {@code chunks} (the end of the last one)
   * @return {@code ⌊n·c / chunks⌋}
   */
  static int chunkStart(int n, int chunks, int c) {
    return (int) ((long) n * c / chunks);
  }

  /**
   * Offset of element (r, b) of a tile in query panels of stride hs (see {@link Gemm}).
   *
   * @param r row of the tile (projection or memory)
   * @param b query
   * @param hs panel stride
   * @return {@code (b / L)·hs + r·L + b mod L}
   */
  static int at(int r, int b, int hs) {
    return (b / L) * hs + r * L + b % L;
  }
}
