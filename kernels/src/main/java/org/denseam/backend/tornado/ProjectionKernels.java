package org.denseam.backend.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;

/**
 * The two products of DrDAM with Gaussian projections, as work-group kernels ({@link
 * KernelContext}): the forward product {@code h = Z Ωᵀ} ({@code h[r, α] = <ω_α, z_r>}, in RF,
 * ProcMems and GradComp) and the transpose product {@code acc = S Ω} ({@code acc[r, i] = Σ_α
 * slope[r, α] ω_{α,i}}, the second pass of GradComp). Ω (m × D) is never stored: a work-group
 * regenerates the part it needs ({@link DeviceMath#omega}'s stream, one Philox half-block per
 * pair of normals, {@link DeviceMath#omegaWords}) into local memory and applies it to many
 * inputs; each work-item keeps a 4 × 4 block of outputs in registers and writes each output once.
 * Every kernel writes its local tiles itself: TornadoVM 5.2 addresses a local array passed to a
 * helper method as if it were a Java heap array.
 *
 * <p>Two shapes, chosen per device type when a plan is built ({@link TornadoShape}):
 *
 * <ul>
 *   <li><b>tiles</b> (GPUs): the output is cut into tiles of {@code 4·LY} inputs × {@code 4·LX}
 *       columns, one per work-group of LX × LY work-items; the reduction runs in chunks of {@link
 *       #KC}, each chunk of Ω and of the inputs staged in local memory between two barriers (as
 *       in TornadoVM's {@code MatrixMul2DLocalMemory}). Ω is regenerated once per tile of inputs:
 *       ⌈B / 4LY⌉ times per call.
 *   <li><b>panels</b> (CPU OpenCL devices such as PoCL, where barriers are costly and local memory
 *       is plain cache): a work-group regenerates a panel of {@code 4·LX} projections × D once, then
 *       sweeps every input against it with no further barrier, so Ω is generated exactly once per
 *       call. The transpose product accumulates into one slab of B × D partial sums per
 *       work-group ({@link #SLABS} at most), summed in order by {@link #sumSlabs}. Needs {@code
 *       4·LX·D ≤} {@link #PANEL} floats of local memory, and LY a multiple of 4 (each work-item
 *       then draws one column of the panel).
 * </ul>
 *
 * <p>Work-group sizes are the grid's (LX, LY ≤ 32), read from the context. Accumulators are
 * float32; every output is written exactly once by one work-item (or, for panels, summed over a
 * fixed number of slabs in a fixed order), so results do not depend on scheduling.
 */
public final class ProjectionKernels {
  /** Reduction chunk of the tiles shape: components (forward) or projections (transpose). */
  public static final int KC = 16;
  /** Local floats of a tile of Ω or of the inputs in the tiles shape: KC × 4 × 32. */
  static final int TILE = KC * 128;
  /** Local floats of an Ω panel in the panels shape: 4·LX projections × D. */
  public static final int PANEL = 65536;
  /** Most slabs of partial sums of the transpose product in the panels shape. */
  public static final int SLABS = 8;

  private ProjectionKernels() {}

  /**
   * Whether the panels shape fits a dimension: {@code 4·LX·D ≤} {@link #PANEL}.
   *
   * @param lx work-group width LX
   * @param d dimension D
   * @return true if an Ω panel fits in local memory
   */
  public static boolean panelFits(int lx, int d) {
    return 4L * lx * d <= PANEL;
  }

  /**
   * Slabs of the panels-shape transpose product for m projections: one per work-group.
   *
   * @param lx work-group width LX
   * @param m projections
   * @return the number of work-groups and slabs, 1 to {@link #SLABS}
   */
  public static int slabs(int lx, int m) {
    return Math.max(1, Math.min(SLABS, (m + 4 * lx - 1) / (4 * lx)));
  }

