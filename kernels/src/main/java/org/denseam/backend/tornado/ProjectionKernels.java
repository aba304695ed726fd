package org.denseam.backend.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The two products of DrDAM with Gaussian projections, as work-group kernels ({@link
 * KernelContext}): the forward product {@code h = Z Ωᵀ} ({@code h[r, α] = <ω_α, z_r>}, in RF,
 * ProcMems and GradComp) and the transpose product {@code acc = S Ω} ({@code acc[r, i] = Σ_α
 * slope[r, α] ω_{α,i}}, the second pass of GradComp). Ω (m × D) is never stored: a work-group
 * regenerates the part it needs ({@link DeviceMath#omega}'s stream, one Philox half-block per
 * pair of normals, {@link DeviceMath#omegaWords}) into local memory and applies it to many
 * inputs. Every kernel writes its local tiles itself: TornadoVM 5.2 addresses a local array passed
 * to a helper method as if it were a Java heap array.
 *
 * <p>Two shapes ({@link TornadoShape}: the family per device type, then per call the panels where
 * they fit the device at that D, the tiles otherwise):
 *
 * <ul>
 *   <li><b>tiles</b> (GPUs): the output is cut into tiles of {@code 4·LY} inputs × {@code 4·LX}
 *       columns, one per work-group of LX × LY work-items, each work-item keeping a 4 × 4 block of
 *       outputs in registers; the reduction runs in chunks of {@link #KC}, each chunk of Ω and of
 *       the inputs staged in local memory between two barriers (as in TornadoVM's {@code
 *       MatrixMul2DLocalMemory}). Ω is regenerated once per tile of inputs: ⌈B / 4LY⌉ times per
 *       call.
 *   <li><b>panels</b> (CPU OpenCL devices such as PoCL, where barriers are costly, local memory is
 *       plain cache, and a work-group is compiled into a loop over its work-items that the
 *       compiler vectorises only where the kernel has no loop of its own): a work-group of
 *       {@link #panelGroup}(D) work-items draws a panel of {@link #PW} projections × D, one Philox
 *       block per work-item and no loop, then sweeps every input against it with no further
 *       barrier, each work-item keeping 4 × 16 outputs in {@link Float8} registers (vector code
 *       whatever the compiler does with the work-items). Ω is generated exactly once per product
 *       (per 4096 inputs in the transpose product). The transpose product's panels are {@link
 *       #BACK_PW} projections × 16 components, so that each work-item's loop between two barriers
 *       is long; its sums stay in registers across the panels of a slab and go once into one of
 *       {@link #SLABS} slabs of B × D partial sums, summed in order by {@link #sumSlabs}. Needs D
 *       ≤ {@link #PANEL_D}, work-groups of {@link #panelGroup}(D) work-items, and local memory
 *       for the constant-sized panels ({@link #PANEL} and {@link #BACK_PANEL} floats: 64 KiB and
 *       512 KiB whatever D, as OpenCL local arrays have compile-time sizes).
 * </ul>
 *
 * <p>Accumulators are float32; every output is written exactly once by one work-item (or, for
 * panels, summed over a fixed number of slabs in a fixed order), so results do not depend on
 * scheduling.
 */
public final class ProjectionKernels {
  /** Reduction chunk of the tiles shape: components (forward) or projections (transpose). */
  public static final int KC = 16;
  /** Local floats of a tile of Ω or of the inputs in the tiles shape: KC × 4 × 32. */
  static final int TILE = KC * 128;
  /** Projections per Ω panel in the panels shape. */
  public static final int PW = 16;
  /** Largest dimension D of the panels shape (work-groups of {@link #panelGroup}(D) ≤ 4096). */
  public static final int PANEL_D = 1024;
  /** Local floats of an Ω panel of the forward product in the panels shape: {@link #PW} × D. */
  static final int PANEL = PW * PANEL_D;
  /** Most slabs of partial sums of the transpose product in the panels shape. */
  public static final int SLABS = 8;

  private ProjectionKernels() {}

  /**
   * The work-group size of the panels shape for dimension D: one work-item per Philox block of a
   * panel, {@code PW·⌈D/4⌉}.
   *
   * @param d dimension D
   * @return work-items per work-group
   */
  public static int panelGroup(int d) {
    return PW * ((d + 3) / 4);
  }

  /**
   * Slabs of the panels-shape transpose product for m projections: one per work-group, at most
   * one per panel of {@link #BACK_PW} projections ({@link #backProjectPanels}).
   *
   * @param m projections
   * @return the number of work-groups and slabs, 1 to {@link #SLABS}
   */
  public static int slabs(int m) {
    return Math.max(1, Math.min(SLABS, (m + BACK_PW - 1) / BACK_PW));
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
        wl[kk * ta + aa] = a < m && i < d ? rad * DeviceMath.cos(ang) : 0f;
        wl[(kk + 1) * ta + aa] = a < m && i + 1 < d ? rad * DeviceMath.sin(ang) : 0f;
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
        wl[ka * ti + ii] = a < m && i < d ? rad * DeviceMath.cos(ang) : 0f;
        wl[ka * ti + ii + 1] = a < m && i + 1 < d ? rad * DeviceMath.sin(ang) : 0f;
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
   * Panels shape, forward: as {@link #projectTiles}. Grid: ⌈m / {@link #PW}⌉ work-groups of
   * {@link #panelGroup}(d) work-items (1-D). Work-group g draws the panel of projections {@code
   * [PW·g, PW·g + PW)} × D into local memory, one Philox block (four normals) per work-item with
   * no loop, so that CPU compilers vectorise the drawing across work-items; then each work-item
   * sweeps blocks of 4 inputs against the panel, keeping 4 × 16 outputs in eight {@link Float8}
   * registers.
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
    int tid = ctx.localIdx;
    int group = ctx.localGroupSizeX;
    int a0 = ctx.groupIdx * PW;
    // The panel, laid out [i][column]: work-item tid draws ω_{a, i..i+3} for column tid mod PW.
    int col = tid % PW;
    int i = tid / PW * 4;
    int a = a0 + col;
    boolean live = a < m;
    long lo = DeviceMath.omegaWords(k0, k1, a, i);
    long hi = DeviceMath.omegaWords(k0, k1, a, i + 2);
    float rlo = DeviceMath.radius((int) (lo >> 32));
    float tlo = DeviceMath.angle((int) lo);
    float rhi = DeviceMath.radius((int) (hi >> 32));
    float thi = DeviceMath.angle((int) hi);
    if (i < d) {
      wl[i * PW + col] = live ? rlo * DeviceMath.cos(tlo) : 0f;
    }
    if (i + 1 < d) {
      wl[(i + 1) * PW + col] = live ? rlo * DeviceMath.sin(tlo) : 0f;
    }
    if (i + 2 < d) {
      wl[(i + 2) * PW + col] = live ? rhi * DeviceMath.cos(thi) : 0f;
    }
    if (i + 3 < d) {
      wl[(i + 3) * PW + col] = live ? rhi * DeviceMath.sin(thi) : 0f;
    }
    ctx.localBarrier();
    int cols = Math.min(PW, m - a0);
    for (int r = 4 * tid; r < rows; r += 4 * group) {
      int ra = r * d;
      int rb = Math.min(r + 1, rows - 1) * d;
      int rc = Math.min(r + 2, rows - 1) * d;
      int rd = Math.min(r + 3, rows - 1) * d;
      Float8 c0l = DeviceMath.zero8();
      Float8 c0h = DeviceMath.zero8();
      Float8 c1l = DeviceMath.zero8();
      Float8 c1h = DeviceMath.zero8();
      Float8 c2l = DeviceMath.zero8();
      Float8 c2h = DeviceMath.zero8();
      Float8 c3l = DeviceMath.zero8();
      Float8 c3h = DeviceMath.zero8();
      for (int k = 0; k < d; k++) {
        int wo = k * PW;
        Float8 wlo = new Float8(wl[wo], wl[wo + 1], wl[wo + 2], wl[wo + 3], wl[wo + 4],
            wl[wo + 5], wl[wo + 6], wl[wo + 7]);
        Float8 whi = new Float8(wl[wo + 8], wl[wo + 9], wl[wo + 10], wl[wo + 11], wl[wo + 12],
            wl[wo + 13], wl[wo + 14], wl[wo + 15]);
        float x0 = z[ra + k];
        float x1 = z[rb + k];
        float x2 = z[rc + k];
        float x3 = z[rd + k];
        c0l = Float8.add(c0l, Float8.mult(wlo, x0));
        c0h = Float8.add(c0h, Float8.mult(whi, x0));
        c1l = Float8.add(c1l, Float8.mult(wlo, x1));
        c1h = Float8.add(c1h, Float8.mult(whi, x1));
        c2l = Float8.add(c2l, Float8.mult(wlo, x2));
        c2h = Float8.add(c2h, Float8.mult(whi, x2));
        c3l = Float8.add(c3l, Float8.mult(wlo, x3));
        c3h = Float8.add(c3h, Float8.mult(whi, x3));
      }
      int o = r * m + a0;
      put16(h, o, cols, c0l, c0h);
      if (r + 1 < rows) {
        put16(h, o + m, cols, c1l, c1h);
      }
      if (r + 2 < rows) {
        put16(h, o + 2 * m, cols, c2l, c2h);
      }
      if (r + 3 < rows) {
        put16(h, o + 3 * m, cols, c3l, c3h);
      }
    }
  }

  /** Projections per panel of {@link #backProjectPanels}: eight Philox blocks per work-item. */
  static final int BACK_PW = 8 * PW;
  /**
   * Local floats of a panel of {@link #backProjectPanels}: {@link #BACK_PW} projections × {@link
   * #PANEL_D}, 512 KiB. A work-item's vector reads of the panel of a call reach at most {@code
   * (BACK_PW - 1)·D + 16·⌈D/16⌉ - 1 < BACK_PW·PANEL_D} for D ≤ {@link #PANEL_D}, so none passes
   * the array's end.
   */
  static final int BACK_PANEL = BACK_PW * PANEL_D;

  /**
   * Panels shape, transpose: work-group g of {@code slabs} draws the panels of projections {@code
   * [BACK_PW·t, BACK_PW·t + BACK_PW)} × D for t = g, g + slabs, … one after another (laid out
   * [α][i], eight Philox blocks per work-item, as in {@link
   * #projectPanels}); each work-item keeps a block of 4 inputs × 16 components of {@code Σ_α
   * slope[r, α] ω_{α,i}} in eight {@link Float8} registers across those panels, a loop of {@link
   * #BACK_PW} multiply-adds per panel (a constant trip count, which the compiler schedules far
   * better than a variable one), and writes it once into the work-group's slab {@code
   * part[g]} (rows × d). The work-items of a work-group share each panel's slopes, which stay in
   * cache. Where there are more blocks than work-items the work-group takes them in rounds,
   * drawing its panels again in each. Grid: slabs work-groups of {@link #panelGroup}(d)
   * work-items (1-D). {@link #sumSlabs} finishes the product.
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
    float[] wl = ctx.allocateFloatLocalArray(BACK_PANEL);
    int tid = ctx.localIdx;
    int group = ctx.localGroupSizeX;
    int g = ctx.groupIdx;
    int col = tid % PW;
    int i = tid / PW * 4;
    int strips = (d + 15) / 16;
    int blocks = (rows + 3) / 4 * strips;
    for (int t0 = 0; t0 < blocks; t0 += group) {
      // This round's block of the work-item (the last one where it has none: not stored).
      int t = Math.min(t0 + tid, blocks - 1);
      int r = t / strips * 4;
      int i0 = t % strips * 16;
      int sa = r * m;
      int sb = Math.min(r + 1, rows - 1) * m;
      int sc = Math.min(r + 2, rows - 1) * m;
      int sd = Math.min(r + 3, rows - 1) * m;
      Float8 c0l = DeviceMath.zero8();
      Float8 c0h = DeviceMath.zero8();
      Float8 c1l = DeviceMath.zero8();
      Float8 c1h = DeviceMath.zero8();
      Float8 c2l = DeviceMath.zero8();
      Float8 c2h = DeviceMath.zero8();
      Float8 c3l = DeviceMath.zero8();
      Float8 c3h = DeviceMath.zero8();
      for (int a0 = g * BACK_PW; a0 < m; a0 += slabs * BACK_PW) {
        for (int j = 0; j < BACK_PW; j += PW) {
          int a = a0 + j + col;
          boolean live = a < m;
          long lo = DeviceMath.omegaWords(k0, k1, a, i);
          long hi = DeviceMath.omegaWords(k0, k1, a, i + 2);
          float rlo = DeviceMath.radius((int) (lo >> 32));
          float tlo = DeviceMath.angle((int) lo);
          float rhi = DeviceMath.radius((int) (hi >> 32));
          float thi = DeviceMath.angle((int) hi);
          int wa = (j + col) * d + i;
          if (i < d) {
            wl[wa] = live ? rlo * DeviceMath.cos(tlo) : 0f;
          }
          if (i + 1 < d) {
            wl[wa + 1] = live ? rlo * DeviceMath.sin(tlo) : 0f;
          }
          if (i + 2 < d) {
            wl[wa + 2] = live ? rhi * DeviceMath.cos(thi) : 0f;
          }
          if (i + 3 < d) {
            wl[wa + 3] = live ? rhi * DeviceMath.sin(thi) : 0f;
          }
        }
        ctx.localBarrier();
        // Work-items with no block this round skip the products. The loop has a constant trip
        // count (projections past m have ω = 0 and read the last slope instead).
        if (t0 + tid < blocks) {
          for (int aa = 0; aa < BACK_PW; aa++) {
            // Components past D read the next row of the panel (or its padding): never stored.
            int wo = aa * d + i0;
            Float8 wlo = new Float8(wl[wo], wl[wo + 1], wl[wo + 2], wl[wo + 3], wl[wo + 4],
                wl[wo + 5], wl[wo + 6], wl[wo + 7]);
            Float8 whi = new Float8(wl[wo + 8], wl[wo + 9], wl[wo + 10], wl[wo + 11], wl[wo + 12],
                wl[wo + 13], wl[wo + 14], wl[wo + 15]);
            int a = Math.min(a0 + aa, m - 1);
            float s0 = slope[sa + a];
            float s1 = slope[sb + a];
            float s2 = slope[sc + a];
            float s3 = slope[sd + a];
            c0l = Float8.add(c0l, Float8.mult(wlo, s0));
            c0h = Float8.add(c0h, Float8.mult(whi, s0));
            c1l = Float8.add(c1l, Float8.mult(wlo, s1));
            c1h = Float8.add(c1h, Float8.mult(whi, s1));
            c2l = Float8.add(c2l, Float8.mult(wlo, s2));
            c2h = Float8.add(c2h, Float8.mult(whi, s2));
            c3l = Float8.add(c3l, Float8.mult(wlo, s3));
            c3h = Float8.add(c3h, Float8.mult(whi, s3));
          }
        }
        ctx.localBarrier();
      }
      if (t0 + tid < blocks) {
        int n = Math.min(16, d - i0);
        int o = g * rows * d + r * d + i0;
        put16(part, o, n, c0l, c0h);
        if (r + 1 < rows) {
          put16(part, o + d, n, c1l, c1h);
        }
        if (r + 2 < rows) {
          put16(part, o + 2 * d, n, c2l, c2h);
        }
        if (r + 3 < rows) {
          put16(part, o + 3 * d, n, c3l, c3h);
        }
      }
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

  /**
   * Stores the first n (at most 16) of the 16 outputs {@code lo, hi} at {@code out[o..]}. (Vector
   * components are read by name: kernel compilers take no variable index into a vector.)
   */
  private static void put16(float[] out, int o, int n, Float8 lo, Float8 hi) {
    put(out, o + 0, 0 < n, lo.getS0());
    put(out, o + 1, 1 < n, lo.getS1());
    put(out, o + 2, 2 < n, lo.getS2());
    put(out, o + 3, 3 < n, lo.getS3());
    put(out, o + 4, 4 < n, lo.getS4());
    put(out, o + 5, 5 < n, lo.getS5());
    put(out, o + 6, 6 < n, lo.getS6());
    put(out, o + 7, 7 < n, lo.getS7());
    put(out, o + 8, 8 < n, hi.getS0());
    put(out, o + 9, 9 < n, hi.getS1());
    put(out, o + 10, 10 < n, hi.getS2());
    put(out, o + 11, 11 < n, hi.getS3());
    put(out, o + 12, 12 < n, hi.getS4());
    put(out, o + 13, 13 < n, hi.getS5());
    put(out, o + 14, 14 < n, hi.getS6());
    put(out, o + 15, 15 < n, hi.getS7());
  }

  /** Writes one output if {@code live}: {@code out[o] = v}. */
  private static void put(float[] out, int o, boolean live, float v) {
    if (live) {
      out[o] = v;
    }
  }
}
