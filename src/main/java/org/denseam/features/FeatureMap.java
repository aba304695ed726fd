package org.denseam.features;

import org.denseam.Checks;

/**
 * A random feature map {@code φ: R^D → R^Y}, fully determined by its basis, D, Y and the seed τ.
 * The projections {@code ω_α} are never stored: every backend regenerates them from {@code (τ, α,
 * i)} (see {@link org.denseam.rng.Gaussian}).
 *
 * @param basis the basis function
 * @param d input dimension D
 * @param y feature dimension Y (the length of T); even for paired bases
 * @param seed the seed τ
 */
public record FeatureMap(Basis basis, int d, int y, long seed) {

  /**
   * Validates the map.
   *
   * @throws IllegalArgumentException if D or Y is not positive, Y is odd for a paired basis, or the
   *     basis is null
   */
  public FeatureMap {
    if (basis == null) {
      throw new IllegalArgumentException("features must be given");
    }
    Checks.positive("D (dimension)", d);
    Checks.positive("Y (--dim)", y);
    if (basis.paired() && (y & 1) != 0) {
      throw new IllegalArgumentException(
          "Y (--dim) must be even for " + basis.id() + " features, got " + y);
    }
    if (basis.paired() && y < 2) {
      throw new IllegalArgumentException("Y (--dim) must be >= 2 for " + basis.id() + " features");
    }
  }

  /**
   * Number of projections m.
   *
   * @return {@code basis().projections(y())}
   */
  public int projections() {
    return basis.projections(y);
  }

  /**
   * Normalisation constant c of each feature.
   *
   * @return {@code basis().scale(projections())}
   */
  public double scale() {
    return basis.scale(projections());
  }
}