  /**
   * Tiles shape, forward: {@code h[r·m + α] = Σ_i z[r·d + i] ω_{α,i}}. Grid: ⌈m / 4LX⌉·LX ×
   * ⌈rows / 4LY⌉·LY, work-groups LX × LY.
   *
   * @param ctx the kernel context
   * @param z scaled inputs, rows × d
   * @param h output, rows × m
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param k0 key word 0 of the seed
   * @param k1 key word 1 of the seed
   */
  public static void projectTiles(KernelContext ctx, float[] z, float[] h, int rows, int d, int m,
      int k0, int k1) {
    float[] wl = ctx.allocateFloatLocalArray(TILE);
    float[] zl = ctx.allocateFloatLocalArray(TILE);
    int lx = ctx.localIdx;
    int ly = ctx.localIdy;
    int nx = ctx.localGroupSizeX;
    int ny = ctx.localGroupSizeY;
    int tid = ly * nx + lx;
    int threads = nx * ny;
    int ta = 4 * nx;
    int tr = 4 * ny;
    int a0 = ctx.groupIdx * ta;
    int r0 = ctx.groupIdy * tr;
    float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
    float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
    for (int i0 = 0; i0 < d; i0 += KC) {
      for (int p = tid; p < ta * KC / 2; p += threads) {
        int aa = p % ta;
        int kk = 2 * (p / ta);
        int a = a0 + aa;
        int i = i0 + kk;
        long w = DeviceMath.omegaWords(k0, k1, a, i);
        float rad = DeviceMath.radius((int) (w >> 32));
        float ang = DeviceMath.angle((int) w);
        wl[kk * ta + aa] = a < m && i < d ? rad * TornadoMath.cos(ang) : 0f;
        wl[(kk + 1) * ta + aa] = a < m && i + 1 < d ? rad * TornadoMath.sin(ang) : 0f;
      }
      for (int e = tid; e < tr * KC; e += threads) {
        int rr = e / KC;
        int kk = e % KC;
        int r = r0 + rr;
        int i = i0 + kk;
        zl[kk * tr + rr] = r < rows && i < d ? z[r * d + i] : 0f;
      }
      ctx.localBarrier();
      // Chunk sums in fresh registers: values live across a barrier are kept in memory by some
      // compilers (PoCL), so the running sums are touched once per chunk only.
      float t00 = 0f, t01 = 0f, t02 = 0f, t03 = 0f, t10 = 0f, t11 = 0f, t12 = 0f, t13 = 0f;
      float t20 = 0f, t21 = 0f, t22 = 0f, t23 = 0f, t30 = 0f, t31 = 0f, t32 = 0f, t33 = 0f;
      for (int kk = 0; kk < KC; kk++) {
        int wo = kk * ta + lx;
        int zo = kk * tr + ly;
        float w0 = wl[wo];
        float w1 = wl[wo + nx];
        float w2 = wl[wo + 2 * nx];
        float w3 = wl[wo + 3 * nx];
        float x0 = zl[zo];
        float x1 = zl[zo + ny];
        float x2 = zl[zo + 2 * ny];
        float x3 = zl[zo + 3 * ny];
        t00 += x0 * w0; t01 += x0 * w1; t02 += x0 * w2; t03 += x0 * w3;
        t10 += x1 * w0; t11 += x1 * w1; t12 += x1 * w2; t13 += x1 * w3;
        t20 += x2 * w0; t21 += x2 * w1; t22 += x2 * w2; t23 += x2 * w3;
        t30 += x3 * w0; t31 += x3 * w1; t32 += x3 * w2; t33 += x3 * w3;
      }
      c00 += t00; c01 += t01; c02 += t02; c03 += t03;
      c10 += t10; c11 += t11; c12 += t12; c13 += t13;
      c20 += t20; c21 += t21; c22 += t22; c23 += t23;
      c30 += t30; c31 += t31; c32 += t32; c33 += t33;
      ctx.localBarrier();
    }
    int a = a0 + lx;
    store4(h, r0 + ly, rows, m, a, nx, c00, c01, c02, c03);
    store4(h, r0 + ly + ny, rows, m, a, nx, c10, c11, c12, c13);
    store4(h, r0 + ly + 2 * ny, rows, m, a, nx, c20, c21, c22, c23);
    store4(h, r0 + ly + 3 * ny, rows, m, a, nx, c30, c31, c32, c33);
  }

