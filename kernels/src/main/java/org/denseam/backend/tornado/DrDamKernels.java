package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The element-wise DrDAM kernels of Algorithm 1 for TornadoVM (RF features, ProcMems
 * accumulation, the coefficients, energy and gradient of GradComp): static methods over flat float
 * arrays, float32 only. The two products with Ω are {@link ProjectionKernels} (Gaussian) and
 * {@link SorfKernels} (SORF). The feature formulas are the core's ({@link FeatureKernels#valueOf}
 * and its siblings), applied to primitives computed with the device's float32 functions ({@link
 * DeviceMath}). No buffer has D × Y entries or grows with K.
 *
 * <p>Shapes: {@code rows} inputs of dimension {@code d}; {@code m} projections; T of length Y. In
 * the 2-D kernels the first {@code @Parallel} loop, TornadoVM's dimension 0, runs over α, the index
 * contiguous in memory.
 */
public final class DrDamKernels {
  /** Shares per first-level block of {@link #energy}'s sum. */
  static final int BLOCK = 64;

  private DrDamKernels() {}

  /**
   * Scales the inputs, {@code z = √β x}, and takes their squared norms.
   *
   * @param x inputs, rows × d
   * @param z output, rows × d
   * @param n2 output, {@code ||z_r||²}
   * @param rows number of inputs
   * @param d dimension D
   * @param sqrtBeta √β
   */
  public static void scale(float[] x, float[] z, float[] n2, int rows, int d, float sqrtBeta) {
    for (@Parallel int r = 0; r < rows; r++) {
      scaleRow(x, z, n2, r, d, sqrtBeta);
    }
  }

  /**
   * {@link #scale} of input r: {@code z_r = √β x_r} and {@code n2[r] = ||z_r||²}.
   *
   * @param x inputs, rows × d
   * @param z output, rows × d
   * @param n2 output, {@code ||z_r||²}
   * @param r the input
   * @param d dimension D
   * @param sqrtBeta √β
   */
  static void scaleRow(float[] x, float[] z, float[] n2, int r, int d, float sqrtBeta) {
    float s = 0f;
    for (int i = 0; i < d; i++) {
      float v = sqrtBeta * x[r * d + i];
      z[r * d + i] = v;
      s += v * v;
    }
    n2[r] = s;
  }

  /**
   * The task of the graph that uploads T and leaves it on the device for the GradComp graphs that
   * follow (TornadoVM transfers a graph's inputs for its tasks): it rewrites T's first entry with
   * its own value, one work-item.
   *
   * @param t the vector T
   */
  public static void hold(float[] t) {
    for (@Parallel int i = 0; i < 1; i++) {
      t[i] = t[i];
    }
  }

  /**
   * RF: the features {@code φ(z_r)}, one work-item per (α, r) and no loop (grid ⌈m / L⌉·L ×
   * rows, work-groups L × 1): kernels without loops are the ones CPU OpenCL compilers vectorise
   * across work-items and GPUs schedule directly.
   *
   * @param ctx the kernel context
   * @param h projections, rows × m
   * @param n2 squared norms of the scaled inputs
   * @param phi output, rows × y
   * @param rows number of inputs
   * @param m number of projections
   * @param y feature dimension Y
   * @param basis basis code ({@link FeatureKernels})
   * @param c normalisation constant
   * @param k0 key word 0 of the seed τ (for Cos shifts)
   * @param k1 key word 1 of the seed τ
   * @param paired 1 if the basis emits two features per projection
   */
  public static void features(KernelContext ctx, float[] h, float[] n2, float[] phi, int rows,
      int m, int y, int basis, float c, int k0, int k1, int paired) {
    int a = ctx.globalIdx;
    int r = ctx.globalIdy;
    if (a < m && r < rows) {
      float bias = basis == FeatureKernels.COS ? DeviceMath.bias(k0, k1, a) : 0f;
      float hv = h[r * m + a];
      float p = DeviceMath.p(basis, hv, bias, n2[r]);
      if (paired == 1) {
        phi[r * y + 2 * a] = FeatureKernels.firstOf(c, p);
        phi[r * y + 2 * a + 1] = FeatureKernels.secondOf(c, DeviceMath.q(basis, hv, bias, n2[r]));
      } else {
        phi[r * y + a] = FeatureKernels.firstOf(c, p);
      }
    }
  }

