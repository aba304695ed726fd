package org.denseam.features;

import org.denseam.rng.Gaussian;
import org.denseam.rng.Philox4x32;

/**
 * Structured orthogonal random features (Yu et al., "Orthogonal Random Features", NeurIPS 2016),
 * with row norms redrawn from χ_D.
 *
 * <p>Inputs are zero-padded to P = 2^⌈log₂ D⌉. Block b of P projections is {@code W_b = (1/P) H
 * S₁ H S₂ H S₃}, with H the unnormalised P × P Walsh-Hadamard matrix ({@code H² = P·I}) and
 * {@code S_j} random ±1 diagonals: its rows are orthogonal, of norm √P. Row r of block b is
 * projection {@code α = b·P + r}, rescaled by {@code ρ_α = χ_α / √D} where {@code χ_α² ≈ χ²_D} by
 * the Wilson-Hilferty approximation of one standard normal per row. (Plain SORF rows all have
 * norm √P; Gaussian rows have χ_D-distributed norms, and the kernel estimate is biased without
 * this correction.) So {@code h_α = ρ_α (W_b z)_r}, and the transpose product of GradComp is the
 * same transform run backwards: {@code Σ_r c_r ρ_r w_r = W_bᵀ (ρ ⊙ c)} with {@code W_bᵀ = (1/P)
 * S₃ H S₂ H S₁ H}. Cost O(P log P) per block instead of O(P·D).
 *
 * <p>Random numbers, from the feature map's seed: the sign {@code S_j[i]} of block b is bit
 * {@code i mod 32} of word {@code (i >> 5) mod 4} of the Philox block with counter {@code (i >> 7,
 * b, 2, j)}, 1 meaning -1; the normal of row α is the Box-Muller normal {@code α} of stream 3
 * ({@link Gaussian#omega} with counter word 2 = 3, row 0).
 */
public final class Sorf {
  /** Counter word 2 of the sign stream. */
  public static final int STREAM_SIGNS = 2;
  /** Counter word 2 of the row-norm stream. */
  public static final int STREAM_NORMS = 3;

  private Sorf() {}

  /**
   * The padded dimension P.
   *
   * @param d dimension D
   * @return the smallest power of two ≥ D
   */
  public static int padded(int d) {
    int p = 1;
    while (p < d) {
      p <<= 1;
    }
    return p;
  }

  /**
   * The sign {@code S_j[i]} of block b.
   *
   * @param seed seed τ
   * @param block block index b
   * @param j which diagonal, 0 to 2
   * @param i index within the block, {@code 0 ≤ i < P}
   * @return +1 or -1
   */
  public static double sign(long seed, int block, int j, int i) {
    return signFloat(seed, block, j, i);
  }

  /**
   * The row-norm factor {@code ρ_α = χ_α / √D}, with {@code χ_α² = D (1 - 2/(9D) + g
   * sqrt(2/(9D)))³} (Wilson-Hilferty) for the row's standard normal g, clamped at 0.
   *
   * @param seed seed τ
   * @param alpha projection index α
   * @param d dimension D
   * @return {@code ρ_α}
   */
  public static double rowScale(long seed, int alpha, int d) {
    long pair = Philox4x32.half(alpha >>> 2, 0, STREAM_NORMS, 0, Gaussian.key0(seed),
        Gaussian.key1(seed), (alpha & 2) != 0);
    double g = Gaussian.boxMuller((int) (pair >>> 32), (int) pair, (alpha & 1) == 1);
    double a = 2.0 / (9.0 * d);
    double cube = 1 - a + g * Math.sqrt(a);
    double chi2 = cube <= 0 ? 0 : d * cube * cube * cube;
    return Math.sqrt(chi2 / d);
  }

  /**
   * Multiplies {@code v[0..P)} by the diagonal {@code S_j} of block b (the bits of {@link
   * #signWord}).
   */
  private static void applySigns(long seed, int block, int j, double[] v) {
    for (int i0 = 0; i0 < v.length; i0 += 32) {
      int word = signWord(seed, block, j, i0);
      for (int i = i0; i < Math.min(v.length, i0 + 32); i++) {
        if (((word >> (i & 31)) & 1) != 0) {
          v[i] = -v[i];
        }
      }
    }
  }

