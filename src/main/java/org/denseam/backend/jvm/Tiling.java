package org.denseam.backend.jvm;

import org.denseam.backend.MachineKey;
import org.denseam.backend.Tuning;

/**
 * How the JVM backend cuts its work: into chunks of projections (DrDAM) or memories (MrDAM) whose
 * number depends only on the problem size, never on the thread count, into tiles that stay in the
 * L2 cache, and into blocks of queries. Also the offsets of the query-panel layout of {@link
 * Gemm}.
 *
 * <p>Tuning (defaults suit AVX2 with 512 KiB of L2 per core): {@code denseam.tileBytes} (bytes of
 * a projection or memory tile, 131072), {@code denseam.minTileRows} (63) and {@code
 * denseam.maxTileRows} (240). Each is read once, at class initialisation: the system property if
 * set, else the tuning file's entry ({@code tileBytes}, {@code minTileRows}, {@code maxTileRows})
 * for this machine ({@link MachineKey#jvm}), else the default ({@link Tuning}). The register
 * blocks of {@link Gemm} are generated code (scripts/gen_gemm.py), not a runtime choice.
 */
final class Tiling {
  /** Upper bound of the number of chunks per pass; fixed so results do not depend on threads. */
  static final int CHUNKS = 8;
  /** Smallest number of projections or memories worth a chunk of its own. */
  static final int MIN_CHUNK = 96;
  /** Queries (and ProcMems memories) per pass; bounds the per-chunk partial state. */
  static final int QUERY_BLOCK = 256;
  /** Bytes of one tile of projections or memories, sized to stay in the L2 cache. */
  static final int TILE_BYTES = tunable("tileBytes", 1 << 17);

  /** Fewest rows per tile: shorter contractions leave the transposed product load-bound. */
  static final int MIN_TILE_ROWS = tunable("minTileRows", 63);
  /** Most rows per tile. */
  static final int MAX_TILE_ROWS = tunable("maxTileRows", 240);

  /** Queries per panel: the vector width in floats ({@link Gemm#L}). */
  static final int L = Gemm.L;

  private Tiling() {}

  /**
   * The tuning in use, for {@code dam devices}: vector width, tile bytes and row bounds, and the
   * tuning file if it has entries for this machine.
   *
   * @return e.g. {@code "8-float vectors, tiles of 131072 bytes (63..240 rows), untuned"}
   */
  static String describe() {
    Tuning t = Tuning.loaded();
    String prefix = MachineKey.jvm() + "/";
    boolean tuned = t.entries().keySet().stream().anyMatch(k -> k.startsWith(prefix));
    return L + "-float vectors, tiles of " + TILE_BYTES + " bytes (" + MIN_TILE_ROWS + ".."
        + MAX_TILE_ROWS + " rows), " + (tuned ? "tuned by " + t.file() : "untuned");
  }

  /** A tunable: property {@code denseam.NAME}, else the tuning file's entry, else fallback. */
  private static int tunable(String name, int fallback) {
    return Tuning.loaded().intValue(MachineKey.jvm(), name, "denseam." + name, fallback);
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
   * Rows per tile for rows of dp floats: about {@link #TILE_BYTES}, a multiple of 3, clamped to
   * [{@link #MIN_TILE_ROWS}, {@link #MAX_TILE_ROWS}].
   *
   * @param dp floats per row
   * @return rows per tile
   */
  static int tileRows(int dp) {
    int rows = TILE_BYTES / 4 / dp;
    return Math.max(MIN_TILE_ROWS, Math.min(MAX_TILE_ROWS, rows / 3 * 3));
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