  /**
   * ProcMems: {@code dt = sign · Σ_r φ(z_r)}, summed over the batch in order (deterministic).
   *
   * @param h projections of the memories, rows × m
   * @param n2 squared norms of the scaled memories
   * @param dt output, length Y
   * @param rows number of memories
   * @param m number of projections
   * @param basis basis code
   * @param c normalisation constant
   * @param k0 key word 0 of the seed τ (for Cos shifts)
   * @param k1 key word 1 of the seed τ
   * @param paired 1 if the basis emits two features per projection
   * @param sign +1 to add, -1 to remove
   */
  public static void accumulate(float[] h, float[] n2, float[] dt, int rows, int m, int basis,
      float c, int k0, int k1, int paired, float sign) {
    for (@Parallel int a = 0; a < m; a++) {
      float bias = basis == FeatureKernels.COS ? DeviceMath.bias(k0, k1, a) : 0f;
      float f0 = 0f;
      float f1 = 0f;
      for (int r = 0; r < rows; r++) {
        float hv = h[r * m + a];
        f0 += sign * FeatureKernels.firstOf(c, DeviceMath.p(basis, hv, bias, n2[r]));
        if (paired == 1) {
          f1 += sign * FeatureKernels.secondOf(c, DeviceMath.q(basis, hv, bias, n2[r]));
        }
      }
      if (paired == 1) {
        dt[2 * a] = f0;
        dt[2 * a + 1] = f1;
      } else {
        dt[a] = f0;
      }
    }
  }

  /**
   * GradComp, first pass: for each input and projection, its share of {@code s = <φ(z), T>} and
   * the slope multiplying {@code ω_α} in {@code J_φ(z)ᵀ T}; one work-item per (α, r), no loop
   * (grid ⌈m / L⌉·L × rows, work-groups L × 1).
   *
   * @param ctx the kernel context
   * @param h projections, rows × m
   * @param n2 squared norms of the scaled inputs
   * @param t the vector T
   * @param value output, rows × m
   * @param slope output, rows × m
   * @param rows number of inputs
   * @param m number of projections
   * @param basis basis code
   * @param c normalisation constant
   * @param k0 key word 0 of the seed τ (for Cos shifts)
   * @param k1 key word 1 of the seed τ
   * @param paired 1 if the basis emits two features per projection
   */
  public static void coefficients(KernelContext ctx, float[] h, float[] n2, float[] t,
      float[] value, float[] slope, int rows, int m, int basis, float c, int k0, int k1,
      int paired) {
    int a = ctx.globalIdx;
    int r = ctx.globalIdy;
    if (a < m && r < rows) {
      float bias = basis == FeatureKernels.COS ? DeviceMath.bias(k0, k1, a) : 0f;
      float t0 = paired == 1 ? t[2 * a] : t[a];
      float t1 = paired == 1 ? t[2 * a + 1] : 0f;
      int k = r * m + a;
      float p = DeviceMath.p(basis, h[k], bias, n2[r]);
      float q = DeviceMath.q(basis, h[k], bias, n2[r]);
      value[k] = FeatureKernels.valueOf(basis, c, p, q, t0, t1);
      slope[k] = FeatureKernels.slopeOf(basis, c, p, q, t0, t1);
    }
  }

