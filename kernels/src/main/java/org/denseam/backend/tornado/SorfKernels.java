package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import org.denseam.features.Sorf;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

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
 * <p>Three variants, chosen by the backend when it builds a plan: on GPUs, {@link #forwardFused}
 * and {@link #transposeFused} keep a block's three transforms in local memory (P ≤ {@link
 * #FUSED_P}), and the passes serve larger P; on CPU devices, {@link #forwardLanes} and {@link
 * #transposeLanes} transform eight inputs at once in the lanes of {@link Float8} vectors, one
 * work-item per group of eight inputs, the segment in the core's cache (P ≥ {@link #LANES_MIN_P};
 * the passes below); GradComp there runs {@link #forwardCoefficients}, which turns the projections
 * into slopes and shares of s while they are in the work-item's registers, so that neither the
 * B × m projections nor the values reach memory.
 *
 * <p>Signs are regenerated from the seed once per call, O(m) floats ({@link #draw}: {@link
 * Sorf#signFloat}), and the row factors once per plan on the host ({@link #factors}: {@link
 * Sorf#rowFactor}, float64 there so that the device needs none); {@link #gather}
 * draws {@code S₂} itself ({@link Sorf#signWord}, one Philox half-block per 32 signs). The
 * butterflies are {@link Sorf#fwhtGroup}. Those functions are the core's float32 path ({@link
 * Sorf#forwardFloat}, {@link Sorf#transposeFloat}), which CI tests against the float64 reference;
 * multiplying by a drawn sign is {@link Sorf#signGroup}'s negation, exactly.
 *
 * <p>The first {@code @Parallel} loop of a kernel is TornadoVM's dimension 0, the one whose
 * neighbouring work-items run together: it is always the index that is contiguous in memory.
 */
public final class SorfKernels {
  /** Signs per {@link Sorf#signWord}. */
  static final int WORD = 32;

  private SorfKernels() {}

  /**
   * The diagonals of a call, drawn once so that the kernels over B inputs read them instead of
   * drawing them B times (O(Y + P) floats, integer arithmetic only): {@code S₂} of every block,
   * {@code sign[b·P + i]} (components past D get the sign of component 0; they multiply zeros),
   * {@code S₀} and {@code S₁}, {@code mix[j·nb·P + b·P + i] = S_j[b][i]} ({@link
   * Sorf#signFloat}). The row factors are the host's ({@link #factors}).
   *
   * @param sign output, nb × p
   * @param mix output, 2 × nb × p
   * @param d dimension D
   * @param p padded dimension P
   * @param nb blocks
   * @param seed seed τ
   */
  public static void draw(float[] sign, float[] mix, int d, int p, int nb, long seed) {
    for (@Parallel int e = 0; e < nb * p; e++) {
      int b = e / p;
      int i = e - b * p;
      sign[e] = Sorf.signFloat(seed, b, 2, i < d ? i : 0);
      mix[e] = Sorf.signFloat(seed, b, 0, i);
      mix[nb * p + e] = Sorf.signFloat(seed, b, 1, i);
    }
  }

  /**
   * The row factors {@code ρ_α / P} of every projection ({@link Sorf#rowFactor}, 0 past the last
   * projection), computed on the host once per plan and transferred with it: their chi
   * distribution needs float64 logarithms and roots, which devices without fp64 lack, and they do
   * not depend on the inputs. The same float32 values the JVM backend uses.
   *
   * @param seed seed τ
   * @param d dimension D
   * @param m number of projections
   * @param p padded dimension P
   * @param nb blocks
   * @return {@code factor[α]}, nb × P
   */
  public static float[] factors(long seed, int d, int m, int p, int nb) {
    float[] factor = new float[nb * p];
    for (int a = 0; a < m; a++) {
      factor[a] = Sorf.rowFactor(seed, a, d, p);
    }
    return factor;
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
   * Largest P of the fused transforms ({@link #forwardFused}, {@link #transposeFused}): a segment of
   * P floats in local memory, work-groups of P / 2 work-items.
   */
  public static final int FUSED_P = 2048;

  /**
   * Whether the fused transforms serve blocks of P: {@code 2 ≤ P ≤} {@link #FUSED_P}.
   *
   * @param p the padded dimension P
   * @return true for the fused kernels, false for the butterfly passes
   */
  public static boolean fused(int p) {
    return p >= 2 && p <= FUSED_P;
  }

  /**
   * The whole forward SORF transform of one block of one input in local memory: {@code h[r, bP +
   * i] = factor · (H S_0 H S_1 H S_2 z_r)[i]} (the transforms of {@link Sorf#forwardFloat}, the
   * same butterflies in the same order as {@link Sorf#fwhtFloat}, so the same float32 result).
   * Grid: nb·P/2 × rows, work-groups of P/2 × 1: work-group (b, r), each work-item one butterfly
   * per stage, a barrier between stages.
   *
   * @param ctx the kernel context
   * @param z scaled inputs, rows × d
   * @param sign {@code S_2} of every block, nb × P ({@link #draw})
   * @param mix {@code S_0} and {@code S_1}, 2 × nb × P ({@link #draw})
   * @param factor row factors, nb × P ({@link #draw})
   * @param h output, rows × m
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param p the padded dimension P
   * @param nb blocks
   */
  public static void forwardFused(KernelContext ctx, float[] z, float[] sign, float[] mix,
      float[] factor, float[] h, int rows, int d, int m, int p, int nb) {
    float[] v = ctx.allocateFloatLocalArray(FUSED_P);
    int t = ctx.localIdx;
    int b = ctx.groupIdx;
    int r = ctx.globalIdy;
    int half = p / 2;
    int e0 = t;
    int e1 = t + half;
    int sb = b * p;
    v[e0] = e0 < d ? sign[sb + e0] * z[r * d + e0] : 0f;
    v[e1] = e1 < d ? sign[sb + e1] * z[r * d + e1] : 0f;
    ctx.localBarrier();
    for (int k = 0; k < 3; k++) {
      for (int bit = 1; bit < p; bit <<= 1) {
        int ia = ((t & ~(bit - 1)) << 1) | (t & (bit - 1));
        float x = v[ia];
        float y = v[ia + bit];
        v[ia] = x + y;
        v[ia + bit] = x - y;
        ctx.localBarrier();
      }
      if (k < 2) {
        // S_1 before the second transform, S_0 before the third.
        int mj = (1 - k) * nb * p + sb;
        v[e0] = mix[mj + e0] * v[e0];
        v[e1] = mix[mj + e1] * v[e1];
        ctx.localBarrier();
      }
    }
    if (sb + e0 < m) {
      h[r * m + sb + e0] = factor[sb + e0] * v[e0];
    }
    if (sb + e1 < m) {
      h[r * m + sb + e1] = factor[sb + e1] * v[e1];
    }
  }

  /**
   * The transpose SORF transform of one block of one input in local memory, up to the last
   * diagonal: {@code u[r, b] = H S_1 H S_0 H (factor · c_r)} (the transforms of {@link
   * Sorf#transposeFloat} before {@code S_2}, which {@link #gather} applies while it sums the
   * blocks). Grid and work-groups as {@link #forwardFused}.
   *
   * @param ctx the kernel context
   * @param c coefficients (slopes), rows × m
   * @param mix {@code S_0} and {@code S_1}, 2 × nb × P ({@link #draw})
   * @param factor row factors, nb × P ({@link #draw})
   * @param u output, rows × nb × P
   * @param rows inputs
   * @param m projections
   * @param p the padded dimension P
   * @param nb blocks
   */
  public static void transposeFused(KernelContext ctx, float[] c, float[] mix, float[] factor,
      float[] u, int rows, int m, int p, int nb) {
    float[] v = ctx.allocateFloatLocalArray(FUSED_P);
    int t = ctx.localIdx;
    int b = ctx.groupIdx;
    int r = ctx.globalIdy;
    int half = p / 2;
    int e0 = t;
    int e1 = t + half;
    int sb = b * p;
    v[e0] = sb + e0 < m ? factor[sb + e0] * c[r * m + sb + e0] : 0f;
    v[e1] = sb + e1 < m ? factor[sb + e1] * c[r * m + sb + e1] : 0f;
    ctx.localBarrier();
    for (int k = 0; k < 3; k++) {
      for (int bit = 1; bit < p; bit <<= 1) {
        int ia = ((t & ~(bit - 1)) << 1) | (t & (bit - 1));
        float x = v[ia];
        float y = v[ia + bit];
        v[ia] = x + y;
        v[ia + bit] = x - y;
        ctx.localBarrier();
      }
      if (k < 2) {
        // S_0 before the second transform, S_1 before the third.
        int mj = k * nb * p + sb;
        v[e0] = mix[mj + e0] * v[e0];
        v[e1] = mix[mj + e1] * v[e1];
        ctx.localBarrier();
      }
    }
    int o = (r * nb + b) * p;
    u[o + e0] = v[e0];
    u[o + e1] = v[e1];
  }

  /** Inputs per work-item of the lane kernels ({@link #forwardLanes}, {@link #transposeLanes}). */
  public static final int LANES = 8;

  /**
   * Smallest P of the lane kernels. Below it their sweeps have four iterations or fewer, which
   * TornadoVM 5.2's task specialisation unrolls over the vector buffer and then fails to compile
   * ("Argument is not an array"); the butterfly passes serve those P (D ≤ 16).
   */
  public static final int LANES_MIN_P = 32;

  /**
   * Whether the lane kernels serve blocks of P on a CPU device: {@code P ≥} {@link #LANES_MIN_P}.
   *
   * @param p the padded dimension P
   * @return true for {@link #forwardLanes} and {@link #transposeLanes}, false for the passes
   */
  public static boolean lanes(int p) {
    return p >= LANES_MIN_P;
  }

  /**
   * Groups of {@link #LANES} inputs for {@code rows} inputs.
   *
   * @param rows number of inputs
   * @return {@code ⌈rows / 8⌉}
   */
  public static int groups(int rows) {
    return (rows + LANES - 1) / LANES;
  }

  /**
   * Float8 vectors of the lane kernels' work buffer: a segment of P per (group, block) for {@link
   * #forwardLanes}, a segment and a running sum of P per group for {@link #transposeLanes}.
   *
   * @param rows number of inputs
   * @param p the padded dimension P
   * @param nb blocks
   * @return {@code ⌈rows / 8⌉ · max(nb, 2) · P}
   */
  public static long laneVectors(int rows, int p, int nb) {
    return (long) groups(rows) * Math.max(nb, 2) * p;
  }

  /**
   * The whole forward SORF transform of one block for eight inputs at once, one input per lane of
   * {@link Float8} (CPU devices: every butterfly is a vector instruction, whatever the compiler
   * makes of the work-items, and the segment of P vectors stays in the core's cache): {@code h[r,
   * bP + i] = factor · (H S_0 H S_1 H S_2 z_r)[i]}, the butterflies in the order of {@link
   * Sorf#fwhtFloat}, so the float32 result of {@link Sorf#forwardFloat}. One
   * work-item per (block, group of eight inputs), grid nb × ⌈rows / 8⌉; lanes past the last input
   * repeat it and are not written. (Vector arguments of helper methods compile here; TornadoVM
   * 5.2 breaks only on local arrays passed to them.)
   *
   * @param z scaled inputs, rows × d
   * @param sign {@code S_2} of every block, nb × P ({@link #draw})
   * @param mix {@code S_0} and {@code S_1}, 2 × nb × P ({@link #draw})
   * @param factor row factors, nb × P ({@link #draw})
   * @param w work buffer, {@link #laneVectors} vectors
   * @param h output, rows × m
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param p the padded dimension P
   * @param nb blocks
   */
  public static void forwardLanes(float[] z, float[] sign, float[] mix, float[] factor,
      VectorFloat8 w, float[] h, int rows, int d, int m, int p, int nb) {
    for (@Parallel int b = 0; b < nb; b++) {
      for (@Parallel int g = 0; g < (rows + LANES - 1) / LANES; g++) {
        int o = (g * nb + b) * p;
        int sb = b * p;
        int r0 = g * LANES;
        forwardSegment(z, sign, mix, w, o, sb, r0, rows, d, p, nb);
        int n = Math.min(p, m - sb);
        for (int i = 0; i < n; i++) {
          storeLanes(h, r0 * m + sb + i, m, rows - r0, Float8.mult(w.get(o + i), factor[sb + i]));
        }
      }
    }
  }


  /**
   * The forward transform of a (block, group) of the lane kernels, up to the row factors: loads
   * the segment, {@code w[o + i] = S_2[sb + i] · (z_{r0}[i], …, z_{r0+7}[i])} for {@code i < d}
   * and zeros up to P (lanes past the last input repeat it), then {@code H S_0 H S_1 H} in place
   * ({@link #transformLanes}).
   *
   * @param z scaled inputs, rows × d
   * @param sign {@code S_2} of every block, nb × P ({@link #draw})
   * @param mix {@code S_0} and {@code S_1}, 2 × nb × P ({@link #draw})
   * @param w work buffer
   * @param o first vector of the segment
   * @param sb first projection of the block, b · P
   * @param r0 first input of the group
   * @param rows inputs
   * @param d dimension D
   * @param p the padded dimension P
   * @param nb blocks
   */
  static void forwardSegment(float[] z, float[] sign, float[] mix, VectorFloat8 w, int o, int sb,
      int r0, int rows, int d, int p, int nb) {
    int last = rows - 1;
    int z0 = r0 * d;
    int z1 = Math.min(r0 + 1, last) * d;
    int z2 = Math.min(r0 + 2, last) * d;
    int z3 = Math.min(r0 + 3, last) * d;
    int z4 = Math.min(r0 + 4, last) * d;
    int z5 = Math.min(r0 + 5, last) * d;
    int z6 = Math.min(r0 + 6, last) * d;
    int z7 = Math.min(r0 + 7, last) * d;
    for (int i = 0; i < d; i++) {
      Float8 v = new Float8(z[z0 + i], z[z1 + i], z[z2 + i], z[z3 + i], z[z4 + i], z[z5 + i],
          z[z6 + i], z[z7 + i]);
      w.set(o + i, Float8.mult(v, sign[sb + i]));
    }
    for (int i = d; i < p; i++) {
      w.set(o + i, DeviceMath.zero8());
    }
    // S_1 before the second transform, S_0 before the third.
    transformLanes(w, o, p, mix, nb * p + sb, sb);
  }

  /**
   * GradComp's forward pass on CPU devices: {@link #forwardLanes} fused with the first pass of
   * the gradient ({@link DrDamKernels#coefficients}). Each work-item transforms its block for
   * eight inputs and, without writing the projections, turns each vector of eight projections
   * into eight slopes ({@link DrDamKernels#slopeLanes}), written in lane layout for {@link
   * #transposeLanes}, and eight shares of s ({@link DrDamKernels#valueLanes}), summed in two
   * levels (runs of {@link DrDamKernels#BLOCK}, then the block) into the block's part of s, which
   * {@link DrDamKernels#energyLanes} sums over the blocks. Grid as {@link #forwardLanes}.
   *
   * @param z scaled inputs, rows × d
   * @param n2 squared norms of the scaled inputs
   * @param sign {@code S_2} of every block, nb × P ({@link #draw})
   * @param mix {@code S_0} and {@code S_1}, 2 × nb × P ({@link #draw})
   * @param factor row factors, nb × P ({@link #factors})
   * @param t the vector T
   * @param w work buffer, {@link #laneVectors} vectors
   * @param slope output, the slopes of group g and projection α at {@code g·m + α}, ⌈rows / 8⌉
   *     × m vectors
   * @param part output, the part of s of group g and block b at {@code g·nb + b}, ⌈rows / 8⌉ ×
   *     nb vectors
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param p the padded dimension P
   * @param nb blocks
   * @param basis basis code
   * @param c normalisation constant
   * @param k0 key word 0 of the seed τ (for Cos shifts)
   * @param k1 key word 1 of the seed τ
   * @param paired 1 if the basis emits two features per projection
   */
  public static void forwardCoefficients(float[] z, float[] n2, float[] sign, float[] mix,
      float[] factor, float[] t, VectorFloat8 w, VectorFloat8 slope, VectorFloat8 part, int rows,
      int d, int m, int p, int nb, int basis, float c, int k0, int k1, int paired) {
    for (@Parallel int b = 0; b < nb; b++) {
      for (@Parallel int g = 0; g < (rows + LANES - 1) / LANES; g++) {
        int o = (g * nb + b) * p;
        int sb = b * p;
        int r0 = g * LANES;
        forwardSegment(z, sign, mix, w, o, sb, r0, rows, d, p, nb);
        Float8 norms = DrDamKernels.lanesOf(n2, r0, rows);
        int n = Math.min(p, m - sb);
        Float8 sum = DeviceMath.zero8();
        for (int i0 = 0; i0 < n; i0 += DrDamKernels.BLOCK) {
          int end = Math.min(n, i0 + DrDamKernels.BLOCK);
          Float8 run = DeviceMath.zero8();
          for (int i = i0; i < end; i++) {
            int a = sb + i;
            Float8 hv = Float8.mult(w.get(o + i), factor[a]);
            float bias = basis == FeatureKernels.COS ? DeviceMath.bias(k0, k1, a) : 0f;
            float t0 = paired == 1 ? t[2 * a] : t[a];
            float t1 = paired == 1 ? t[2 * a + 1] : 0f;
            Float8 pv = DeviceMath.pLanes(basis, hv, bias, norms);
            Float8 qv = DeviceMath.qLanes(basis, hv, bias, norms);
            run = Float8.add(run, DrDamKernels.valueLanes(basis, c, pv, qv, t0, t1));
            slope.set(g * m + a, DrDamKernels.slopeLanes(basis, c, pv, qv, t0, t1));
          }
          sum = Float8.add(sum, run);
        }
        part.set(g * nb + b, sum);
      }
    }
  }

  /**
   * The transpose SORF product for eight inputs at once, one input per lane ({@link
   * #forwardLanes}): {@code acc[r] = Σ_b S_2 H S_1 H S_0 H (factor · c_r)} over the blocks in
   * order, the float32 result of {@link Sorf#transposeFloat}. One work-item per group of eight
   * inputs, grid ⌈rows / 8⌉: its segment and its running sum (P vectors each) stay in the core's
   * cache while it loops over the blocks.
   *
   * @param c the slopes in lane layout, those of group g and projection α at {@code g·m + α}
   *     ({@link #forwardCoefficients}), ⌈rows / 8⌉ × m vectors
   * @param sign {@code S_2} of every block, nb × P ({@link #draw})
   * @param mix {@code S_0} and {@code S_1}, 2 × nb × P ({@link #draw})
   * @param factor row factors, nb × P ({@link #draw})
   * @param w work buffer, {@link #laneVectors} vectors
   * @param acc output, rows × d
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param p the padded dimension P
   * @param nb blocks
   */
  public static void transposeLanes(VectorFloat8 c, float[] sign, float[] mix, float[] factor,
      VectorFloat8 w, float[] acc, int rows, int d, int m, int p, int nb) {
    for (@Parallel int g = 0; g < (rows + LANES - 1) / LANES; g++) {
      int o = g * 2 * p;
      int s = o + p;
      int r0 = g * LANES;
      for (int i = 0; i < d; i++) {
        w.set(s + i, DeviceMath.zero8());
      }
      for (int b = 0; b < nb; b++) {
        int sb = b * p;
        int n = Math.min(p, m - sb);
        for (int i = 0; i < n; i++) {
          int a = sb + i;
          w.set(o + i, Float8.mult(c.get(g * m + a), factor[a]));
        }
        for (int i = n; i < p; i++) {
          w.set(o + i, DeviceMath.zero8());
        }
        // S_0 before the second transform, S_1 before the third.
        transformLanes(w, o, p, mix, sb, nb * p + sb);
        for (int i = 0; i < d; i++) {
          w.set(s + i, Float8.add(w.get(s + i), Float8.mult(w.get(o + i), sign[sb + i])));
        }
      }
      for (int i = 0; i < d; i++) {
        storeLanes(acc, r0 * d + i, d, rows - r0, w.get(s + i));
      }
    }
  }

  /**
   * Three FWHTs of the P vectors {@code w[o .. o + P)} in place, with the diagonal {@code
   * mix[first ..]} before the second and {@code mix[second ..]} before the third: {@code H
   * S_second H S_first H}, lane by lane. Each FWHT runs the butterflies of {@link
   * Sorf#fwhtFloat} stage by stage from stride 1, two stages per sweep while two remain (the same
   * sums and differences as two radix-2 stages, the vectors read and written once), then one.
   *
   * @param w work buffer
   * @param o first vector of the segment
   * @param p the padded dimension P, a power of two
   * @param mix the diagonals ({@link #draw})
   * @param first offset in mix of the diagonal before the second transform
   * @param second offset in mix of the diagonal before the third transform
   */
  static void transformLanes(VectorFloat8 w, int o, int p, float[] mix, int first, int second) {
    for (int k = 0; k < 3; k++) {
      int bit = 1;
      for (; 4 * bit <= p; bit *= 4) {
        for (int t = 0; t < p / 4; t++) {
          int i0 = o + (((t & ~(bit - 1)) << 2) | (t & (bit - 1)));
          Float8 x0 = w.get(i0);
          Float8 x1 = w.get(i0 + bit);
          Float8 x2 = w.get(i0 + 2 * bit);
          Float8 x3 = w.get(i0 + 3 * bit);
          Float8 s01 = Float8.add(x0, x1);
          Float8 d01 = Float8.sub(x0, x1);
          Float8 s23 = Float8.add(x2, x3);
          Float8 d23 = Float8.sub(x2, x3);
          w.set(i0, Float8.add(s01, s23));
          w.set(i0 + bit, Float8.add(d01, d23));
          w.set(i0 + 2 * bit, Float8.sub(s01, s23));
          w.set(i0 + 3 * bit, Float8.sub(d01, d23));
        }
      }
      for (; 2 * bit <= p; bit *= 2) {
        for (int t = 0; t < p / 2; t++) {
          int i0 = o + (((t & ~(bit - 1)) << 1) | (t & (bit - 1)));
          Float8 x0 = w.get(i0);
          Float8 x1 = w.get(i0 + bit);
          w.set(i0, Float8.add(x0, x1));
          w.set(i0 + bit, Float8.sub(x0, x1));
        }
      }
      if (k < 2) {
        int mj = k == 0 ? first : second;
        for (int i = 0; i < p; i++) {
          w.set(o + i, Float8.mult(w.get(o + i), mix[mj + i]));
        }
      }
    }
  }

  /**
   * Writes the lanes of v to {@code out[a], out[a + stride], …}, lane l only if {@code l < n} (the
   * inputs of a group that exist).
   *
   * @param out output
   * @param a index of lane 0
   * @param stride distance between lanes in out
   * @param n inputs left from lane 0 on
   * @param v the values, one per input
   */
  static void storeLanes(float[] out, int a, int stride, int n, Float8 v) {
    out[a] = v.getS0();
    if (n > 1) {
      out[a + stride] = v.getS1();
    }
    if (n > 2) {
      out[a + 2 * stride] = v.getS2();
    }
    if (n > 3) {
      out[a + 3 * stride] = v.getS3();
    }
    if (n > 4) {
      out[a + 4 * stride] = v.getS4();
    }
    if (n > 5) {
      out[a + 5 * stride] = v.getS5();
    }
    if (n > 6) {
      out[a + 6 * stride] = v.getS6();
    }
    if (n > 7) {
      out[a + 7 * stride] = v.getS7();
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
   * @param mix {@code S_0} and {@code S_1} of every block, 2 × nb × P ({@link #draw})
   */
  public static void butterflies(float[] u, int segments, int p, int h, int q, int nb, int j,
      float[] mix) {
    int groups = p >> q;
    for (@Parallel int g = 0; g < segments * groups; g++) {
      int seg = g / groups;
      int k = g - seg * groups;
      int local = Sorf.groupBase(k, h, q);
      if (j >= 0) {
        int o = seg * p + local;
        int s = (j * nb + seg - (seg / nb) * nb) * p + local;
        for (int e = 0; e < 1 << q; e++) {
          u[o + e] = mix[s + e] * u[o + e];
        }
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
