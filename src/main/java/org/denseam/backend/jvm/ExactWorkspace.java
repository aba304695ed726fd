package org.denseam.backend.jvm;

/**
 * The per-thread workspace of {@link JvmExact}, reused across calls. The calling thread's queries
 * and chunk states are shared with the threads running the chunks and merging them; the rest is
 * each thread's own.
 */
final class ExactWorkspace {
  /** Of the call: the queries of one block in query panels (not scaled, not permuted). */
  final QueryPanels queries = new QueryPanels();
  /** Of the call: each chunk's running maximum score per query. */
  float[] chunkMax = new float[0];
  /** Of the call: each chunk's running sum of exponentials per query. */
  float[] chunkSum = new float[0];
  /** Of the call: each chunk's memory of the maximum score per query (-1 for none). */
  int[] chunkArgmax = new int[0];
  /** Of the call: each chunk's softmax-weighted sum of the memories for every query. */
  float[] chunkWeighted = new float[0];
  /** Of the call: per query, the factor {@code exp(m_c - max)} of each chunk's state. */
  double[] chunkFactors = new double[0];
  /** Of a chunk: the scores of a tile for the block in query panels, overwritten by weights. */
  float[] scores = new float[0];
  /** Of a chunk: per-query factors that rescale the chunk's accumulators to a new maximum. */
  float[] rescale = new float[0];
  /** Of a chunk: the tile of stored patterns, row-major, when copied. */
  float[] patternRows = new float[0];
  /** Of a chunk: the tile of stored patterns in column panels, for the weighted sums. */
  float[] patternPanels = new float[0];
  /** Of a chunk: the tile's score offsets (−β/2 ||ξ_μ||² or 0). */
  float[] scoreOffsets = new float[0];
  /** Of a query: the pattern of its largest score, in float64. */
  double[] bestRow = new double[0];
}
