package org.denseam.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A DrDAM memory: patterns folded into the vector T of Y random features, whose size does not
 * depend on how many patterns are stored. Adding or removing a pattern costs O(DY) time and
 * O(D + Y) memory.
 *
 * <p>Thread-safe: updates are serialised and published atomically, so concurrent queries see T
 * either before or after an update, never a mix.
 */
public interface FeatureStore extends Memory {
  /**
   * Folds patterns into T (ProcMems).
   *
   * @param patterns K patterns of dimension D
   */
  void add(Vectors patterns);

  /**
   * Removes previously added patterns from T.
   *
   * @param patterns K patterns of dimension D
   * @throws IllegalArgumentException if more patterns would be removed than are stored
   */
  void remove(Vectors patterns);

  /**
   * Number of patterns stored (added minus removed).
   *
   * @return K
   */
  long count();

  /**
   * Feature dimension Y (the length of T).
   *
   * @return Y
   */
  int features();

  /**
   * What defines this memory's feature map and energy: D, β, basis, Y, seed and projection.
   *
   * @return the specification, which stores that can be added together share
   */
  FeatureSpec spec();

  /**
   * A copy of the vector T, for adding the T's of memories folded separately (for instance on
   * several machines) with {@link Engine#featureMemory(FeatureSpec, double[], long)}.
   *
   * @return T, length Y; a copy
   */
  double[] vector();

  /**
   * Saves the memory as a {@code T.dam} file (atomically).
   *
   * @param file the target
   * @throws IOException if writing fails; nothing is left at {@code file}
   */
  void save(Path file) throws IOException;
}
