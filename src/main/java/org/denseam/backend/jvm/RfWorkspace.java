package org.denseam.backend.jvm;

/**
 * The per-thread workspace of {@link JvmRf}, reused across calls. The calling thread's {@link
 * #queries} are shared with the threads running the chunks; the rest is each thread's own.
 */
final class RfWorkspace {
  /** Of the call: the queries Z of one block, scaled by √β, in query panels. */
  final QueryPanels queries = new QueryPanels();
  /** Of a chunk: the current projection tile, and its features for the block. */
  final ProjectionTile tile = new ProjectionTile();
  /** Of a chunk: the second feature (sin) of each projection for paired bases, like the scores. */
  float[] pairedFeatures = new float[0];
}
