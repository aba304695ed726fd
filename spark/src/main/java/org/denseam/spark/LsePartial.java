package org.denseam.spark;

import java.io.Serializable;

/**
 * The exact MrDAM energy and gradient of a batch of B queries over part of the memories, as a
 * mergeable log-sum-exp state: per query a reference level {@code m}, a sum {@code s = Σ_μ
 * exp(a_μ - m)} and a weighted sum {@code w = Σ_μ exp(a_μ - m) ξ_μ} over the memories μ of the
 * part, where {@code a_μ = -β/2 ||x - ξ_μ||²} (or {@code β <x, ξ_μ>} for the dot similarity).
 * Two states merge exactly: {@code m = max(m₁, m₂)}, {@code s = s₁ e^(m₁-m) + s₂ e^(m₂-m)},
 * {@code w = w₁ e^(m₁-m) + w₂ e^(m₂-m)}; after all parts, {@code E = -(m + log s)/β} (plus
 * {@code ||x||²/2} for dot) and {@code ∇E = x - w/s}.
 *
 * <p>A block of memories enters through the single-process energy and gradient of the backend:
 * its log-sum-exp {@code L = -β E_block} (less {@code ||x||²/2} for dot) and its softmax mean
 * {@code x - ∇E_block} are the state {@code m = L, s = 1, w = x - ∇E_block} of that block.
 */
final class LsePartial implements Serializable {
  private static final long serialVersionUID = 1L;
  final double[] m;
  final double[] s;
  /** B × D weighted sums, or null when only energies are wanted. */
  final double[] w;
  long count;

  LsePartial(double[] m, double[] s, double[] w, long count) {
    this.m = m;
    this.s = s;
    this.w = w;
    this.count = count;
  }

  /**
   * The state of one block of memories from its energies and gradients.
   *
   * @param x queries, B × D
   * @param energy the block's energies
   * @param grad the block's gradients, or null
   * @param beta β
   * @param dot whether the similarity is the dot product
   * @param count memories in the block
   */
  static LsePartial ofBlock(
      double[] x, double[] energy, double[] grad, int d, double beta, boolean dot, long count) {
    int b = energy.length;
    double[] m = new double[b];
    double[] s = new double[b];
    double[] w = grad == null ? null : new double[b * d];
    for (int r = 0; r < b; r++) {
      double e = energy[r];
      if (dot) {
        e -= 0.5 * norm2(x, r, d);
      }
      m[r] = -beta * e;
      s[r] = 1;
      if (w != null) {
        for (int i = r * d; i < (r + 1) * d; i++) {
          w[i] = x[i] - grad[i];
        }
      }
    }
    return new LsePartial(m, s, w, count);
  }

  /** Merges {@code o} into this state (this one first) and returns this. */
  LsePartial merge(LsePartial o) {
    int d = w == null ? 0 : w.length / m.length;
    for (int r = 0; r < m.length; r++) {
      double mm = Math.max(m[r], o.m[r]);
      double f1 = Math.exp(m[r] - mm);
      double f2 = Math.exp(o.m[r] - mm);
      m[r] = mm;
      s[r] = s[r] * f1 + o.s[r] * f2;
      if (w != null) {
        for (int i = r * d; i < (r + 1) * d; i++) {
          w[i] = w[i] * f1 + o.w[i] * f2;
        }
      }
    }
    count += o.count;
    return this;
  }

  /** Final energies. */
  double[] energy(double[] x, int d, double beta, boolean dot) {
    double[] e = new double[m.length];
    for (int r = 0; r < m.length; r++) {
      e[r] = -(m[r] + Math.log(s[r])) / beta + (dot ? 0.5 * norm2(x, r, d) : 0);
    }
    return e;
  }

  /** Final gradients {@code x - w/s}. */
  double[] gradient(double[] x, int d) {
    double[] g = new double[w.length];
    for (int r = 0; r < m.length; r++) {
      for (int i = r * d; i < (r + 1) * d; i++) {
        g[i] = x[i] - w[i] / s[r];
      }
    }
    return g;
  }

  private static double norm2(double[] x, int r, int d) {
    double n = 0;
    for (int i = r * d; i < (r + 1) * d; i++) {
      n += x[i] * x[i];
    }
    return n;
  }
}
