package org.denseam.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked float32 matrix-product kernels on the Java Vector API, shared by DrDAM (random
 * projections × queries) and MrDAM (memories × queries). Static and allocation-free; every vector
 * is local to one method so that C2 keeps it in a register.
 *
 * <p><b>Layouts.</b> Both operands are packed so that every kernel reads sequential streams:
 *
 * <ul>
 *   <li>the matrix A (projections ω_α or memories ξ_μ, n rows of {@code dp} columns, {@code dp} a
 *       multiple of {@link #L}) row-major for {@link #forward} (row stride lda), and in <i>column
 *       panels</i> for {@link #backward}: element {@code (r, i)} at {@code (i / L)·cs + r·L + i
 *       mod L}, with panel stride {@code cs ≥ n·L};
 *   <li>the queries Z ({@code dp} × B) in <i>query panels</i> of L queries: element {@code (k, b)}
 *       at {@code (b / L)·dp·L + k·L + b mod L}, zero in padded rows and columns;
 *   <li>tiles of scores, features or weights (rows r of A × queries b) also in query panels:
 *       element {@code (r, b)} at {@code (b / L)·hs + r·L + b mod L}, panel stride {@code hs}.
 * </ul>
 *
 * <p>With these layouts every access in an inner loop has a constant stride, so C2 removes the
 * bounds checks from the loops and keeps all indices in registers.
 *
 * <p>Two products, both accumulating over k in increasing order, so a result depends neither on
 * the blocking of rows, panels or columns nor on the thread that computes it:
 *
 * <ul>
 *   <li>{@link #forward}: {@code H[r][b] = Σ_k A[r][k] · Z[k][b]} (scores or projections h);
 *   <li>{@link #backward}: {@code G[b][i] += Σ_k W[k][b] · A[k][i]}, which folds weighted rows of A
 *       back into one vector per query.
 * </ul>
 *
 * <p>Register blocks are 3 × 3 vectors: nine accumulators, three loads and one broadcast fit the
 * sixteen AVX2 registers without C2 spilling any of them (a 4 × 3 block spills and runs at half
 * the speed).
 */
final class Gemm {
  static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector: the width of every panel. */
  static final int L = FS.length();

  private Gemm() {}

  /**
   * Number of panels for n columns or rows.
   *
   * @param n count
   * @return {@code ceil(n / L)}
   */
  static int panels(int n) {
    return (n + L - 1) / L;
  }

  /**
   * {@code H[r][b] = Σ_{k<kd} A[r][k] · Z[k][b]} for rows {@code r < rows} and all {@code b} of
   * {@code panels} query panels; H in query panels of stride hs.
   *
   * @param a A row-major
   * @param aOff offset of row 0
   * @param lda row stride of A
   * @param rows number of rows of A
   * @param kd contraction length
   * @param z Z in query panels (rows beyond kd are not read)
   * @param zs panel stride of Z
   * @param panels number of query panels
   * @param h output in query panels
   * @param hs panel stride of h, at least {@code rows·L}
   */
  static void forward(float[] a, int aOff, int lda, int rows, int kd, float[] z, int zs,
      int panels, float[] h, int hs) {
    int ps = zs;
    int p = 0;
    for (; p + 3 <= panels; p += 3) {
      int r = 0;
      for (; r + 3 <= rows; r += 3) {
        forward3x3(a, aOff + r * lda, lda, kd, z, p * ps, ps, h, p * hs + r * L, hs);
      }
      for (; r < rows; r++) {
        forward1x3(a, aOff + r * lda, kd, z, p * ps, ps, h, p * hs + r * L, hs);
      }
    }
    for (; p < panels; p++) {
      int r = 0;
      for (; r + 3 <= rows; r += 3) {
        forward3x1(a, aOff + r * lda, lda, kd, z, p * ps, h, p * hs + r * L);
      }
      for (; r < rows; r++) {
        forward1x1(a, aOff + r * lda, kd, z, p * ps, h, p * hs + r * L);
      }
    }
  }

  private static void forward3x3(
      float[] a, int a0, int lda, int kd, float[] z, int z0, int ps, float[] h, int h0, int hs) {
    FloatVector c00 = FloatVector.zero(FS), c01 = FloatVector.zero(FS), c02 = FloatVector.zero(FS), c10 = FloatVector.zero(FS), c11 = FloatVector.zero(FS), c12 = FloatVector.zero(FS), c20 = FloatVector.zero(FS), c21 = FloatVector.zero(FS), c22 = FloatVector.zero(FS);
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int z1 = z0 + ps;
    int z2 = z1 + ps;
    for (int k = 0, o = 0; k < kd; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, z, z0 + o);
      FloatVector b1 = FloatVector.fromArray(FS, z, z1 + o);
      FloatVector b2 = FloatVector.fromArray(FS, z, z2 + o);
      FloatVector x = FloatVector.broadcast(FS, a[a0 + k]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(FS, a[a1 + k]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(FS, a[a2 + k]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
    }
    c00.intoArray(h, h0);
    c01.intoArray(h, h0 + 1 * hs);
    c02.intoArray(h, h0 + 2 * hs);
    c10.intoArray(h, h0 + 1 * L);
    c11.intoArray(h, h0 + 1 * L + 1 * hs);
    c12.intoArray(h, h0 + 1 * L + 2 * hs);
    c20.intoArray(h, h0 + 2 * L);
    c21.intoArray(h, h0 + 2 * L + 1 * hs);
    c22.intoArray(h, h0 + 2 * L + 2 * hs);
  }

  private static void forward1x3(
      float[] a, int a0, int kd, float[] z, int z0, int ps, float[] h, int h0, int hs) {
    FloatVector c00 = FloatVector.zero(FS), c01 = FloatVector.zero(FS), c02 = FloatVector.zero(FS);
    int z1 = z0 + ps;
    int z2 = z1 + ps;
    for (int k = 0, o = 0; k < kd; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, z, z0 + o);
      FloatVector b1 = FloatVector.fromArray(FS, z, z1 + o);
      FloatVector b2 = FloatVector.fromArray(FS, z, z2 + o);
      FloatVector x = FloatVector.broadcast(FS, a[a0 + k]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
    }
    c00.intoArray(h, h0);
    c01.intoArray(h, h0 + 1 * hs);
    c02.intoArray(h, h0 + 2 * hs);
  }

  private static void forward3x1(
      float[] a, int a0, int lda, int kd, float[] z, int z0, float[] h, int h0) {
    FloatVector c00 = FloatVector.zero(FS), c10 = FloatVector.zero(FS), c20 = FloatVector.zero(FS);
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    for (int k = 0, o = 0; k < kd; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, z, z0 + o);
      FloatVector x = FloatVector.broadcast(FS, a[a0 + k]);
      c00 = b0.fma(x, c00);
      x = FloatVector.broadcast(FS, a[a1 + k]);
      c10 = b0.fma(x, c10);
      x = FloatVector.broadcast(FS, a[a2 + k]);
      c20 = b0.fma(x, c20);
    }
    c00.intoArray(h, h0);
    c10.intoArray(h, h0 + 1 * L);
    c20.intoArray(h, h0 + 2 * L);
  }

  private static void forward1x1(
      float[] a, int a0, int kd, float[] z, int z0, float[] h, int h0) {
    FloatVector c00 = FloatVector.zero(FS);
    for (int k = 0, o = 0; k < kd; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, z, z0 + o);
      FloatVector x = FloatVector.broadcast(FS, a[a0 + k]);
      c00 = b0.fma(x, c00);
    }
    c00.intoArray(h, h0);
  }

  /**
   * {@code g[gOff + b·ldg + i] += Σ_{k<kk} W[k][b] · A[k][i]} for {@code b < rows} and {@code i <
   * chunks·L}.
   *
   * @param w weights W in query panels: {@code (k, b)} at {@code (b / L)·ws + k·L + b mod L}
   * @param ws panel stride of w
   * @param a A in column panels; row k at offset {@code aOff + k·L} of each panel
   * @param aOff offset of row 0 in panel 0
   * @param cs panel stride of A
   * @param kk contraction length (rows of A)
   * @param rows queries b
   * @param chunks column panels of A to fold (columns {@code [0, chunks·L)})
   * @param g accumulated output
   * @param gOff offset of {@code g[0][0]}
   * @param ldg stride of g between queries
   */
  static void backward(float[] w, int ws, float[] a, int aOff, int cs, int kk, int rows,
      int chunks, float[] g, int gOff, int ldg) {
    int c = 0;
    for (; c + 3 <= chunks; c += 3) {
      int b = 0;
      for (; b + 3 <= rows; b += 3) {
        // Three queries in one panel share one weight offset; across a panel boundary, two
        // (a third would not fit the general-purpose registers).
        int lane = b % L;
        if (lane + 2 < L) {
          backward3x3(w, wOff(b, ws), a, aOff + c * cs, cs, kk, g, gOff + b * ldg + c * L, ldg);
        } else if (lane + 2 == L) {
          backward3x3Split2(w, wOff(b, ws), wOff(b + 2, ws), a, aOff + c * cs, cs, kk, g,
              gOff + b * ldg + c * L, ldg);
        } else {
          backward3x3Split1(w, wOff(b, ws), wOff(b + 1, ws), a, aOff + c * cs, cs, kk, g,
              gOff + b * ldg + c * L, ldg);
        }
      }
      for (; b < rows; b++) {
        backward1x3(w, wOff(b, ws), a, aOff + c * cs, cs, kk, g, gOff + b * ldg + c * L);
      }
    }
    for (; c < chunks; c++) {
      int b = 0;
      for (; b + 3 <= rows; b += 3) {
        backward3x1Split(w, wOff(b, ws), wOff(b + 1, ws), wOff(b + 2, ws), a, aOff + c * cs, kk,
            g, gOff + b * ldg + c * L, ldg);
      }
      for (; b < rows; b++) {
        backward1x1(w, wOff(b, ws), a, aOff + c * cs, kk, g, gOff + b * ldg + c * L);
      }
    }
  }

  /** Offset of query b's row 0 in a tile in query panels. */
  private static int wOff(int b, int ws) {
    return (b / L) * ws + b % L;
  }

  private static void backward3x3(
      float[] w, int w0, float[] a, int a0, int cs, int kk, float[] g, int g0, int ldg) {
    FloatVector c00 = FloatVector.fromArray(FS, g, g0);
    FloatVector c01 = FloatVector.fromArray(FS, g, g0 + 1 * L);
    FloatVector c02 = FloatVector.fromArray(FS, g, g0 + 2 * L);
    FloatVector c10 = FloatVector.fromArray(FS, g, g0 + 1 * ldg);
    FloatVector c11 = FloatVector.fromArray(FS, g, g0 + 1 * ldg + 1 * L);
    FloatVector c12 = FloatVector.fromArray(FS, g, g0 + 1 * ldg + 2 * L);
    FloatVector c20 = FloatVector.fromArray(FS, g, g0 + 2 * ldg);
    FloatVector c21 = FloatVector.fromArray(FS, g, g0 + 2 * ldg + 1 * L);
    FloatVector c22 = FloatVector.fromArray(FS, g, g0 + 2 * ldg + 2 * L);
    int a1 = a0 + cs;
    int a2 = a1 + cs;
    for (int k = 0, o = 0; k < kk; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, a, a0 + o);
      FloatVector b1 = FloatVector.fromArray(FS, a, a1 + o);
      FloatVector b2 = FloatVector.fromArray(FS, a, a2 + o);
      FloatVector x = FloatVector.broadcast(FS, w[w0 + o]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(FS, w[w0 + o + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(FS, w[w0 + o + 2]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
    }
    c00.intoArray(g, g0);
    c01.intoArray(g, g0 + 1 * L);
    c02.intoArray(g, g0 + 2 * L);
    c10.intoArray(g, g0 + 1 * ldg);
    c11.intoArray(g, g0 + 1 * ldg + 1 * L);
    c12.intoArray(g, g0 + 1 * ldg + 2 * L);
    c20.intoArray(g, g0 + 2 * ldg);
    c21.intoArray(g, g0 + 2 * ldg + 1 * L);
    c22.intoArray(g, g0 + 2 * ldg + 2 * L);
  }

  private static void backward3x3Split1(
      float[] w, int w0, int w1, float[] a, int a0, int cs, int kk, float[] g, int g0, int ldg) {
    FloatVector c00 = FloatVector.fromArray(FS, g, g0);
    FloatVector c01 = FloatVector.fromArray(FS, g, g0 + 1 * L);
    FloatVector c02 = FloatVector.fromArray(FS, g, g0 + 2 * L);
    FloatVector c10 = FloatVector.fromArray(FS, g, g0 + 1 * ldg);
    FloatVector c11 = FloatVector.fromArray(FS, g, g0 + 1 * ldg + 1 * L);
    FloatVector c12 = FloatVector.fromArray(FS, g, g0 + 1 * ldg + 2 * L);
    FloatVector c20 = FloatVector.fromArray(FS, g, g0 + 2 * ldg);
    FloatVector c21 = FloatVector.fromArray(FS, g, g0 + 2 * ldg + 1 * L);
    FloatVector c22 = FloatVector.fromArray(FS, g, g0 + 2 * ldg + 2 * L);
    int a1 = a0 + cs;
    int a2 = a1 + cs;
    for (int k = 0, o = 0; k < kk; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, a, a0 + o);
      FloatVector b1 = FloatVector.fromArray(FS, a, a1 + o);
      FloatVector b2 = FloatVector.fromArray(FS, a, a2 + o);
      FloatVector x = FloatVector.broadcast(FS, w[w0 + o]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(FS, w[w1 + o]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(FS, w[w1 + o + 1]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
    }
    c00.intoArray(g, g0);
    c01.intoArray(g, g0 + 1 * L);
    c02.intoArray(g, g0 + 2 * L);
    c10.intoArray(g, g0 + 1 * ldg);
    c11.intoArray(g, g0 + 1 * ldg + 1 * L);
    c12.intoArray(g, g0 + 1 * ldg + 2 * L);
    c20.intoArray(g, g0 + 2 * ldg);
    c21.intoArray(g, g0 + 2 * ldg + 1 * L);
    c22.intoArray(g, g0 + 2 * ldg + 2 * L);
  }

  private static void backward3x3Split2(
      float[] w, int w0, int w2, float[] a, int a0, int cs, int kk, float[] g, int g0, int ldg) {
    FloatVector c00 = FloatVector.fromArray(FS, g, g0);
    FloatVector c01 = FloatVector.fromArray(FS, g, g0 + 1 * L);
    FloatVector c02 = FloatVector.fromArray(FS, g, g0 + 2 * L);
    FloatVector c10 = FloatVector.fromArray(FS, g, g0 + 1 * ldg);
    FloatVector c11 = FloatVector.fromArray(FS, g, g0 + 1 * ldg + 1 * L);
    FloatVector c12 = FloatVector.fromArray(FS, g, g0 + 1 * ldg + 2 * L);
    FloatVector c20 = FloatVector.fromArray(FS, g, g0 + 2 * ldg);
    FloatVector c21 = FloatVector.fromArray(FS, g, g0 + 2 * ldg + 1 * L);
    FloatVector c22 = FloatVector.fromArray(FS, g, g0 + 2 * ldg + 2 * L);
    int a1 = a0 + cs;
    int a2 = a1 + cs;
    for (int k = 0, o = 0; k < kk; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, a, a0 + o);
      FloatVector b1 = FloatVector.fromArray(FS, a, a1 + o);
      FloatVector b2 = FloatVector.fromArray(FS, a, a2 + o);
      FloatVector x = FloatVector.broadcast(FS, w[w0 + o]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
      x = FloatVector.broadcast(FS, w[w0 + o + 1]);
      c10 = b0.fma(x, c10);
      c11 = b1.fma(x, c11);
      c12 = b2.fma(x, c12);
      x = FloatVector.broadcast(FS, w[w2 + o]);
      c20 = b0.fma(x, c20);
      c21 = b1.fma(x, c21);
      c22 = b2.fma(x, c22);
    }
    c00.intoArray(g, g0);
    c01.intoArray(g, g0 + 1 * L);
    c02.intoArray(g, g0 + 2 * L);
    c10.intoArray(g, g0 + 1 * ldg);
    c11.intoArray(g, g0 + 1 * ldg + 1 * L);
    c12.intoArray(g, g0 + 1 * ldg + 2 * L);
    c20.intoArray(g, g0 + 2 * ldg);
    c21.intoArray(g, g0 + 2 * ldg + 1 * L);
    c22.intoArray(g, g0 + 2 * ldg + 2 * L);
  }

  private static void backward1x3(
      float[] w, int w0, float[] a, int a0, int cs, int kk, float[] g, int g0) {
    FloatVector c00 = FloatVector.fromArray(FS, g, g0);
    FloatVector c01 = FloatVector.fromArray(FS, g, g0 + 1 * L);
    FloatVector c02 = FloatVector.fromArray(FS, g, g0 + 2 * L);
    int a1 = a0 + cs;
    int a2 = a1 + cs;
    for (int k = 0, o = 0; k < kk; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, a, a0 + o);
      FloatVector b1 = FloatVector.fromArray(FS, a, a1 + o);
      FloatVector b2 = FloatVector.fromArray(FS, a, a2 + o);
      FloatVector x = FloatVector.broadcast(FS, w[w0 + o]);
      c00 = b0.fma(x, c00);
      c01 = b1.fma(x, c01);
      c02 = b2.fma(x, c02);
    }
    c00.intoArray(g, g0);
    c01.intoArray(g, g0 + 1 * L);
    c02.intoArray(g, g0 + 2 * L);
  }

  private static void backward3x1Split(
      float[] w, int w0, int w1, int w2, float[] a, int a0, int kk, float[] g, int g0, int ldg) {
    FloatVector c00 = FloatVector.fromArray(FS, g, g0);
    FloatVector c10 = FloatVector.fromArray(FS, g, g0 + 1 * ldg);
    FloatVector c20 = FloatVector.fromArray(FS, g, g0 + 2 * ldg);
    for (int k = 0, o = 0; k < kk; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, a, a0 + o);
      FloatVector x = FloatVector.broadcast(FS, w[w0 + o]);
      c00 = b0.fma(x, c00);
      x = FloatVector.broadcast(FS, w[w1 + o]);
      c10 = b0.fma(x, c10);
      x = FloatVector.broadcast(FS, w[w2 + o]);
      c20 = b0.fma(x, c20);
    }
    c00.intoArray(g, g0);
    c10.intoArray(g, g0 + 1 * ldg);
    c20.intoArray(g, g0 + 2 * ldg);
  }

  private static void backward1x1(
      float[] w, int w0, float[] a, int a0, int kk, float[] g, int g0) {
    FloatVector c00 = FloatVector.fromArray(FS, g, g0);
    for (int k = 0, o = 0; k < kk; k++, o += L) {
      FloatVector b0 = FloatVector.fromArray(FS, a, a0 + o);
      FloatVector x = FloatVector.broadcast(FS, w[w0 + o]);
      c00 = b0.fma(x, c00);
    }
    c00.intoArray(g, g0);
  }
}
