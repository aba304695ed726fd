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
  private volatile float[] columnPanels;
  private volatile float[] squaredNorms;

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

  /**
   * The float32 patterns in column panels of {@code lanes} columns, the layout of the JVM
   * backend's matrix kernels: element {@code (μ, i)} at {@code (i / lanes)·K·lanes + μ·lanes + i
   * mod lanes}, zero in the padding columns up to the next multiple of {@code lanes}. Created on
   * first use and cached (for one lane count at a time). Shared: callers must not modify it.
   *
   * @param lanes panel width, at least 1
   * @return {@code K × ceil(D / lanes)·lanes} floats
   */
  public float[] columnPanels(int lanes) {
    float[] f = columnPanels;
    int dp = (d + lanes - 1) / lanes * lanes;
    if (f == null || f.length != k * dp) {
      Checks.product("memories", k, dp);
      f = new float[k * dp];
      for (int mu = 0; mu < k; mu++) {
        for (int i = 0; i < d; i++) {
          f[(i / lanes) * k * lanes + mu * lanes + i % lanes] = (float) patterns[mu * d + i];
        }
      }
      columnPanels = f;
    }
    return f;
  }

  /**
   * The squared norms {@code ||ξ_μ||²} of the float32 patterns, accumulated in float32 in index
   * order. Created on first use and cached. Shared: callers must not modify it.
   *
   * @return K values
   */
  public float[] squaredNormsFloat() {
    float[] f = squaredNorms;
    if (f == null) {
      f = new float[k];
      for (int mu = 0; mu < k; mu++) {
        float s = 0f;
        for (int i = 0; i < d; i++) {
          float v = (float) patterns[mu * d + i];
          s += v * v;
        }
        f[mu] = s;
      }
      squaredNorms = f;
    }
    return f;
  }

  @Override
  public void energyGrad(Backend backend, double[] x, int batch, double[] energy, double[] grad) {
    Checks.finiteMatrix("queries", x, batch, d);
    backend.exact(this, x, batch, energy, grad);
  }
}
