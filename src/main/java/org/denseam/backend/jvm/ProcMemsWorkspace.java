package org.denseam.backend.jvm;

/**
 * The per-thread workspace of {@link JvmProcMems} (and of {@link JvmSorf#procMems}), reused across
 * calls. The calling thread's packed memories and sums are shared with the threads running the
 * chunks; the rest is each thread's own.
 */
final class ProcMemsWorkspace {
  /** Of the call: the blocks of stored patterns of one group, each scaled by √β in query panels. */
  float[][] memoryBlocks = new float[0][];
  /** Of the call: squared norms of each packed block's patterns (scaled by √β). */
  float[][] memoryBlockNorms = new float[0][];
  /**
   * Of the call: the features summed over the memories, two per projection (the second for
   * paired bases); for SORF maps, one partial T per chunk of memories.
   */
  double[] sums = new double[0];
  /** Of a chunk: the current projection tile, and its features for a block of memories. */
  final ProjectionTile tile = new ProjectionTile();
  /** Of a chunk: the second feature (sin) of each projection for paired bases, like the scores. */
  float[] pairedFeatures = new float[0];
  /** Of a chunk: the rows of one block of stored patterns, as read from their {@code Rows}. */
  double[] memoryRows = new double[0];
}
