package org.denseam.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM backend's tunables ({@code org.denseam.backend.jvm.JvmBackend}): how many rows of projections (DrDAM) or memories (MrDAM) a tile
 * holds. A tile is sized to stay in the L2 cache: about {@code tileBytes} bytes of rows, a
 * multiple of 3 rows, clamped to [{@code minTileRows}, {@code maxTileRows}].
 *
 * <p>The tile's row count is the only thing these values change: two tile sizes that give the same
 * rows for a dimension give the same bits there. Different rows change the order of the sums over
 * projections or memories, so results differ in the last bits (within the suite's relative 1e-4).
 *
 * @param tileBytes bytes of one tile, about (at least 1024)
 * @param minTileRows fewest rows per tile: shorter contractions leave the transposed product
 *     load-bound (at least 3)
 * @param maxTileRows most rows per tile (at least {@code minTileRows})
 */
public record TileSizes(int tileBytes, int minTileRows, int maxTileRows) {
  /** The built-in choice (suits AVX2 with 512 KiB of L2 per core): 131072 bytes, 63 to 240 rows. */
  public static final TileSizes DEFAULT = new TileSizes(1 << 17, 63, 240);

  /** Validates the values. */
  public TileSizes {
    if (tileBytes < 1024) {
      throw new IllegalArgumentException("tileBytes must be at least 1024, got " + tileBytes);
    }
    if (minTileRows < 3 || maxTileRows < minTileRows) {
      throw new IllegalArgumentException("tile rows must satisfy 3 <= minTileRows <= maxTileRows,"
          + " got " + minTileRows + ".." + maxTileRows);
    }
  }

  /**
   * The tile sizes of this JVM, read once: for each value the system property ({@code
   * denseam.tileBytes}, {@code denseam.minTileRows}, {@code denseam.maxTileRows}) if set, else the
   * tuning file's entry for this machine ({@link MachineKey#jvm}: {@code tileBytes}, {@code
   * minTileRows}, {@code maxTileRows}), else {@link #DEFAULT}'s.
   *
   * Inconsistent values (say a maximum below the minimum) are reported on stderr and replaced by
   * {@link #DEFAULT}, as the tuning file's invalid entries are.
   *
   * @return the configured tile sizes
   */
  public static TileSizes configured() {
    return Configured.SIZES;
  }

  /**
   * The tile sizes a tuning gives (the rule of {@link #configured}, for any tuning file).
   *
   * @param tuning the tuning file's contents
   * @return the tile sizes
   * @throws IllegalArgumentException if the values set are inconsistent
   */
  public static TileSizes of(Tuning tuning) {
    String key = MachineKey.jvm();
    return new TileSizes(
        tuning.intValue(key, "tileBytes", "denseam.tileBytes", DEFAULT.tileBytes),
        tuning.intValue(key, "minTileRows", "denseam.minTileRows", DEFAULT.minTileRows),
        tuning.intValue(key, "maxTileRows", "denseam.maxTileRows", DEFAULT.maxTileRows));
  }

  /**
   * The candidates {@code dam tune --backend jvm} times: tileBytes ∈ {65536, 131072, 262144} ×
   * maxTileRows ∈ {120, 240}, minTileRows at its default (quick: maxTileRows at its default too).
   * The JVM backend's register blocks are generated code, not a candidate.
   *
   * @param quick whether to vary tileBytes only
   * @return the candidates, {@link #DEFAULT} among them
   */
  public static List<TileSizes> candidates(boolean quick) {
    List<TileSizes> out = new ArrayList<>();
    for (int bytes : new int[] {1 << 16, DEFAULT.tileBytes, 1 << 18}) {
      for (int rows : quick ? new int[] {DEFAULT.maxTileRows} : new int[] {120, DEFAULT.maxTileRows}) {
        out.add(new TileSizes(bytes, DEFAULT.minTileRows, rows));
      }
    }
    return out;
  }

  /**
   * Rows per tile for rows of dp floats.
   *
   * @param dp floats per row
   * @return about {@code tileBytes / (4·dp)}, a multiple of 3, clamped to [{@code minTileRows},
   *     {@code maxTileRows}]
   */
  public int rows(int dp) {
    int rows = tileBytes / 4 / dp;
    return Math.max(minTileRows, Math.min(maxTileRows, rows / 3 * 3));
  }

  /**
   * For {@code dam devices}.
   *
   * @return e.g. {@code "tiles of 131072 bytes (63..240 rows)"}
   */
  public String describe() {
    return "tiles of " + tileBytes + " bytes (" + minTileRows + ".." + maxTileRows + " rows)";
  }

  /** Reads {@link #configured} on first use. */
  private static final class Configured {
    static final TileSizes SIZES = read();

    private static TileSizes read() {
      try {
        return of(Tuning.loaded());
      } catch (IllegalArgumentException e) {
        System.err.println("denseam: warning: ignoring the JVM backend's tile sizes ("
            + e.getMessage() + "); using " + DEFAULT.describe());
        return DEFAULT;
      }
    }
  }
}
