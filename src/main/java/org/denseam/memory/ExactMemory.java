package org.denseam.memory;

import org.denseam.Checks;
import org.denseam.backend.Backend;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Rows;
import org.denseam.backend.Similarity;

/**
 * MrDAM: the K memories {@code ξ_μ ∈ R^D} kept as they are, with the exact log-sum-exp energy of
 * the chosen {@link Similarity}. Peak memory is O(KD).
 *
 * <p>Immutable and thread-safe: a pattern array is copied on construction; {@link Rows} are kept
 * as they are (in their own precision, on the heap or streamed from a file), as the caller promises
 * never to change them.
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
   * Stores K patterns kept as they are: float32 data stays float32, and rows read from a file
   * stay there, streamed through by every evaluation (which then checks them as it reads: a
   * non-finite value fails that evaluation with a message naming the file and the row).
   *
   * @param patterns the K × D patterns, finite where they are on the heap (the caller's check);
   *     shared, not copied, so they must never change
   * @param beta inverse temperature β &gt; 0
   * @param similarity L2 (the DrDAM paper's energy) or DOT
   * @throws IllegalArgumentException on a null argument or a bad β
   */
  public ExactMemory(Rows patterns, double beta, Similarity similarity) {
    if (patterns == null) {
      throw new IllegalArgumentException("memories must be given");
    }
    double b = Checks.beta(beta);
    if (similarity == null) {
      throw new IllegalArgumentException("similarity must be given");
    }
    this.values = new ExactPatterns(patterns, b, similarity);
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
   * The stored patterns, K × D row-major, in float64: the array itself when they are stored as
   * float64 (shared: callers must not modify it), else a widened copy.
   *
   * @return the patterns
   */
  public double[] patterns() {
    return values.patterns().asDoubles();
  }

  /**
   * The stored patterns as they are kept.
   *
   * @return the rows (shared: must not be modified)
   */
  public Rows rows() {
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
