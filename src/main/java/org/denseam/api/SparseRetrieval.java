package org.denseam.api;

/**
 * The outcome of CCCP retrieval in a sparse memory ({@link SparseStore#converge}): the final
 * states, the weights at them, the updates each query took and whether it converged. Immutable
 * once returned; the accessors return the record's own arrays, which callers own.
 *
 * @param states the final states {@code q*}, one per query (B vectors of dimension D)
 * @param weights the weights {@code p* = α-entmax(β X q*)} at the final states, B × N row-major,
 *     as computed: not checked, so a value is NaN or infinite where {@code β X q*} leaves the
 *     floating-point range; at a fixed point {@code q* = Xᵀ p*}
 * @param steps the number of updates each query took, length B
 * @param converged whether each query met the convergence test (false: it stopped at the update
 *     limit), length B
 */
public record SparseRetrieval(
    Vectors states, double[] weights, int[] steps, boolean[] converged) {
  /**
   * The number of queries that did not converge within the update limit.
   *
   * @return how many entries of {@link #converged()} are false
   */
  public int notConverged() {
    int k = 0;
    for (boolean c : converged) {
      k += c ? 0 : 1;
    }
    return k;
  }
}
