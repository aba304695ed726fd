package org.denseam.backend;

/**
 * The stored patterns of an exact memory (MrDAM) with its β and similarity: what {@link
 * Backend#exact} evaluates the log-sum-exp energy of.
 *
 * <p>A value that is never modified: the patterns are shared, not copied, and neither the model
 * that made it nor a backend may write to them. They are kept in their own precision and place
 * ({@link Rows}: a float32 or float64 array, or a file streamed through), so a backend reads them
 * in blocks as it computes. Two instances are equal only if they hold the same {@link Rows}
 * instance (and the same β and similarity), so a backend may key what it derives from the patterns
 * (device buffers) on the instance.
 *
 * @param patterns the K × D patterns ξ_μ (shared: must not be modified)
 * @param beta inverse temperature β
 * @param similarity L2 or DOT
 */
public record ExactPatterns(Rows patterns, double beta, Similarity similarity) implements Energy {
  /**
   * Checks that the patterns and the similarity are given; the values themselves are the model's
   * to validate (or, for rows read from a file, the reader's, as they stream).
   *
   * @throws IllegalArgumentException if the patterns or the similarity are null
   */
  public ExactPatterns {
    if (patterns == null) {
      throw new IllegalArgumentException("patterns must be given");
    }
    if (similarity == null) {
      throw new IllegalArgumentException("similarity must be given");
    }
  }

  /**
   * Patterns over a float64 array (shared, not copied).
   *
   * @param patterns the K × D patterns, row-major (shared: must not be modified)
   * @param k number of patterns K
   * @param d dimension D
   * @param beta inverse temperature β
   * @param similarity L2 or DOT
   * @throws IllegalArgumentException if the array does not hold K × D values, or the similarity
   *     is null
   */
  public ExactPatterns(double[] patterns, int k, int d, double beta, Similarity similarity) {
    this(Shapes.rows("patterns", patterns, k, d), beta, similarity);
  }

  /**
   * Number of patterns.
   *
   * @return K
   */
  public int k() {
    return patterns.count();
  }

  @Override
  public int d() {
    return patterns.dim();
  }
}
