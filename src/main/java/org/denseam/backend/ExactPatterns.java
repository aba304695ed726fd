package org.denseam.backend;

/**
 * The stored patterns of an exact memory (MrDAM) with its β and similarity: what {@link
 * Backend#exact} evaluates the log-sum-exp energy of.
 *
 * <p>A value that is never modified: the patterns array is shared, not copied, and neither the
 * model that made it nor a backend may write to it. Two instances are equal only if they hold the
 * same array instance (and the same K, D, β and similarity), so a backend may key what it derives
 * from the patterns (float32 copies, panels, device buffers) on the instance.
 *
 * @param patterns the K × D patterns ξ_μ, row-major (shared: must not be modified)
 * @param k number of patterns K
 * @param d dimension D
 * @param beta inverse temperature β
 * @param similarity L2 or DOT
 */
public record ExactPatterns(double[] patterns, int k, int d, double beta, Similarity similarity)
    implements Energy {
  /**
   * Checks that the shape matches the array; the values themselves are the model's to validate.
   *
   * @throws IllegalArgumentException if the array is null or does not hold K × D values, or the
   *     similarity is null
   */
  public ExactPatterns {
    Shapes.check("patterns", patterns, k, d);
    if (similarity == null) {
      throw new IllegalArgumentException("similarity must be given");
    }
  }
}
