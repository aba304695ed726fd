package org.denseam.memory;

import org.denseam.Checks;
import org.denseam.backend.Backend;

/**
 * MrDAM: the K memories {@code ξ_μ ∈ R^D} kept as they are, with the exact log-sum-exp energy of
 * the chosen {@link Similarity}. Peak memory is O(KD).
 *
 * <p>Immutable and thread-safe: the pattern array is copied on construction.
 */
public final class ExactMemory implements EnergyModel {
  private final double[] patterns;
  private final int k;
  private final int d;
  private final double beta;
  private final Similarity similarity;
  private volatile float[] patternsFloat;

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
    this.patterns = patterns.clone();
    this.k = k;
    this.d = d;
    this.beta = Checks.beta(beta);
    if (similarity == null) {
      throw new IllegalArgumentException("similarity must be given");
    }
    this.similarity = similarity;
  }

  /**
   * Number of memories K.
   *
   * @return K
   */
  public int count() {
    return k;
  }

  @Override
  public int dim() {
    return d;
  }

  @Override
  public double beta() {
    return beta;
  }

  /**
   * The similarity of the energy.
   *
   * @return L2 or DOT
   */
  public Similarity similarity() {
    return similarity;
  }

  /**
   * The stored patterns, K × D row-major. The array is shared: callers must not modify it.
   *
   * @return the patterns
   */
  public double[] patterns() {
    return patterns;
  }

  /**
   * The stored patterns rounded to float32, created on first use and cached. Shared: callers must
   * not modify it.
   *
   * @return K × D row-major float32 patterns
   */
  public float[] patternsFloat() {
    float[] f = patternsFloat;
    if (f == null) {
      f = new float[patterns.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) patterns[i];
      }
      patternsFloat = f;
    }
    return f;
  }

  @Override
  public void energyGrad(Backend backend, double[] x, int batch, double[] energy, double[] grad) {
    Checks.finiteMatrix("queries", x, batch, d);
    backend.exact(this, x, batch, energy, grad);
  }
}