  /**
   * Tiles shape, transpose: {@code acc[r·d + i] = Σ_α slope[r·m + α] ω_{α,i}}. Grid: ⌈d / 4LX⌉·LX
   * × ⌈rows / 4LY⌉·LY, work-groups LX × LY.
   *
   * @param ctx the kernel context
   * @param slope slopes, rows × m
   * @param acc output, rows × d
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param k0 key word 0 of the seed
   * @param k1 key word 1 of the seed
   */
  public static void backProjectTiles(KernelContext ctx, float[] slope, float[] acc, int rows,
      int d, int m, int k0, int k1) {
    float[] wl = ctx.allocateFloatLocalArray(TILE);
    float[] sl = ctx.allocateFloatLocalArray(TILE);
    int lx = ctx.localIdx;
    int ly = ctx.localIdy;
    int nx = ctx.localGroupSizeX;
    int ny = ctx.localGroupSizeY;
    int tid = ly * nx + lx;
    int threads = nx * ny;
    int ti = 4 * nx;
    int tr = 4 * ny;
    int i0 = ctx.groupIdx * ti;
    int r0 = ctx.groupIdy * tr;
    float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
    float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
    for (int a0 = 0; a0 < m; a0 += KC) {
      for (int p = tid; p < ti * KC / 2; p += threads) {
        int ii = 2 * (p % (ti / 2));
        int ka = p / (ti / 2);
        int a = a0 + ka;
        int i = i0 + ii;
        long w = DeviceMath.omegaWords(k0, k1, a, i);
        float rad = DeviceMath.radius((int) (w >> 32));
        float ang = DeviceMath.angle((int) w);
        wl[ka * ti + ii] = a < m && i < d ? rad * TornadoMath.cos(ang) : 0f;
        wl[ka * ti + ii + 1] = a < m && i + 1 < d ? rad * TornadoMath.sin(ang) : 0f;
      }
      for (int e = tid; e < tr * KC; e += threads) {
        int rr = e / KC;
        int ka = e % KC;
        int r = r0 + rr;
        int a = a0 + ka;
        sl[ka * tr + rr] = r < rows && a < m ? slope[r * m + a] : 0f;
      }
      ctx.localBarrier();
      float t00 = 0f, t01 = 0f, t02 = 0f, t03 = 0f, t10 = 0f, t11 = 0f, t12 = 0f, t13 = 0f;
      float t20 = 0f, t21 = 0f, t22 = 0f, t23 = 0f, t30 = 0f, t31 = 0f, t32 = 0f, t33 = 0f;
      for (int ka = 0; ka < KC; ka++) {
        int wo = ka * ti + lx;
        int so = ka * tr + ly;
        float w0 = wl[wo];
        float w1 = wl[wo + nx];
        float w2 = wl[wo + 2 * nx];
        float w3 = wl[wo + 3 * nx];
        float s0 = sl[so];
        float s1 = sl[so + ny];
        float s2 = sl[so + 2 * ny];
        float s3 = sl[so + 3 * ny];
        t00 += s0 * w0; t01 += s0 * w1; t02 += s0 * w2; t03 += s0 * w3;
        t10 += s1 * w0; t11 += s1 * w1; t12 += s1 * w2; t13 += s1 * w3;
        t20 += s2 * w0; t21 += s2 * w1; t22 += s2 * w2; t23 += s2 * w3;
        t30 += s3 * w0; t31 += s3 * w1; t32 += s3 * w2; t33 += s3 * w3;
      }
      c00 += t00; c01 += t01; c02 += t02; c03 += t03;
      c10 += t10; c11 += t11; c12 += t12; c13 += t13;
      c20 += t20; c21 += t21; c22 += t22; c23 += t23;
      c30 += t30; c31 += t31; c32 += t32; c33 += t33;
      ctx.localBarrier();
    }
    int i = i0 + lx;
    store4(acc, r0 + ly, rows, d, i, nx, c00, c01, c02, c03);
    store4(acc, r0 + ly + ny, rows, d, i, nx, c10, c11, c12, c13);
    store4(acc, r0 + ly + 2 * ny, rows, d, i, nx, c20, c21, c22, c23);
    store4(acc, r0 + ly + 3 * ny, rows, d, i, nx, c30, c31, c32, c33);
  }