  /**
   * {@code s_r = Σ_α value}, summed in float32 in two levels (sums of blocks of {@link #BLOCK}
   * shares, then the sum of those), so that its rounding error grows with {@code BLOCK + m/BLOCK}
   * rather than m, without float64 arithmetic on the device (and without a compensated sum, which
   * relaxed-math compilers may fold away).
   *
   * @param value shares of s, rows × m
   * @param s output, length rows
   * @param energy output, {@code -(1/β) log max(ε, s)} ({@link DeviceMath#energy}), length rows
   * @param rows number of inputs
   * @param m number of projections
   * @param beta β
   * @param clip ε in float32 ({@link DeviceMath#clip})
   */
  public static void energy(float[] value, float[] s, float[] energy, int rows, int m, float beta,
      float clip) {
    for (@Parallel int r = 0; r < rows; r++) {
      float sum = 0f;
      for (int a0 = 0; a0 < m; a0 += BLOCK) {
        float part = 0f;
        int end = Math.min(m, a0 + BLOCK);
        for (int a = a0; a < end; a++) {
          part += value[r * m + a];
        }
        sum += part;
      }
      s[r] = sum;
      energy[r] = DeviceMath.energy(sum, clip, beta);
    }
  }

  /**
   * {@link #energy} for the lane layout of the CPU SORF kernels: {@code s_r} is the sum of the
   * parts of its group's blocks ({@link SorfKernels#forwardCoefficients}, each a sum of runs of
   * {@link #BLOCK} shares), in block order; one work-item per group of eight inputs.
   *
   * @param part the parts of s, group g and block b at {@code g·nb + b}, ⌈rows / 8⌉ × nb vectors
   * @param s output, length rows
   * @param energy output, {@code -(1/β) log max(ε, s)}, length rows
   * @param rows number of inputs
   * @param nb blocks
   * @param beta β
   * @param clip ε in float32 ({@link DeviceMath#clip})
   */
  public static void energyLanes(VectorFloat8 part, float[] s, float[] energy, int rows, int nb,
      float beta, float clip) {
    for (@Parallel int g = 0; g < (rows + SorfKernels.LANES - 1) / SorfKernels.LANES; g++) {
      Float8 sum = DeviceMath.zero8();
      for (int b = 0; b < nb; b++) {
        sum = Float8.add(sum, part.get(g * nb + b));
      }
      int r0 = g * SorfKernels.LANES;
      SorfKernels.storeLanes(s, r0, 1, rows - r0, sum);
      Float8 e = new Float8(DeviceMath.energy(sum.getS0(), clip, beta),
          DeviceMath.energy(sum.getS1(), clip, beta), DeviceMath.energy(sum.getS2(), clip, beta),
          DeviceMath.energy(sum.getS3(), clip, beta), DeviceMath.energy(sum.getS4(), clip, beta),
          DeviceMath.energy(sum.getS5(), clip, beta), DeviceMath.energy(sum.getS6(), clip, beta),
          DeviceMath.energy(sum.getS7(), clip, beta));
      SorfKernels.storeLanes(energy, r0, 1, rows - r0, e);
    }
  }

  /**
   * The values {@code v[r0 + l]} of eight consecutive inputs, one per lane, lanes past the last
   * input repeating it.
   *
   * @param v one value per input
   * @param r0 the first input
   * @param rows number of inputs
   * @return the eight values
   */
  static Float8 lanesOf(float[] v, int r0, int rows) {
    int last = rows - 1;
    return new Float8(v[r0], v[Math.min(r0 + 1, last)], v[Math.min(r0 + 2, last)],
        v[Math.min(r0 + 3, last)], v[Math.min(r0 + 4, last)], v[Math.min(r0 + 5, last)],
        v[Math.min(r0 + 6, last)], v[Math.min(r0 + 7, last)]);
  }

