package org.denseam.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A DrDAM memory: patterns folded into the vector T of Y random features, whose size does not
 * depend on how many patterns are stored. Adding or removing a pattern costs O(DY) time and
 * O(D + Y) memory.
 *
 * <p>Energy: {@code Ê(x) = -(1/β) log max(ε, <φ(√β x), T>)}. For the trigonometric bases
 * (sincos, cos) the inner product can be zero or negative; it is clipped at the floor ε = 1e-5
 * ({@code Basis.TRIG_CLIP}). The floor is hit when a query is far from every stored pattern
 * relative to the kernel width 1/√β (the true sum {@code Σ_μ exp(-β/2 ||x - ξ_μ||²)} is then
 * below about 1e-5, or the random-feature estimate of it is), and more often with few features Y,
 * whose estimate has standard deviation about {@code √(K/Y)}. There the energy is the constant
 * {@code -(1/β) log 1e-5 = 11.51/β}, its gradient is reported as exactly zero, and descent leaves
 * the query where it is. For the exponential bases the inner product is positive and ε is only
 * an underflow guard: a value below it is reported as an {@link ArithmeticException}.
 *
 * <p>Inputs: for trigonometric bases, {@code √β·||x||·√D} must stay below 2^20 (beyond it the
 * phases cannot be computed in float32; every backend refuses such inputs with an {@link
 * ArithmeticException} naming the query or memory).
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
   * The number Y of random features (the length of T).
   *
   * @return Y
   */
  int y();

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
