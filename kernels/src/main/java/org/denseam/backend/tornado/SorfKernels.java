package org.denseam.backend.tornado;

import org.denseam.features.Sorf;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The structured orthogonal projections ({@link Sorf}) on the device, over a work buffer {@code u}
 * of {@code rows × nb × P} floats: one P-segment per (input, block), with {@code nb = ⌈m / P⌉}
 * blocks. Forward: {@link #load} (zero-padding and {@code S₂}), an FWHT, {@code S₁} and an FWHT,
 * {@code S₀} and an FWHT, {@link #rows} (row factors {@code ρ_α / P}). Transpose: {@link #pack}
 * (row factors), an FWHT, {@code S₀} and an FWHT, {@code S₁} and an FWHT, {@link #gather} ({@code
 * S₂} and the sum over blocks). Each FWHT is a few {@link #butterflies} passes, each running q
 * stages of the transform in place; a diagonal between two transforms is applied by the first
 * pass of the second.
 *
 * <p>Signs and row factors are regenerated from the seed, never stored: {@link Sorf#signWord}
 * (one Philox half-block per 32 signs), {@link Sorf#signFloat}, {@link Sorf#rowFactor}. The
 * butterflies are {@link Sorf#fwhtGroup} and {@link Sorf#signGroup}. Those functions are the core's
 * float32 path ({@link Sorf#forwardFloat}, {@link Sorf#transposeFloat}), which CI tests against the
 * float64 reference.
 *
 * <p>The first {@code @Parallel} loop of a kernel is TornadoVM's dimension 0, the one whose
 * neighbouring work-items run together: it is always the index that is contiguous in memory.
 */
public final class SorfKernels {
  /** Signs per {@link Sorf#signWord}. */
  static final int WORD = 32;

  private SorfKernels() {}

  /**
   * The diagonal {@code S₂} of every block, {@code sign[b·P + i]} (components past D get the sign
   * of component 0; they multiply zeros), and the row factors {@code ρ_α / P} of every projection,
   * {@code factor[α]} (0 past the last projection): drawn once per call, so that the kernels over
   * B inputs read them instead of drawing them B times. O(Y + P) floats.
   *
   * @param sign output, nb × p
   * @param factor output, nb × p
   * @param d dimension D
   * @param m number of projections
   * @param p padded dimension P
   * @param nb blocks
   * @param seed seed τ
   */
  public static void draw(float[] sign, float[] factor, int d, int m, int p, int nb, long seed) {
    for (@Parallel int e = 0; e < nb * p; e++) {
      int b = e / p;
      int i = e - b * p;
      sign[e] = Sorf.signFloat(seed, b, 2, i < d ? i : 0);
      factor[e] = e < m ? Sorf.rowFactor(seed, e, d, p) : 0f;
    }
  }

  /**
   * {@code u[r, b, i] = S₂[b, i]·z[r, i]} for {@code i < d}, 0 for the padding; one work-item per
   * (b·P + i, r), no loop (grid ⌈nb·P / L⌉·L × rows).
   *
   * @param ctx the kernel context
   * @param z scaled inputs, rows × d
   * @param sign {@code S₂}, nb × p ({@link #draw})
   * @param u work buffer, rows × nb × p
   * @param rows number of inputs
   * @param d dimension D
   * @param p padded dimension P
   * @param nb blocks
   */
  public static void load(KernelContext ctx, float[] z, float[] sign, float[] u, int rows, int d,
      int p, int nb) {
    int e = ctx.globalIdx;
    int r = ctx.globalIdy;
    if (e < nb * p && r < rows) {
      int i = e - (e / p) * p;
      u[r * nb * p + e] = i < d ? sign[e] * z[r * d + i] : 0f;
    }
  }

  /**
   * One pass of q FWHT stages (strides h .. 2^(q-1)·h) over every segment, one thread per butterfly
   * group of 2^q entries ({@link Sorf#groupBase}); with {@code j ≥ 0} (first pass only, h = 1)
   * the group is first multiplied by the diagonal {@code S_j} of its block.
   *
   * @param u work buffer, segments × p, segment {@code r·nb + b}
   * @param segments number of P-segments (rows × nb)
   * @param p padded dimension P
   * @param h stride of the pass's first stage
   * @param q stages in the pass (0 only to apply a diagonal)
   * @param nb blocks
   * @param j the diagonal to apply first, or -1 for none
   * @param seed seed τ
   */
  public static void butterflies(float[] u, int segments, int p, int h, int q, int nb, int j,
      long seed) {
    int groups = p >> q;
    for (@Parallel int g = 0; g < segments * groups; g++) {
      int seg = g / groups;
      int k = g - seg * groups;
      int local = Sorf.groupBase(k, h, q);
      if (j >= 0) {
        Sorf.signGroup(u, seg * p + local, 1 << q, seed, seg - (seg / nb) * nb, j, local);
      }
      Sorf.fwhtGroup(u, seg * p + local, h, q);
    }
  }

  /**
   * The projections {@code h[r, α] = (ρ_α / P)·u[r, b, α - b·P]} with {@code b = ⌊α / P⌋}; one
   * work-item per (α, r), no loop (grid ⌈m / L⌉·L × rows).
   *
   * @param ctx the kernel context
   * @param u work buffer after the forward transform, rows × nb × p
   * @param factor row factors ({@link #draw})
   * @param h output, rows × m
   * @param rows number of inputs
   * @param m number of projections
   * @param p padded dimension P
   * @param nb blocks
   */
  public static void rows(KernelContext ctx, float[] u, float[] factor, float[] h, int rows, int m,
      int p, int nb) {
    int a = ctx.globalIdx;
    int r = ctx.globalIdy;
    if (a < m && r < rows) {
      h[r * m + a] = factor[a] * u[r * nb * p + a];
    }
  }

  /**
   * {@code u[r, b, α - b·P] = (ρ_α / P)·c[r, α]}, 0 past the last projection; one work-item per
   * (α, r), no loop (grid ⌈nb·P / L⌉·L × rows).
   *
   * @param ctx the kernel context
   * @param c slopes, rows × m
   * @param factor row factors ({@link #draw})
   * @param u work buffer, rows × nb × p
   * @param rows number of inputs
   * @param m number of projections
   * @param p padded dimension P
   * @param nb blocks
   */
  public static void pack(KernelContext ctx, float[] c, float[] factor, float[] u, int rows, int m,
      int p, int nb) {
    int a = ctx.globalIdx;
    int r = ctx.globalIdy;
    if (a < nb * p && r < rows) {
      u[r * nb * p + a] = a < m ? factor[a] * c[r * m + a] : 0f;
    }
  }

  /**
   * {@code acc[r, i] = Σ_b S₂[b, i]·u[r, b, i]} for {@code i < d}, blocks summed in order; one
   * thread per input and run of 32 components, one sign word per block.
   *
   * @param u work buffer after the transpose transform, rows × nb × p
   * @param acc output, rows × d
   * @param rows number of inputs
   * @param d dimension D
   * @param p padded dimension P
   * @param nb blocks
   * @param seed seed τ
   */
  public static void gather(float[] u, float[] acc, int rows, int d, int p, int nb, long seed) {
    for (@Parallel int w = 0; w < (d + WORD - 1) / WORD; w++) {
      for (@Parallel int r = 0; r < rows; r++) {
        int i0 = w * WORD;
        int n = Math.min(WORD, d - i0);
        for (int e = 0; e < n; e++) {
          acc[r * d + i0 + e] = 0f;
        }
        for (int b = 0; b < nb; b++) {
          int word = Sorf.signWord(seed, b, 2, i0);
          for (int e = 0; e < n; e++) {
            float v = u[(r * nb + b) * p + i0 + e];
            acc[r * d + i0 + e] += ((word >> e) & 1) != 0 ? -v : v;
          }
        }
      }
    }
  }
}
