package org.denseam.backend.jvm;

import org.denseam.backend.SparsePatterns;

/**
 * The sparse (α-entmax) update of the JVM backend: the float64 formulas of {@link
 * SparsePatterns}, one query per task on all threads. It has no pooled workspace: each query gets
 * its two arrays of exactly N doubles, whose lengths the entmax maps read.
 */
final class JvmSparseUpdate {
  private final Workers workers;

  /**
   * The sparse update on the given threads.
   *
   * @param workers the backend's threads
   */
  JvmSparseUpdate(Workers workers) {
    this.workers = workers;
  }

  /**
   * Weights and next states of a batch, as {@link org.denseam.backend.Backend#sparseUpdate}
   * documents.
   *
   * @param patterns the stored patterns (N rows of D), β and α
   * @param q queries, B × D row-major
   * @param batch number of queries B
   * @param weights output weights, B × N row-major
   * @param next output next states, B × D row-major
   */
  void sparseUpdate(SparsePatterns patterns, double[] q, int batch, double[] weights,
      double[] next) {
    int n = patterns.n(), d = patterns.d();
    workers.eachIndex(batch, b -> {
      double[] theta = new double[n];
      double[] pb = new double[n];
      patterns.weights(q, b * d, theta, pb);
      System.arraycopy(pb, 0, weights, b * n, n);
      patterns.combine(pb, next, b * d);
    });
  }
}