  /**
   * The signs {@code S_j[0..P)} of block b as ±1 floats (the bits of {@link #signWord}).
   *
   * @param seed seed τ
   * @param block block index b
   * @param j which diagonal, 0 to 2
   * @param p length P
   * @param out output, {@code out[off + i] = S_j[i]}
   * @param off first index of the output
   */
  public static void signs(long seed, int block, int j, int p, float[] out, int off) {
    java.util.Arrays.fill(out, off, off + p, 1f);
    signGroup(out, off, p, seed, block, j, 0);
  }

  /**
   * The row-norm factors {@code ρ_α} of projections 0..m-1.
   *
   * @param seed seed τ
   * @param d dimension D
   * @param m number of projections
   * @return {@code ρ_0 .. ρ_{m-1}}
   */
  public static double[] rowScales(long seed, int d, int m) {
    double[] rho = new double[m];
    for (int a = 0; a < m; a++) {
      rho[a] = rowScale(seed, a, d);
    }
    return rho;
  }

  /**
   * In-place unnormalised fast Walsh-Hadamard transform of {@code v[off..off+P)}.
   *
   * @param v the values
   * @param off first index
   * @param p length P, a power of two
   */
  public static void fwht(double[] v, int off, int p) {
    for (int h = 1; h < p; h <<= 1) {
      for (int i = 0; i < p; i += h << 1) {
        for (int j = i; j < i + h; j++) {
          double a = v[off + j];
          double b = v[off + j + h];
          v[off + j] = a + b;
          v[off + j + h] = a - b;
        }
      }
    }
  }

  /**
   * {@code v ← W_b v = (1/P) H S₁ H S₂ H S₃ v} in place (v zero-padded to P).
   *
   * @param seed seed τ
   * @param block block index b
   * @param v the P values
   */
  public static void forward(long seed, int block, double[] v) {
    int p = v.length;
    for (int j = 2; j >= 0; j--) {
      applySigns(seed, block, j, v);
      fwht(v, 0, p);
    }
    for (int i = 0; i < p; i++) {
      v[i] /= p;
    }
  }

  /**
   * {@code v ← W_bᵀ v = (1/P) S₃ H S₂ H S₁ H v} in place.
   *
   * @param seed seed τ
   * @param block block index b
   * @param v the P values
   */
  public static void transpose(long seed, int block, double[] v) {
    int p = v.length;
    for (int j = 0; j <= 2; j++) {
      fwht(v, 0, p);
      applySigns(seed, block, j, v);
    }
    for (int i = 0; i < p; i++) {
      v[i] /= p;
    }
  }

  /**
   * All m projections {@code h_α = ρ_α (W_b z)_r} of one input.
   *
   * @param seed seed τ
   * @param d dimension D
   * @param m number of projections
   * @param z the input, length ≥ D
   * @param h output, length ≥ m
   * @param rho the row-norm factors ({@link #rowScales})
   * @param scratch work array of length P
   */
  public static void project(
      long seed, int d, int m, double[] z, double[] h, double[] rho, double[] scratch) {
    int p = scratch.length;
    for (int block = 0; block * p < m; block++) {
      java.util.Arrays.fill(scratch, 0);
      System.arraycopy(z, 0, scratch, 0, d);
      forward(seed, block, scratch);
      for (int r = 0; r < p && block * p + r < m; r++) {
        int alpha = block * p + r;
        h[alpha] = rho[alpha] * scratch[r];
      }
    }
  }

  /**
   * The transpose product {@code out = Σ_α c_α ρ_α w_α} (the first D components), for slopes c.
   *
   * @param seed seed τ
   * @param d dimension D
   * @param m number of projections
   * @param c slopes, length ≥ m
   * @param out output, length ≥ D (overwritten)
   * @param rho the row-norm factors ({@link #rowScales})
   * @param scratch work array of length P
   */
  public static void backProject(
      long seed, int d, int m, double[] c, double[] out, double[] rho, double[] scratch) {
    int p = scratch.length;
    java.util.Arrays.fill(out, 0, d, 0);
    for (int block = 0; block * p < m; block++) {
      java.util.Arrays.fill(scratch, 0);
      for (int r = 0; r < p && block * p + r < m; r++) {
        int alpha = block * p + r;
        scratch[r] = rho[alpha] * c[alpha];
      }
      transpose(seed, block, scratch);
      for (int i = 0; i < d; i++) {
        out[i] += scratch[i];
      }
    }
  }

