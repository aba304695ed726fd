package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.collections.VectorFloat8;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The exact MrDAM log-sum-exp energy and gradient for TornadoVM, blocked over K in C chunks: a
 * chunk of the memories is streamed with a running max, running sum and running weighted sum per
 * query (never materialising the B × K scores), and a merge combines the chunks. Extra memory
 * O(B·C·D), independent of K. Two shapes: on GPUs, flash-style tiles ({@link #partialTiles}: 16
 * queries × 16 memories per work-group, slices of both staged in local memory); on CPU devices,
 * panels of 16 memories scored in {@link Float8} lanes against {@link #QUERIES} queries per
 * work-item ({@link #partialPanels}). {@link #merge} and {@link #mergePanels} finish them.
 *
 * <p>Register blocks are written out by hand, as in {@link ProjectionKernels}: TornadoVM keeps
 * scalar locals in registers, where small arrays would go to private memory.
 */
public final class LseKernels {
  /**
   * The score of "no memory" (an empty chunk, a missing member of the last group): the lowest
   * float rather than -∞, since kernels are compiled with finite-math-only flags.
   */
  static final float NONE = -Float.MAX_VALUE;

  /** Queries a work-item of {@link #partialPanels} serves, sharing each memory it reads. */
  static final int QUERIES = 4;
  /** Memories per panel of {@link #partialPanels}: two {@link Float8} lanes. */
  public static final int PANEL = 16;

  private LseKernels() {}

  /** Queries per work-group of {@link #partialTiles}. */
  public static final int TQ = 16;
  /** Memories per tile of {@link #partialTiles}. */
  public static final int TM = 16;
  /** Components per slice of the staged scores in {@link #partialTiles}. */
  public static final int TD = 64;
  /** Work-items per work-group of {@link #partialTiles}: one per (query, memory) of a tile. */
  public static final int FLASH_GROUP = TQ * TM;

  /**
   * GPU shape, flash-style: work-group (c, t) streams chunk c of the memories, {@code [K·c/C,
   * K·(c+1)/C)}, in tiles of {@link #TM} for the {@link #TQ} queries of query tile t, with a
   * running max, running sum and running weighted sum per query. Per tile, the scores of the 16 × 16
   * pairs are computed from slices of {@link #TD} components of the queries and the memories
   * staged in local memory (work-item (q, μ) one score), the weights go to local memory, and
   * work-item (q, μ) updates components μ, μ + 16, … of query q's weighted sum (neighbouring
   * work-items, neighbouring components). Every memory value fetched into local memory serves 16
   * queries and the weighted sums are read and written once per 16 memories (4 and 4 in the
   * loop kernel it replaced). Grid C·256 × ⌈rows / 16⌉, work-groups 256 × 1.
   *
   * @param ctx the kernel context
   * @param x queries, rows × d
   * @param xi memories, k × d
   * @param pm output: running max per (r, c)
   * @param ps output: running sum per (r, c)
   * @param pacc output: running weighted sum per (r, c), d values each
   * @param rows number of queries
   * @param k number of memories K
   * @param d dimension D
   * @param chunks number of chunks C
   * @param beta β
   * @param dot 1 for the dot-product similarity, 0 for squared distance
   */
  public static void partialTiles(KernelContext ctx, float[] x, float[] xi, float[] pm,
      float[] ps, float[] pacc, int rows, int k, int d, int chunks, float beta, int dot) {
    float[] xs = ctx.allocateFloatLocalArray(TQ * TD);
    float[] ms = ctx.allocateFloatLocalArray(TM * TD);
    float[] w = ctx.allocateFloatLocalArray(TQ * TM);
    int t = ctx.localIdx;
    int c = ctx.groupIdx;
    int tile = ctx.groupIdy;
    int lo = (int) ((long) k * c / chunks);
    int hi = (int) ((long) k * (c + 1) / chunks);
    int q = t / TM;
    int mu = t - q * TM;
    int r = Math.min(tile * TQ + q, rows - 1);
    boolean ok = tile * TQ + q < rows;
    int base = (r * chunks + c) * d;
    float f = dot == 1 ? beta : -0.5f * beta;
    if (ok) {
      for (int i = mu; i < d; i += TM) {
        pacc[base + i] = 0f;
      }
    }
    float mx = NONE;
    float sum = 0f;
    for (int m0 = lo; m0 < hi; m0 += TM) {
      float score = 0f;
      for (int i0 = 0; i0 < d; i0 += TD) {
        for (int e = t; e < TQ * TD; e += FLASH_GROUP) {
          int qq = e / TD;
          int ii = i0 + e - qq * TD;
          int rr = Math.min(tile * TQ + qq, rows - 1);
          xs[e] = ii < d ? x[rr * d + ii] : 0f;
        }
        for (int e = t; e < TM * TD; e += FLASH_GROUP) {
          int mm = e / TD;
          int ii = i0 + e - mm * TD;
          int row = Math.min(m0 + mm, hi - 1);
          ms[e] = ii < d ? xi[row * d + ii] : 0f;
        }
        ctx.localBarrier();
        for (int ii = 0; ii < TD; ii++) {
          float a = xs[q * TD + ii];
          float b = ms[mu * TD + ii];
          float e2 = a - b;
          score += dot == 1 ? a * b : e2 * e2;
        }
        ctx.localBarrier();
      }
      float a = m0 + mu < hi ? f * score : NONE;
      w[t] = a;
      ctx.localBarrier();
      // Every work-item of query q computes the same tile maximum and sum from the same values.
      float g = NONE;
      for (int j = 0; j < TM; j++) {
        g = Math.max(g, w[q * TM + j]);
      }
      float rs = 1f;
      if (g > mx) {
        rs = TornadoMath.exp(mx - g);
        mx = g;
      }
      ctx.localBarrier();
      w[t] = m0 + mu < hi ? TornadoMath.exp(a - mx) : 0f;
      ctx.localBarrier();
      float part = 0f;
      for (int j = 0; j < TM; j++) {
        part += w[q * TM + j];
      }
      // The running sum rescaled (rs = 1 when the maximum stays) and the tile's part added in one
      // multiply-add, which TornadoVM fuses where a rescale inside the branch would not be.
      sum = sum * rs + part;
      if (ok) {
        for (int i = mu; i < d; i += TM) {
          float v = pacc[base + i] * rs;
          for (int j = 0; j < TM; j++) {
            v += w[q * TM + j] * xi[Math.min(m0 + j, hi - 1) * d + i];
          }
          pacc[base + i] = v;
        }
      }
      ctx.localBarrier();
    }
    if (ok && mu == 0) {
      pm[r * chunks + c] = mx;
      ps[r * chunks + c] = sum;
    }
  }

  /**
   * The memories in panels of {@link #PANEL} for {@link #partialPanels}: {@code ξ_{16p+j, i}} at
   * {@code (p·d + i)·16 + j}, zero past K. (Built once per memory on the host.)
   *
   * @param xi memories, k × d
   * @param k number of memories K
   * @param d dimension D
   * @return the panels, ⌈K/16⌉ × D × 16 floats
   */
  public static float[] panels(float[] xi, int k, int d) {
    int n = (k + PANEL - 1) / PANEL;
    float[] xp = new float[org.denseam.Checks.product("memory panels of 16 x D", (long) n * PANEL,
        d)];
    for (int mu = 0; mu < k; mu++) {
      int base = mu / PANEL * d * PANEL + mu % PANEL;
      for (int i = 0; i < d; i++) {
        xp[base + i * PANEL] = xi[mu * d + i];
      }
    }
    return xp;
  }

  /**
   * The memories with rows padded to a multiple of 8 for {@link #partialPanels}: {@code ξ_{μ, i}}
   * at {@code μ·8⌈D/8⌉ + i}, zero past D. (Built once per memory on the host.)
   *
   * @param xi memories, k × d
   * @param k number of memories K
   * @param d dimension D
   * @return the padded rows, K × 8⌈D/8⌉ floats
   */
  public static float[] rows8(float[] xi, int k, int d) {
    int dp = (d + 7) / 8 * 8;
    float[] xr = new float[org.denseam.Checks.product("memory rows padded to 8", k, dp)];
    for (int mu = 0; mu < k; mu++) {
      System.arraycopy(xi, mu * d, xr, mu * dp, d);
    }
    return xr;
  }

  /**
   * As {@link #partialTiles}, for CPU devices: chunk c is a run of panels of {@link #PANEL} memories
   * ({@link #panels}), and each work-item scores a panel against its four queries with the
   * panel's 16 memories in two {@link Float8} lanes, then folds them into its running sums with
   * {@link Float8} rows of ξ (vector code whatever the compiler does with the work-items). The
   * partial results have {@link #partialTiles}' layout; {@link #merge} finishes both.
   *
   * @param x queries, rows × d
   * @param xi memories, k × d
   * @param xp the memories in panels ({@link #panels})
   * @param pm output: running max per (r, c)
   * @param ps output: running sum per (r, c)
   * @param pacc output: running weighted sum per (r, c), d values each
   * @param wbuf scratch: the 4 × 16 weights of each work-item's current panel
   * @param rows number of queries
   * @param k number of memories K
   * @param d dimension D
   * @param chunks number of chunks C
   * @param beta β
   * @param dot 1 for the dot-product similarity, 0 for squared distance
   */
  public static void partialPanels(float[] x, VectorFloat8 xr, VectorFloat8 xp, float[] pm,
      float[] ps, VectorFloat8 pacc, float[] wbuf, int rows, int k, int d, int chunks, float beta,
      int dot) {
    int dv = (d + 7) / 8;
    int npan = (k + PANEL - 1) / PANEL;
    int blocks = (rows + QUERIES - 1) / QUERIES;
    for (@Parallel int c = 0; c < chunks; c++) {
      for (@Parallel int rb = 0; rb < blocks; rb++) {
        int plo = (int) ((long) npan * c / chunks);
        int phi = (int) ((long) npan * (c + 1) / chunks);
        int r0 = Math.min(rb * QUERIES, rows - 1);
        int r1 = Math.min(rb * QUERIES + 1, rows - 1);
        int r2 = Math.min(rb * QUERIES + 2, rows - 1);
        int r3 = Math.min(rb * QUERIES + 3, rows - 1);
        boolean ok1 = rb * QUERIES + 1 < rows;
        boolean ok2 = rb * QUERIES + 2 < rows;
        boolean ok3 = rb * QUERIES + 3 < rows;
        int x0 = r0 * d;
        int x1 = r1 * d;
        int x2 = r2 * d;
        int x3 = r3 * d;
        int b0 = (r0 * chunks + c) * dv;
        int b1 = (r1 * chunks + c) * dv;
        int b2 = (r2 * chunks + c) * dv;
        int b3 = (r3 * chunks + c) * dv;
        int wb = (c * blocks + rb) * QUERIES * PANEL;
        float f = dot == 1 ? beta : -0.5f * beta;
        for (int i = 0; i < dv; i++) {
          pacc.set(b0 + i, DeviceMath.zero8());
          if (ok1) {
            pacc.set(b1 + i, DeviceMath.zero8());
          }
          if (ok2) {
            pacc.set(b2 + i, DeviceMath.zero8());
          }
          if (ok3) {
            pacc.set(b3 + i, DeviceMath.zero8());
          }
        }
        float mx0 = NONE;
        float mx1 = NONE;
        float mx2 = NONE;
        float mx3 = NONE;
        float sum0 = 0f;
        float sum1 = 0f;
        float sum2 = 0f;
        float sum3 = 0f;
        for (int pan = plo; pan < phi; pan++) {
          Float8 s0l = DeviceMath.zero8();
          Float8 s0h = DeviceMath.zero8();
          Float8 s1l = DeviceMath.zero8();
          Float8 s1h = DeviceMath.zero8();
          Float8 s2l = DeviceMath.zero8();
          Float8 s2h = DeviceMath.zero8();
          Float8 s3l = DeviceMath.zero8();
          Float8 s3h = DeviceMath.zero8();
          int po = 2 * pan * d;
          if (dot == 1) {
            for (int i = 0; i < d; i++) {
              Float8 ml = xp.get(po + 2 * i);
              Float8 mh = xp.get(po + 2 * i + 1);
              float v0 = x[x0 + i];
              float v1 = x[x1 + i];
              float v2 = x[x2 + i];
              float v3 = x[x3 + i];
              s0l = Float8.add(s0l, Float8.mult(ml, v0));
              s0h = Float8.add(s0h, Float8.mult(mh, v0));
              s1l = Float8.add(s1l, Float8.mult(ml, v1));
              s1h = Float8.add(s1h, Float8.mult(mh, v1));
              s2l = Float8.add(s2l, Float8.mult(ml, v2));
              s2h = Float8.add(s2h, Float8.mult(mh, v2));
              s3l = Float8.add(s3l, Float8.mult(ml, v3));
              s3h = Float8.add(s3h, Float8.mult(mh, v3));
            }
          } else {
            for (int i = 0; i < d; i++) {
              Float8 ml = xp.get(po + 2 * i);
              Float8 mh = xp.get(po + 2 * i + 1);
              Float8 e0l = Float8.sub(ml, x[x0 + i]);
              Float8 e0h = Float8.sub(mh, x[x0 + i]);
              Float8 e1l = Float8.sub(ml, x[x1 + i]);
              Float8 e1h = Float8.sub(mh, x[x1 + i]);
              Float8 e2l = Float8.sub(ml, x[x2 + i]);
              Float8 e2h = Float8.sub(mh, x[x2 + i]);
              Float8 e3l = Float8.sub(ml, x[x3 + i]);
              Float8 e3h = Float8.sub(mh, x[x3 + i]);
              s0l = Float8.add(s0l, Float8.mult(e0l, e0l));
              s0h = Float8.add(s0h, Float8.mult(e0h, e0h));
              s1l = Float8.add(s1l, Float8.mult(e1l, e1l));
              s1h = Float8.add(s1h, Float8.mult(e1h, e1h));
              s2l = Float8.add(s2l, Float8.mult(e2l, e2l));
              s2h = Float8.add(s2h, Float8.mult(e2h, e2h));
              s3l = Float8.add(s3l, Float8.mult(e3l, e3l));
              s3h = Float8.add(s3h, Float8.mult(e3h, e3h));
            }
          }
          // Scores; lanes past K score NONE and weigh 0.
          int mu0 = pan * PANEL;
          Float8 keepl = mask8(mu0, k);
          Float8 keeph = mask8(mu0 + 8, k);
          Float8 dropl = Float8.mult(Float8.sub(Float8.mult(keepl, -1f), -1f), NONE);
          Float8 droph = Float8.mult(Float8.sub(Float8.mult(keeph, -1f), -1f), NONE);
          Float8 a0l = Float8.add(Float8.mult(Float8.mult(s0l, f), keepl), dropl);
          Float8 a0h = Float8.add(Float8.mult(Float8.mult(s0h, f), keeph), droph);
          Float8 a1l = Float8.add(Float8.mult(Float8.mult(s1l, f), keepl), dropl);
          Float8 a1h = Float8.add(Float8.mult(Float8.mult(s1h, f), keeph), droph);
          Float8 a2l = Float8.add(Float8.mult(Float8.mult(s2l, f), keepl), dropl);
          Float8 a2h = Float8.add(Float8.mult(Float8.mult(s2h, f), keeph), droph);
          Float8 a3l = Float8.add(Float8.mult(Float8.mult(s3l, f), keepl), dropl);
          Float8 a3h = Float8.add(Float8.mult(Float8.mult(s3h, f), keeph), droph);
          float g0 = Math.max(Float8.max(a0l), Float8.max(a0h));
          float g1 = Math.max(Float8.max(a1l), Float8.max(a1h));
          float g2 = Math.max(Float8.max(a2l), Float8.max(a2h));
          float g3 = Math.max(Float8.max(a3l), Float8.max(a3h));
          float rs0 = 1f;
          float rs1 = 1f;
          float rs2 = 1f;
          float rs3 = 1f;
          if (g0 > mx0) {
            rs0 = TornadoMath.exp(mx0 - g0);
            mx0 = g0;
          }
          if (g1 > mx1) {
            rs1 = TornadoMath.exp(mx1 - g1);
            mx1 = g1;
          }
          if (g2 > mx2) {
            rs2 = TornadoMath.exp(mx2 - g2);
            mx2 = g2;
          }
          if (g3 > mx3) {
            rs3 = TornadoMath.exp(mx3 - g3);
            mx3 = g3;
          }
          Float8 w0l = Float8.mult(exp8(a0l, mx0), keepl);
          Float8 w0h = Float8.mult(exp8(a0h, mx0), keeph);
          Float8 w1l = Float8.mult(exp8(a1l, mx1), keepl);
          Float8 w1h = Float8.mult(exp8(a1h, mx1), keeph);
          Float8 w2l = Float8.mult(exp8(a2l, mx2), keepl);
          Float8 w2h = Float8.mult(exp8(a2h, mx2), keeph);
          Float8 w3l = Float8.mult(exp8(a3l, mx3), keepl);
          Float8 w3h = Float8.mult(exp8(a3h, mx3), keeph);
          sum0 = sum0 * rs0 + (sum8(w0l) + sum8(w0h));
          sum1 = sum1 * rs1 + (sum8(w1l) + sum8(w1h));
          sum2 = sum2 * rs2 + (sum8(w2l) + sum8(w2h));
          sum3 = sum3 * rs3 + (sum8(w3l) + sum8(w3h));
          store8(wbuf, wb, w0l);
          store8(wbuf, wb + 8, w0h);
          store8(wbuf, wb + 16, w1l);
          store8(wbuf, wb + 24, w1h);
          store8(wbuf, wb + 32, w2l);
          store8(wbuf, wb + 40, w2h);
          store8(wbuf, wb + 48, w3l);
          store8(wbuf, wb + 56, w3h);
          // pacc_q ← pacc_q · rs_q + Σ_j w_qj ξ_{16p+j}, eight components at a time (rows of ξ and
          // of pacc padded to a multiple of 8).
          int nj = Math.min(PANEL, k - mu0);
          for (int i = 0; i < dv; i++) {
            Float8 c0 = Float8.mult(pacc.get(b0 + i), rs0);
            Float8 c1 = Float8.mult(pacc.get(b1 + i), rs1);
            Float8 c2 = Float8.mult(pacc.get(b2 + i), rs2);
            Float8 c3 = Float8.mult(pacc.get(b3 + i), rs3);
            for (int j = 0; j < nj; j++) {
              Float8 m = xr.get((mu0 + j) * dv + i);
              c0 = Float8.add(c0, Float8.mult(m, wbuf[wb + j]));
              c1 = Float8.add(c1, Float8.mult(m, wbuf[wb + 16 + j]));
              c2 = Float8.add(c2, Float8.mult(m, wbuf[wb + 32 + j]));
              c3 = Float8.add(c3, Float8.mult(m, wbuf[wb + 48 + j]));
            }
            pacc.set(b0 + i, c0);
            if (ok1) {
              pacc.set(b1 + i, c1);
            }
            if (ok2) {
              pacc.set(b2 + i, c2);
            }
            if (ok3) {
              pacc.set(b3 + i, c3);
            }
          }
        }
        pm[r0 * chunks + c] = mx0;
        ps[r0 * chunks + c] = sum0;
        if (ok1) {
          pm[r1 * chunks + c] = mx1;
          ps[r1 * chunks + c] = sum1;
        }
        if (ok2) {
          pm[r2 * chunks + c] = mx2;
          ps[r2 * chunks + c] = sum2;
        }
        if (ok3) {
          pm[r3 * chunks + c] = mx3;
          ps[r3 * chunks + c] = sum3;
        }
      }
    }
  }

  /** Stores eight values at {@code a[o..o+7]} (components read by name, as kernels need). */
  private static void store8(float[] a, int o, Float8 v) {
    a[o] = v.getS0();
    a[o + 1] = v.getS1();
    a[o + 2] = v.getS2();
    a[o + 3] = v.getS3();
    a[o + 4] = v.getS4();
    a[o + 5] = v.getS5();
    a[o + 6] = v.getS6();
    a[o + 7] = v.getS7();
  }

  /**
   * 1 for the memories {@code mu0 … mu0 + 7} below K, 0 past it (branch-free: {@code min(1,
   * max(0, K - μ))}).
   */
  private static Float8 mask8(int mu0, int k) {
    float n = k - mu0;
    return new Float8(keep(n), keep(n - 1f), keep(n - 2f), keep(n - 3f), keep(n - 4f),
        keep(n - 5f), keep(n - 6f), keep(n - 7f));
  }

  /** {@code min(1, max(0, n))}: 1 if n ≥ 1, 0 if n ≤ 0, for whole numbers n. */
  private static float keep(float n) {
    return Math.min(1f, Math.max(0f, n));
  }

  /** {@code exp(a - m)} lane by lane. */
  private static Float8 exp8(Float8 a, float m) {
    return new Float8(TornadoMath.exp(a.getS0() - m), TornadoMath.exp(a.getS1() - m),
        TornadoMath.exp(a.getS2() - m), TornadoMath.exp(a.getS3() - m),
        TornadoMath.exp(a.getS4() - m), TornadoMath.exp(a.getS5() - m),
        TornadoMath.exp(a.getS6() - m), TornadoMath.exp(a.getS7() - m));
  }

  /** The sum of the eight lanes, in a fixed order. */
  private static float sum8(Float8 v) {
    return ((v.getS0() + v.getS1()) + (v.getS2() + v.getS3()))
        + ((v.getS4() + v.getS5()) + (v.getS6() + v.getS7()));
  }

  /**
   * {@link #merge} for {@link #partialPanels}' running weighted sums (rows of 8⌈D/8⌉, as {@link
   * Float8}s).
   *
   * @param x queries, rows × d
   * @param pm running maxima per (r, c)
   * @param ps running sums per (r, c)
   * @param pacc running weighted sums per (r, c), ⌈D/8⌉ vectors each
   * @param energy output, length rows
   * @param grad output, rows × d
   * @param rows number of queries
   * @param d dimension D
   * @param chunks number of chunks C
   * @param beta β
   * @param dot 1 for the dot-product similarity
   */
  public static void mergePanels(float[] x, float[] pm, float[] ps, VectorFloat8 pacc,
      float[] energy, float[] grad, int rows, int d, int chunks, float beta, int dot) {
    int dv = (d + 7) / 8;
    for (@Parallel int r = 0; r < rows; r++) {
      float mx = chunkMax(pm, r, chunks);
      float sum = chunkSum(pm, ps, r, chunks, mx);
      energy[r] = energyOf(x, r, d, mx, sum, beta, dot);
      for (int i = 0; i < dv; i++) {
        Float8 a = DeviceMath.zero8();
        for (int c = 0; c < chunks; c++) {
          float wc = TornadoMath.exp(pm[r * chunks + c] - mx) / sum;
          a = Float8.add(a, Float8.mult(pacc.get((r * chunks + c) * dv + i), wc));
        }
        int o = r * d + 8 * i;
        int n = Math.min(8, d - 8 * i);
        gradLane(grad, x, o, 0 < n, a.getS0());
        gradLane(grad, x, o + 1, 1 < n, a.getS1());
        gradLane(grad, x, o + 2, 2 < n, a.getS2());
        gradLane(grad, x, o + 3, 3 < n, a.getS3());
        gradLane(grad, x, o + 4, 4 < n, a.getS4());
        gradLane(grad, x, o + 5, 5 < n, a.getS5());
        gradLane(grad, x, o + 6, 6 < n, a.getS6());
        gradLane(grad, x, o + 7, 7 < n, a.getS7());
      }
    }
  }

  /** The largest running maximum {@code M = max_c m_c} of query r. */
  private static float chunkMax(float[] pm, int r, int chunks) {
    float mx = NONE;
    for (int c = 0; c < chunks; c++) {
      mx = Math.max(mx, pm[r * chunks + c]);
    }
    return mx;
  }

  /** The merged sum {@code S = Σ_c s_c e^{m_c - M}} of query r, chunks in order. */
  private static float chunkSum(float[] pm, float[] ps, int r, int chunks, float mx) {
    float sum = 0f;
    for (int c = 0; c < chunks; c++) {
      sum += ps[r * chunks + c] * TornadoMath.exp(pm[r * chunks + c] - mx);
    }
    return sum;
  }

  /** {@code E = -(M + log S)/β}, plus {@code ½||x||²} for the dot-product similarity. */
  private static float energyOf(float[] x, int r, int d, float mx, float sum, float beta,
      int dot) {
    float e = -(mx + TornadoMath.log(sum)) / beta;
    if (dot == 1) {
      e += 0.5f * FeatureKernels.dot(x, r * d, x, r * d, d);
    }
    return e;
  }

  /** {@code grad[o] = x[o] - a} if {@code live}. */
  private static void gradLane(float[] grad, float[] x, int o, boolean live, float a) {
    if (live) {
      grad[o] = x[o] - a;
    }
  }

  /**
   * Merges the chunks: {@code E = -(M + log S)/β (+ ½||x||² for dot)}, {@code ∇E = x - Σ_c
   * e^{m_c - M} acc_c / S}.
   *
   * @param x queries, rows × d
   * @param pm running maxima per (r, c)
   * @param ps running sums per (r, c)
   * @param pacc running weighted sums per (r, c)
   * @param energy output, length rows
   * @param grad output, rows × d
   * @param rows number of queries
   * @param d dimension D
   * @param chunks number of chunks C
   * @param beta β
   * @param dot 1 for the dot-product similarity
   */
  public static void merge(float[] x, float[] pm, float[] ps, float[] pacc, float[] energy,
      float[] grad, int rows, int d, int chunks, float beta, int dot) {
    for (@Parallel int r = 0; r < rows; r++) {
      float mx = chunkMax(pm, r, chunks);
      float sum = chunkSum(pm, ps, r, chunks, mx);
      energy[r] = energyOf(x, r, d, mx, sum, beta, dot);
      // ∇E = x - Σ_c (e^{m_c - M} / S) acc_c: one exponential per chunk, chunks added in order.
      // The weight is negated once so that each step is a multiply-add (one fma on GPUs):
      // TornadoVM 5.2 fuses a * b + c but not c - a * b.
      for (int i = 0; i < d; i++) {
        grad[r * d + i] = x[r * d + i];
      }
      for (int c = 0; c < chunks; c++) {
        float negWc = -(TornadoMath.exp(pm[r * chunks + c] - mx) / sum);
        int o = (r * chunks + c) * d;
        for (int i = 0; i < d; i++) {
          grad[r * d + i] = negWc * pacc[o + i] + grad[r * d + i];
        }
      }
    }
  }
}
