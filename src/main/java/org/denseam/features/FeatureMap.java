package org.denseam.features;

import org.denseam.Checks;

/**
 * A random feature map {@code φ: R^D → R^Y}, fully determined by its basis, D, Y, the seed τ and
 * the projection. The projections {@code ω_α} are never stored: every backend regenerates them
 * from {@code (τ, α, i)} (see {@link org.denseam.rng.Gaussian} and {@link Sorf}).
 *
 * @param basis the basis function
 * @param d input dimension D
 * @param y feature dimension Y (the length of T); even for paired bases
 * @param seed the seed τ
 * @param projection i.i.d. Gaussian or structured orthogonal (SORF) projections
 */
public record FeatureMap(Basis basis, int d, int y, long seed, Projection projection) {

  /**
   * A map with i.i.d. Gaussian projections.
   *
   * @param basis the basis function
   * @param d input dimension D
   * @param y feature dimension Y
   * @param seed the seed τ
   */
  public FeatureMap(Basis basis, int d, int y, long seed) {
    this(basis, d, y, seed, Projection.GAUSSIAN);
  }

  /**
   * Validates the map.
   *
   * @throws IllegalArgumentException if D or Y is not positive, Y is odd for a paired basis, the
   *     basis or projection is null, or SORF is combined with an exponential basis
   */
  public FeatureMap {
    if (basis == null) {
      throw new IllegalArgumentException("features must be given");
    }
    Checks.positive("D (dimension)", d);
    Checks.positive("Y", y);
    if (basis.paired() && (y & 1) != 0) {
      throw new IllegalArgumentException(
          "Y must be even for " + basis.id() + " features, got " + y);
    }
    if (projection == null) {
      throw new IllegalArgumentException("projection must be given");
    }
    if (projection == Projection.SORF && !basis.trigonometric()) {
      throw new IllegalArgumentException(
          "sorf projections work with the trigonometric features (sincos, cos), not " + basis.id());
    }
    if (basis.paired() && y < 2) {
      throw new IllegalArgumentException("Y must be >= 2 for " + basis.id() + " features");
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