  // ------------------------------------------------------------------ kernel primitives
  // Static, primitive-only, allocation-free float32 pieces of the transforms, for TornadoVM
  // kernels (which run them over a buffer of B × nBlocks × P floats) and for the float32 path of
  // this class ({@link #fwhtFloat}, {@link #forwardFloat}, {@link #transposeFloat}) that CI tests
  // against the float64 reference. No {@code >>>} on values whose sign bit may be set.

  /**
   * The 32 sign bits of {@code S_j} of block b that hold entry i: bit {@code i mod 32} of the
   * result is 1 where {@code S_j[i'] = -1} for {@code i' = i - (i mod 32) + bit} (word {@code (i >> 5)
   * mod 4} of the Philox block of the class documentation).
   *
   * @param seed seed τ
   * @param block block index b
   * @param j which diagonal, 0 to 2
   * @param i index within the block, {@code 0 ≤ i < P}
   * @return the word
   */
  public static int signWord(long seed, int block, int j, int i) {
    long pair = Philox4x32.half(i >> 7, block, STREAM_SIGNS, j, Gaussian.key0(seed),
        Gaussian.key1(seed), ((i >> 6) & 1) == 1);
    return ((i >> 5) & 1) == 0 ? (int) (pair >> 32) : (int) pair;
  }

  /**
   * The sign {@code S_j[i]} of block b as a float ({@link #sign}).
   *
   * @param seed seed τ
   * @param block block index b
   * @param j which diagonal, 0 to 2
   * @param i index within the block
   * @return +1 or -1
   */
  public static float signFloat(long seed, int block, int j, int i) {
    return ((signWord(seed, block, j, i) >> (i & 31)) & 1) == 0 ? 1f : -1f;
  }

  /**
   * Multiplies the n entries {@code v[base + e]} by {@code S_j[i0 + e]} of block b, one Philox
   * half-block per 32 entries.
   *
   * @param v the values
   * @param base first index in v
   * @param n number of entries
   * @param seed seed τ
   * @param block block index b
   * @param j which diagonal, 0 to 2
   * @param i0 index within the block of the first entry
   */
  public static void signGroup(float[] v, int base, int n, long seed, int block, int j, int i0) {
    int i = i0;
    while (i < i0 + n) {
      int word = signWord(seed, block, j, i);
      int end = Math.min(i0 + n, (i | 31) + 1);
      for (; i < end; i++) {
        if (((word >> (i & 31)) & 1) != 0) {
          v[base + i - i0] = -v[base + i - i0];
        }
      }
    }
  }

  /**
   * The first index of butterfly group k of a pass: a pass runs the q consecutive FWHT stages with
   * strides h, 2h, .., 2^(q-1)·h, and group k (of P / 2^q per segment) owns the 2^q entries {@code
   * base + e·h}, {@code e < 2^q}, which those stages combine only among themselves.
   *
   * @param k group index within the segment, {@code 0 ≤ k < P / 2^q}
   * @param h stride of the pass's first stage, a power of two
   * @param q stages in the pass
   * @return {@code base = (k / h)·h·2^q + (k mod h)}
   */
  public static int groupBase(int k, int h, int q) {
    int lo = k & (h - 1);
    return (k - lo) * (1 << q) + lo;
  }

  /**
   * Runs the q butterfly stages of one group in place: for stage s (stride {@code h·2^s}) and every
   * pair of entries {@code (a, b)} 2^s·h apart, {@code (a, b) ← (a + b, a - b)}.
   *
   * @param v the values
   * @param base first index of the group ({@link #groupBase} plus the segment's offset)
   * @param h stride of the pass's first stage
   * @param q stages in the pass, 2^q entries in the group
   */
  public static void fwhtGroup(float[] v, int base, int h, int q) {
    int n = 1 << q;
    for (int s = 0; s < q; s++) {
      int bit = 1 << s;
      for (int e = 0; e < n; e++) {
        if ((e & bit) == 0) {
          int ia = base + e * h;
          int ib = ia + bit * h;
          float a = v[ia];
          float b = v[ib];
          v[ia] = a + b;
          v[ib] = a - b;
        }
      }
    }
  }