  /**
   * {@link #coefficients}' shares of s for eight inputs, one per lane: {@link
   * FeatureKernels#valueOf} of each lane's primitives.
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param p the first primitives ({@link DeviceMath#pLanes})
   * @param q the second primitives ({@link DeviceMath#qLanes})
   * @param t0 T of the first feature of α
   * @param t1 T of the second (paired bases)
   * @return the eight shares
   */
  static Float8 valueLanes(int basis, float c, Float8 p, Float8 q, float t0, float t1) {
    return new Float8(FeatureKernels.valueOf(basis, c, p.getS0(), q.getS0(), t0, t1),
        FeatureKernels.valueOf(basis, c, p.getS1(), q.getS1(), t0, t1),
        FeatureKernels.valueOf(basis, c, p.getS2(), q.getS2(), t0, t1),
        FeatureKernels.valueOf(basis, c, p.getS3(), q.getS3(), t0, t1),
        FeatureKernels.valueOf(basis, c, p.getS4(), q.getS4(), t0, t1),
        FeatureKernels.valueOf(basis, c, p.getS5(), q.getS5(), t0, t1),
        FeatureKernels.valueOf(basis, c, p.getS6(), q.getS6(), t0, t1),
        FeatureKernels.valueOf(basis, c, p.getS7(), q.getS7(), t0, t1));
  }

  /**
   * {@link #coefficients}' slopes for eight inputs, one per lane: {@link
   * FeatureKernels#slopeOf} of each lane's primitives.
   *
   * @param basis basis code
   * @param c normalisation constant
   * @param p the first primitives ({@link DeviceMath#pLanes})
   * @param q the second primitives ({@link DeviceMath#qLanes})
   * @param t0 T of the first feature of α
   * @param t1 T of the second (paired bases)
   * @return the eight slopes
   */
  static Float8 slopeLanes(int basis, float c, Float8 p, Float8 q, float t0, float t1) {
    return new Float8(FeatureKernels.slopeOf(basis, c, p.getS0(), q.getS0(), t0, t1),
        FeatureKernels.slopeOf(basis, c, p.getS1(), q.getS1(), t0, t1),
        FeatureKernels.slopeOf(basis, c, p.getS2(), q.getS2(), t0, t1),
        FeatureKernels.slopeOf(basis, c, p.getS3(), q.getS3(), t0, t1),
        FeatureKernels.slopeOf(basis, c, p.getS4(), q.getS4(), t0, t1),
        FeatureKernels.slopeOf(basis, c, p.getS5(), q.getS5(), t0, t1),
        FeatureKernels.slopeOf(basis, c, p.getS6(), q.getS6(), t0, t1),
        FeatureKernels.slopeOf(basis, c, p.getS7(), q.getS7(), t0, t1));
  }

  /**
   * The gradient {@code ∇Ê = -(J_φᵀT - [exp bases] 2 z s) / (√β s)}, zero where {@code s < ε};
   * one work-item per (i, r), no loop (grid ⌈d / L⌉·L × rows, work-groups L × 1).
   *
   * @param ctx the kernel context
   * @param acc {@code Σ_α slope ω_α}, rows × d
   * @param z scaled inputs, rows × d
   * @param s inner products {@code <φ(z), T>}
   * @param grad output, rows × d
   * @param rows number of inputs
   * @param d dimension D
   * @param sqrtBeta √β
   * @param clip ε in float32
   * @param exponential 1 for the Exp and ExpExp bases
   */
  public static void gradient(KernelContext ctx, float[] acc, float[] z, float[] s, float[] grad,
      int rows, int d, float sqrtBeta, float clip, int exponential) {
    int i = ctx.globalIdx;
    int r = ctx.globalIdy;
    if (i < d && r < rows) {
      grad[r * d + i] =
          gradientOf(acc[r * d + i], z[r * d + i], s[r], sqrtBeta, clip, exponential);
    }
  }

  /**
   * One coordinate of the gradient ({@link #gradient}): {@code -(j - [exp bases] 2 z s) / (√β s)},
   * zero where {@code s < ε}.
   *
   * @param j the coordinate of {@code Σ_α slope ω_α}
   * @param z the coordinate of the scaled input
   * @param s the inner product {@code <φ(z), T>}
   * @param sqrtBeta √β
   * @param clip ε in float32
   * @param exponential 1 for the Exp and ExpExp bases
   * @return the coordinate of the gradient
   */
  static float gradientOf(float j, float z, float s, float sqrtBeta, float clip,
      int exponential) {
    float jt = exponential == 1 ? j - 2f * z * s : j;
    return s < clip ? 0f : -jt / (sqrtBeta * s);
  }

}