  /**
   * Panels shape, forward: as {@link #projectTiles}. Grid: ⌈m / 4LX⌉·LX × LY, work-groups LX ×
   * LY; each work-group generates its panel of 4·LX projections × D once.
   *
   * @param ctx the kernel context
   * @param z scaled inputs, rows × d
   * @param h output, rows × m
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param k0 key word 0 of the seed
   * @param k1 key word 1 of the seed
   */
  public static void projectPanels(KernelContext ctx, float[] z, float[] h, int rows, int d,
      int m, int k0, int k1) {
    float[] wl = ctx.allocateFloatLocalArray(PANEL);
    int lx = ctx.localIdx;
    int ly = ctx.localIdy;
    int nx = ctx.localGroupSizeX;
    int ny = ctx.localGroupSizeY;
    int tid = ly * nx + lx;
    int threads = nx * ny;
    int ta = 4 * nx;
    int tr = 4 * ny;
    int a0 = ctx.groupIdx * ta;
    int half = (d + 1) / 2;
    // Work-item tid owns panel column tid mod 4LX (LY is a multiple of 4: no division per pair).
    int aa = tid % ta;
    for (int kp = tid / ta; kp < half; kp += threads / ta) {
      int i = 2 * kp;
      int a = a0 + aa;
      long w = DeviceMath.omegaWords(k0, k1, a, i);
      float rad = DeviceMath.radius((int) (w >> 32));
      float ang = DeviceMath.angle((int) w);
      wl[i * ta + aa] = a < m ? rad * TornadoMath.cos(ang) : 0f;
      if (i + 1 < d) {
        wl[(i + 1) * ta + aa] = a < m ? rad * TornadoMath.sin(ang) : 0f;
      }
    }
    ctx.localBarrier();
    int a = a0 + lx;
    for (int r0 = 0; r0 < rows; r0 += tr) {
      int ra = Math.min(r0 + ly, rows - 1) * d;
      int rb = Math.min(r0 + ly + ny, rows - 1) * d;
      int rc = Math.min(r0 + ly + 2 * ny, rows - 1) * d;
      int rd = Math.min(r0 + ly + 3 * ny, rows - 1) * d;
      float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
      float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
      for (int i = 0; i < d; i++) {
        int wo = i * ta + lx;
        float w0 = wl[wo];
        float w1 = wl[wo + nx];
        float w2 = wl[wo + 2 * nx];
        float w3 = wl[wo + 3 * nx];
        float x0 = z[ra + i];
        float x1 = z[rb + i];
        float x2 = z[rc + i];
        float x3 = z[rd + i];
        c00 += x0 * w0; c01 += x0 * w1; c02 += x0 * w2; c03 += x0 * w3;
        c10 += x1 * w0; c11 += x1 * w1; c12 += x1 * w2; c13 += x1 * w3;
        c20 += x2 * w0; c21 += x2 * w1; c22 += x2 * w2; c23 += x2 * w3;
        c30 += x3 * w0; c31 += x3 * w1; c32 += x3 * w2; c33 += x3 * w3;
      }
      store4(h, r0 + ly, rows, m, a, nx, c00, c01, c02, c03);
      store4(h, r0 + ly + ny, rows, m, a, nx, c10, c11, c12, c13);
      store4(h, r0 + ly + 2 * ny, rows, m, a, nx, c20, c21, c22, c23);
      store4(h, r0 + ly + 3 * ny, rows, m, a, nx, c30, c31, c32, c33);
    }
  }

