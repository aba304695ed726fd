package org.denseam.memory;

import org.denseam.Checks;
import org.denseam.backend.Backend;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Similarity;

/**
 * MrDAM: the K memories {@code ξ_μ ∈ R^D} kept as they are, with the exact log-sum-exp energy of
 * the chosen {@link Similarity}. Peak memory is O(KD).
 *
 * <p>Immutable and thread-safe: the pattern array is copied on construction.
 */
public final class ExactMemory implements EnergyModel {
  private final ExactPatterns values;

  /**
   * Stores K patterns.
   *
   * @param patterns K × D row-major, finite; copied
   * @param k number of memories K
   * @param d dimension D
   * @param beta inverse temperature β &gt; 0
   * @param similarity L2 (the DrDAM paper's energy) or DOT
   * @throws IllegalArgumentException on bad shapes, non-finite values or β
   */
  public ExactMemory(double[] patterns, int k, int d, double beta, Similarity similarity) {
    Checks.positive("K (number of memories)", k);
    Checks.positive("D (dimension)", d);
    Checks.product("memories", k, d);
    Checks.finiteMatrix("memories", patterns, k, d);
    double b = Checks.beta(beta);
    if (similarity == null) {
      throw new IllegalArgumentException("similarity must be given");
    }
    this.values = new ExactPatterns(patterns.clone(), k, d, b, similarity);
  }

  /**
   * Number of memories K.
   *
   * @return K
   */
  public int count() {
    return values.k();
  }

  @Override
  public int dim() {
    return values.d();
  }

  @Override
  public double beta() {
    return values.beta();
  }

  /**
   * The similarity of the energy.
   *
   * @return L2 or DOT
   */
  public Similarity similarity() {
    return values.similarity();
  }

  /**
   * The stored patterns, K × D row-major. The array is shared: callers must not modify it.
   *
   * @return the patterns
   */
  public double[] patterns() {
    return values.patterns();
  }

  /**
   * The patterns, β and similarity as the value backends compute on: the same instance for the
   * memory's whole life (its patterns never change).
   *
   * @return the values
   */
  @Override
  public ExactPatterns values() {
    return values;
  }

  @Override
  public void energyGrad(Backend backend, double[] x, int batch, double[] energy, double[] grad) {
    Checks.finiteMatrix("queries", x, batch, values.d());
    backend.exact(values, x, batch, energy, grad);
  }
}
