package org.denseam.api;

import java.io.Serializable;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;

/**
 * Everything that defines a DrDAM feature map and its energy, without T: what two feature stores
 * must share for their T's to be added. Serializable, so a distributed job can ship it to its
 * workers and rebuild the store there with {@link Engine#featureMemory(FeatureSpec, double[],
 * long)}.
 *
 * @param dim dimension D of the patterns
 * @param beta inverse temperature β &gt; 0
 * @param features basis: {@code sincos}, {@code cos}, {@code exp} or {@code expexp}
 * @param y feature dimension Y (even for sincos and expexp)
 * @param seed seed τ of the random projections
 * @param projection {@code gaussian} or {@code sorf}
 */
public record FeatureSpec(int dim, double beta, String features, int y, long seed, String projection)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Validates the values and normalises the names.
   *
   * @throws IllegalArgumentException for a non-positive D or Y, a bad β, an unknown basis or
   *     projection, or a projection the basis does not support
   */
  public FeatureSpec {
    if (dim <= 0) {
      throw new IllegalArgumentException("D (dimension) must be > 0, got " + dim);
    }
    features = Basis.parse(features).id();
    projection = Projection.parse(projection).id();
    // The feature map checks Y, the basis/projection pair and β.
    new org.denseam.memory.FeatureMemory(new FeatureMap(
        Basis.parse(features), dim, y, seed, Projection.parse(projection)), beta);
  }

  /**
   * The canonical name of a basis, as {@link #features()} reports it.
   *
   * @param name a basis name, in any case and with surrounding blanks allowed
   * @return {@code sincos}, {@code cos}, {@code exp} or {@code expexp}
   * @throws IllegalArgumentException if the name is null or names no basis ({@code unknown
   *     features 'NAME': expected one of sincos, cos, exp, expexp})
   */
  public static String basisName(String name) {
    return Basis.parse(name).id();
  }

  /**
   * The canonical name of a kind of projections, as {@link #projection()} reports it.
   *
   * @param name a projection name, in any case and with surrounding blanks allowed
   * @return {@code gaussian} or {@code sorf}
   * @throws IllegalArgumentException if the name is null or names no projection ({@code unknown
   *     projection 'NAME': expected gaussian or sorf})
   */
  public static String projectionName(String name) {
    return Projection.parse(name).id();
  }

  /**
   * Checks the parameters of a feature map that do not depend on the patterns or on β, before
   * any pattern is read: the basis, then the projection, then Y and the pair. Allocates nothing of
   * size Y.
   *
   * @param features basis: {@code sincos}, {@code cos}, {@code exp} or {@code expexp}
   * @param y feature dimension Y
   * @param projection {@code gaussian} or {@code sorf}
   * @throws IllegalArgumentException for an unknown basis or projection, a Y that is not positive,
   *     odd or below 2 for a paired basis (sincos, expexp), or SORF projections with an
   *     exponential basis
   */
  public static void checkMap(String features, int y, String projection) {
    new FeatureMap(Basis.parse(features), 1, y, 0, Projection.parse(projection));
  }

  /**
   * The number m of random projections behind Y features: {@code Y/2} for the paired bases
   * (sincos, expexp: two features per projection), {@code Y} for the others (cos, exp).
   *
   * @param features basis: {@code sincos}, {@code cos}, {@code exp} or {@code expexp}, in any case
   *     and with surrounding blanks allowed
   * @param y feature dimension Y, at least 1; even for a paired basis
   * @return m
   * @throws IllegalArgumentException for an unknown basis, a Y that is not positive, or an odd Y
   *     for a paired basis (the messages of {@link #checkMap(String, int, String)})
   */
  public static int projections(String features, int y) {
    checkMap(features, y, "gaussian");
    return Basis.parse(features).projections(y);
  }

  /**
   * The dimension P to which SORF projections pad D: the smallest power of two that is at least
   * D. Each SORF block is a P × P structured orthogonal matrix, so a SORF projection costs
   * {@code O(P log P)} per block.
   *
   * @param dim dimension D, at least 1 and at most 2^30
   * @return P, a power of two with {@code D <= P < 2D}
   * @throws IllegalArgumentException if D is not in [1, 2^30]
   */
  public static int sorfDimension(int dim) {
    if (dim <= 0 || dim > 1 << 30) {
      throw new IllegalArgumentException("D (dimension) must be in [1, 2^30], got " + dim);
    }
    return org.denseam.features.Sorf.padded(dim);
  }
}