  /**
   * Stages in pass k when the log₂ P stages of a P-point transform are split into {@code passes}
   * passes of ⌈log₂ P / passes⌉ stages (the last ones shorter or empty).
   *
   * @param p length P, a power of two
   * @param passes number of passes, ≥ 1
   * @param k pass index, 0 to passes - 1
   * @return stages of pass k, possibly 0
   */
  public static int passStages(int p, int passes, int k) {
    int stages = Integer.numberOfTrailingZeros(p);
    int q = (stages + passes - 1) / passes;
    return Math.max(0, Math.min(q, stages - k * q));
  }

  /**
   * The factor of row α in float32, {@code ρ_α / P}: the row norm and the 1/P of {@code W_b}.
   *
   * @param seed seed τ
   * @param alpha projection index α
   * @param d dimension D
   * @param p padded dimension P
   * @return {@code (float) (ρ_α / P)}
   */
  public static float rowFactor(long seed, int alpha, int d, int p) {
    return (float) (rowScale(seed, alpha, d) / p);
  }

  /**
   * In-place float32 FWHT of {@code v[off..off+P)} in {@code passes} passes, group by group: the
   * order of operations of the TornadoVM pass kernels.
   *
   * @param v the values
   * @param off first index
   * @param p length P, a power of two
   * @param passes number of passes, ≥ 1
   */
  public static void fwhtFloat(float[] v, int off, int p, int passes) {
    int h = 1;
    for (int k = 0; k < passes; k++) {
      int q = passStages(p, passes, k);
      for (int g = 0; g < p >> q; g++) {
        fwhtGroup(v, off + groupBase(g, h, q), h, q);
      }
      h <<= q;
    }
  }

  /**
   * All m projections of one input in float32, as the TornadoVM kernels compute them: {@code h_α
   * = (ρ_α / P)·(H S₀ H S₁ H S₂ z)_r} per block, with the transforms of {@link #fwhtFloat}, the
   * signs of {@link #signGroup} and the row factors of {@link #rowFactor}.
   *
   * @param seed seed τ
   * @param d dimension D
   * @param m number of projections
   * @param z the input, length ≥ D
   * @param h output, length ≥ m
   * @param scratch work array of length P
   * @param passes passes per FWHT
   */
  public static void forwardFloat(
      long seed, int d, int m, float[] z, float[] h, float[] scratch, int passes) {
    int p = scratch.length;
    for (int block = 0; block * p < m; block++) {
      for (int i = 0; i < p; i++) {
        scratch[i] = i < d ? z[i] : 0f;
      }
      for (int j = 2; j >= 0; j--) {
        signGroup(scratch, 0, p, seed, block, j, 0);
        fwhtFloat(scratch, 0, p, passes);
      }
      for (int r = 0; r < p && block * p + r < m; r++) {
        h[block * p + r] = rowFactor(seed, block * p + r, d, p) * scratch[r];
      }
    }
  }

  /**
   * The transpose product {@code out = Σ_α c_α ρ_α w_α} in float32, as the TornadoVM kernels
   * compute it: per block, {@code S₂ H S₁ H S₀ H} of {@code (ρ_α / P)·c_α}, summed over blocks in
   * order.
   *
   * @param seed seed τ
   * @param d dimension D
   * @param m number of projections
   * @param c slopes, length ≥ m
   * @param out output, length ≥ D (overwritten)
   * @param scratch work array of length P
   * @param passes passes per FWHT
   */
  public static void transposeFloat(
      long seed, int d, int m, float[] c, float[] out, float[] scratch, int passes) {
    int p = scratch.length;
    java.util.Arrays.fill(out, 0, d, 0f);
    for (int block = 0; block * p < m; block++) {
      for (int r = 0; r < p; r++) {
        int alpha = block * p + r;
        scratch[r] = alpha < m ? rowFactor(seed, alpha, d, p) * c[alpha] : 0f;
      }
      for (int j = 0; j <= 2; j++) {
        fwhtFloat(scratch, 0, p, passes);
        signGroup(scratch, 0, p, seed, block, j, 0);
      }
      for (int i = 0; i < d; i++) {
        out[i] += scratch[i];
      }
    }
  }
}