  /**
   * Panels shape, transpose: work-group g of {@code slabs} regenerates the panels of projections
   * {@code [4LX·t, 4LX·(t+1))} for t = g, g + slabs, …, one after another, and adds their share
   * {@code Σ_α slope[r, α] ω_{α,i}} of every output into its own slab {@code part[g]} (rows × d).
   * Grid: slabs·LX × LY, work-groups LX × LY. {@link #sumSlabs} finishes the product.
   *
   * @param ctx the kernel context
   * @param slope slopes, rows × m
   * @param part output slabs, slabs × rows × d
   * @param rows inputs
   * @param d dimension D
   * @param m projections
   * @param k0 key word 0 of the seed
   * @param k1 key word 1 of the seed
   * @param slabs number of work-groups and slabs
   */
  public static void backProjectPanels(KernelContext ctx, float[] slope, float[] part, int rows,
      int d, int m, int k0, int k1, int slabs) {
    float[] wl = ctx.allocateFloatLocalArray(PANEL);
    int lx = ctx.localIdx;
    int ly = ctx.localIdy;
    int nx = ctx.localGroupSizeX;
    int ny = ctx.localGroupSizeY;
    int tid = ly * nx + lx;
    int threads = nx * ny;
    int ta = 4 * nx;
    int tr = 4 * ny;
    int g = ctx.groupIdx;
    int base = g * rows * d;
    int half = (d + 1) / 2;
    for (int a0 = g * ta; a0 < m; a0 += slabs * ta) {
      int col = tid % ta;
      for (int kp = tid / ta; kp < half; kp += threads / ta) {
        int i = 2 * kp;
        int a = a0 + col;
        long w = DeviceMath.omegaWords(k0, k1, a, i);
        float rad = DeviceMath.radius((int) (w >> 32));
        float ang = DeviceMath.angle((int) w);
        wl[col * d + i] = a < m ? rad * TornadoMath.cos(ang) : 0f;
        if (i + 1 < d) {
          wl[col * d + i + 1] = a < m ? rad * TornadoMath.sin(ang) : 0f;
        }
      }
      ctx.localBarrier();
      int na = Math.min(ta, m - a0);
      for (int r0 = 0; r0 < rows; r0 += tr) {
        int ra = Math.min(r0 + ly, rows - 1) * m + a0;
        int rb = Math.min(r0 + ly + ny, rows - 1) * m + a0;
        int rc = Math.min(r0 + ly + 2 * ny, rows - 1) * m + a0;
        int rd = Math.min(r0 + ly + 3 * ny, rows - 1) * m + a0;
        for (int i0 = 0; i0 < d; i0 += ta) {
          int ia = Math.min(i0 + lx, d - 1);
          int ib = Math.min(i0 + lx + nx, d - 1);
          int ic = Math.min(i0 + lx + 2 * nx, d - 1);
          int id = Math.min(i0 + lx + 3 * nx, d - 1);
          float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
          float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
          for (int aa = 0; aa < na; aa++) {
            int wo = aa * d;
            float w0 = wl[wo + ia];
            float w1 = wl[wo + ib];
            float w2 = wl[wo + ic];
            float w3 = wl[wo + id];
            float s0 = slope[ra + aa];
            float s1 = slope[rb + aa];
            float s2 = slope[rc + aa];
            float s3 = slope[rd + aa];
            c00 += s0 * w0; c01 += s0 * w1; c02 += s0 * w2; c03 += s0 * w3;
            c10 += s1 * w0; c11 += s1 * w1; c12 += s1 * w2; c13 += s1 * w3;
            c20 += s2 * w0; c21 += s2 * w1; c22 += s2 * w2; c23 += s2 * w3;
            c30 += s3 * w0; c31 += s3 * w1; c32 += s3 * w2; c33 += s3 * w3;
          }
          boolean first = a0 == g * ta;
          add4(part, base, r0 + ly, rows, d, i0 + lx, nx, first, c00, c01, c02, c03);
          add4(part, base, r0 + ly + ny, rows, d, i0 + lx, nx, first, c10, c11, c12, c13);
          add4(part, base, r0 + ly + 2 * ny, rows, d, i0 + lx, nx, first, c20, c21, c22, c23);
          add4(part, base, r0 + ly + 3 * ny, rows, d, i0 + lx, nx, first, c30, c31, c32, c33);
        }
      }
      ctx.localBarrier();
    }
  }

  /**
   * Finishes the panels-shape transpose product: {@code acc[e] = Σ_g part[g·n + e]}, slabs in
   * order.
   *
   * @param part slabs, slabs × n
   * @param acc output, n values
   * @param n values per slab (rows × d)
   * @param slabs number of slabs
   */
  public static void sumSlabs(float[] part, float[] acc, int n, int slabs) {
    for (@Parallel int e = 0; e < n; e++) {
      float s = 0f;
      for (int g = 0; g < slabs; g++) {
        s += part[g * n + e];
      }
      acc[e] = s;
    }
  }

  /** Writes four outputs of row r at columns c, c + step, c + 2·step, c + 3·step (those in range). */
  private static void store4(float[] out, int r, int rows, int cols, int c, int step, float v0,
      float v1, float v2, float v3) {
    if (r < rows) {
      int o = r * cols + c;
      if (c < cols) {
        out[o] = v0;
      }
      if (c + step < cols) {
        out[o + step] = v1;
      }
      if (c + 2 * step < cols) {
        out[o + 2 * step] = v2;
      }
      if (c + 3 * step < cols) {
        out[o + 3 * step] = v3;
      }
    }
  }

  /** Adds four outputs into a slab (or stores them, for the slab's first panel). */
  private static void add4(float[] part, int base, int r, int rows, int cols, int c, int step,
      boolean first, float v0, float v1, float v2, float v3) {
    if (r < rows) {
      int o = base + r * cols + c;
      if (c < cols) {
        part[o] = first ? v0 : part[o] + v0;
      }
      if (c + step < cols) {
        part[o + step] = first ? v1 : part[o + step] + v1;
      }
      if (c + 2 * step < cols) {
        part[o + 2 * step] = first ? v2 : part[o + 2 * step] + v2;
      }
      if (c + 3 * step < cols) {
        part[o + 3 * step] = first ? v3 : part[o + 3 * step] + v3;
      }
    }
  }
}
