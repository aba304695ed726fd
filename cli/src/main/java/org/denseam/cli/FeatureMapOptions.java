package org.denseam.cli;

import picocli.CommandLine.Option;

/**
 * The parameters of a DrDAM memory that {@code dam store} and {@code dam spark store} take: β,
 * the basis, Y, the projections' seed and their kind. A picocli mixin.
 */
public final class FeatureMapOptions {
  @Option(names = "--beta", paramLabel = "B", required = true,
      description = "Inverse temperature beta > 0.")
  double beta;

  @Option(names = "--features", paramLabel = "F", defaultValue = "sincos",
      description = "sincos (default), cos, exp or expexp.")
  String features;

  @Option(names = "--dim", paramLabel = "Y", required = true, description = "Feature dimension Y.")
  int dim;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Projection seed.")
  long seed;

  @Option(names = "--projection", paramLabel = "P", defaultValue = "gaussian",
      description = "gaussian (default) or sorf (structured orthogonal; sincos/cos only).")
  String projection;

  /** Creates the options (picocli fills them in). */
  public FeatureMapOptions() {}

  /**
   * The inverse temperature, {@code --beta}.
   *
   * @return β
   */
  public double beta() {
    return beta;
  }

  /**
   * The basis, {@code --features}.
   *
   * @return its name
   */
  public String features() {
    return features;
  }

  /**
   * The feature dimension, {@code --dim}.
   *
   * @return Y
   */
  public int y() {
    return dim;
  }

  /**
   * The projections' seed, {@code --seed}.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The kind of projections, {@code --projection}.
   *
   * @return its name
   */
  public String projection() {
    return projection;
  }
}
