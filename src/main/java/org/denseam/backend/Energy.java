package org.denseam.backend;

/**
 * The values an energy is computed from: the stored patterns of an exact memory ({@link
 * ExactPatterns}, MrDAM) or the distributed memory T of a feature memory ({@link
 * DistributedPatterns}, DrDAM). Both are immutable: a model hands a backend a new instance whenever
 * its contents change, so a backend may keep what it derives from one (float32 copies, device
 * buffers) for as long as it is handed the same instance.
 */
public sealed interface Energy permits ExactPatterns, DistributedPatterns {
  /**
   * The dimension D of a query.
   *
   * @return D
   */
  int d();

  /**
   * The inverse temperature β.
   *
   * @return β
   */
  double beta();
}
