package org.denseam.backend;

import org.denseam.features.FeatureMap;

/**
 * The distributed memory of a feature memory (DrDAM), {@code T = Σ_μ φ(√β ξ_μ)}, with the feature
 * map φ and β it was folded with: what {@link Backend#gradComp} evaluates the energy of.
 *
 * <p>A value that is never modified: T is shared, not copied, and neither the model that made it
 * nor a backend may write to it; the model makes a new instance with a new T for every update.
 * Two instances are equal only if they hold the same T array (and an equal map and β), so a
 * backend may keep T (as float32, or resident on its device) for as long as it is handed the same
 * instance.
 *
 * @param map the feature map φ
 * @param beta inverse temperature β
 * @param t the vector T, length Y (shared: must not be modified)
 */
public record DistributedPatterns(FeatureMap map, double beta, double[] t) implements Energy {
  /**
   * Checks that T has the map's length; the values themselves are the model's to validate.
   *
   * @throws IllegalArgumentException if the map is null, or T is null or not of length Y
   */
  public DistributedPatterns {
    if (map == null) {
      throw new IllegalArgumentException("feature map must be given");
    }
    Shapes.check("T", t, 1, map.y());
  }

  @Override
  public int d() {
    return map.d();
  }
}
