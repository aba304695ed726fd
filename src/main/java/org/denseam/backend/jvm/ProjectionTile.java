package org.denseam.backend.jvm;

/**
 * The current tile of projections ω_α of one thread and the tile of scores computed from it, the
 * per-thread part of the DrDAM workspaces ({@link RfWorkspace}, {@link ProcMemsWorkspace}, {@link
 * GradCompWorkspace}). {@link ProjectionTiles#load} sets {@link #rows}, {@link #panels} and {@link
 * #shifts} to this tile's own buffers, where it regenerates the projections, or to a cached tile.
 */
final class ProjectionTile {
  /** The tile's projections row-major (row stride {@link ProjectionTiles#rowStride}). */
  float[] rows;
  /** The tile's projections in column panels (panel stride {@code ta·L}). */
  float[] panels;
  /** The Cos shifts b_α of the tile's projections. */
  float[] shifts;

  /** Where the projections are regenerated row-major, when not cached. */
  float[] rowBuffer = new float[0];
  /** Where the projections are regenerated in column panels, when not cached. */
  float[] panelBuffer = new float[0];
  /** Where the Cos shifts are regenerated, when not cached. */
  float[] shiftBuffer = new float[0];
  /** Philox output words of one row of projections. */
  int[] words = new int[0];
  /** Projections h of the tile for a block of inputs, in query panels, overwritten by features. */
  float[] scores = new float[0];

  /**
   * Grows the buffers for tiles of {@code ta} projections of {@code dp} floats and blocks of
   * {@code bp} padded inputs.
   *
   * @param ta projections per tile
   * @param dp padded dimension
   * @param bp padded inputs per block (a multiple of L)
   */
  void fit(int ta, int dp, int bp) {
    panelBuffer = Buffers.grow(panelBuffer, ta * dp);
    rowBuffer = Buffers.grow(rowBuffer, ta * ProjectionTiles.rowStride(dp));
    scores = Buffers.grow(scores, ta * bp);
    shiftBuffer = Buffers.grow(shiftBuffer, ta);
    words = Buffers.grow(words, Math.max(dp, 4));
  }
}
