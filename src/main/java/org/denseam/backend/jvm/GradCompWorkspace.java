package org.denseam.backend.jvm;

/**
 * The per-thread workspace of {@link JvmGradComp} (and of {@link JvmSorf#gradComp}), reused
 * across calls. The calling thread's queries, T and partial sums are shared with the threads
 * running the chunks; the tile is each thread's own.
 */
final class GradCompWorkspace {
  /** Of the call: the queries Z of one block, scaled by √β, in query panels. */
  final QueryPanels queries = new QueryPanels();
  /** Of the call: the feature-space memory T in float32. */
  float[] floatT = new float[0];
  /** Of the call: each chunk's partial {@code <φ(z_b), T>} per query. */
  float[] chunkEnergy = new float[0];
  /** Of the call: each chunk's partial {@code J_φ(z_b)ᵀ T} per query. */
  float[] chunkGrad = new float[0];
  /** Of a chunk: the current projection tile, and the values then slopes for the block. */
  final ProjectionTile tile = new ProjectionTile();

  /**
   * T as float32, into {@link #floatT}.
   *
   * @param t the feature-space memory T
   * @return {@link #floatT}, its first {@code t.length} floats set
   */
  float[] floatT(double[] t) {
    floatT = Buffers.grow(floatT, t.length);
    float[] tf = floatT;
    for (int j = 0; j < t.length; j++) {
      tf[j] = (float) t[j];
    }
    return tf;
  }
}
