#!/usr/bin/env python3
"""Writes src/main/java/org/denseam/backend/jvm/Gemm.java: the register-blocked matrix kernels, one
method per block shape (3x3, 1x3, 3x1, 1x1), unrolled by hand because C2 allocates registers per
method. Run from anywhere: python3 scripts/gen_gemm.py [--out DIR] (DIR instead of the
repository as the root of the written tree)."""
from generated import writer

write = writer('gen_gemm.py')
hdr = '''package org.denseam.backend.jvm;

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
'''

def fwd(R, P):
    name = f"forward{R}x{P}"
    args = "float[] a, int a0" + (", int lda" if R > 1 else "") + ", int kd, float[] z, int z0" + (", int ps" if P > 1 else "") + ", float[] h, int h0" + (", int hs" if P > 1 else "")
    out = [f"  private static void {name}(\n      {args}) {{"]
    accs = [f"c{r}{p}" for r in range(R) for p in range(P)]
    out.append("    FloatVector " + ", ".join(f"{c} = FloatVector.zero(FS)" for c in accs) + ";")
    for r in range(1, R):
        out.append(f"    int a{r} = a{r-1} + lda;")
    for p in range(1, P):
        out.append(f"    int z{p} = z{p-1} + ps;")
    out.append("    for (int k = 0, o = 0; k < kd; k++, o += L) {")
    for p in range(P):
        out.append(f"      FloatVector b{p} = FloatVector.fromArray(FS, z, z{p} + o);")
    for r in range(R):
        out.append(f"      {'FloatVector ' if r == 0 else ''}x = FloatVector.broadcast(FS, a[a{r} + k]);")
        for p in range(P):
            out.append(f"      c{r}{p} = b{p}.fma(x, c{r}{p});")
    out.append("    }")
    for r in range(R):
        for p in range(P):
            idx = "h0" + (f" + {r} * L" if r else "") + (f" + {p} * hs" if p else "")
            out.append(f"    c{r}{p}.intoArray(h, {idx});")
    out.append("  }")
    return "\n".join(out) + "\n"

mid = '''
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
'''

def bwd(R, C, split=False):
    # split: False (one offset w0, rows at +r), True (one offset per row), or n in {1, 2}: the
    # first n rows at w0 + r, the others at wn + (r - n).
    name = f"backward{R}x{C}" + ("" if split is False else ("Split" if split is True else f"Split{split}"))
    if split is False:
        offs = ["w0"]
    elif split is True:
        offs = [f"w{r}" for r in range(R)]
    else:
        offs = ["w0", f"w{split}"]
    wargs = ", ".join(f"int {o}" for o in offs)
    args = f"float[] w, {wargs}, float[] a, int a0" + (", int cs" if C > 1 else "") + ", int kk, float[] g, int g0" + (", int ldg" if R > 1 else "")
    out = [f"  private static void {name}(\n      {args}) {{"]
    for r in range(R):
        for c in range(C):
            idx = "g0" + (f" + {r} * ldg" if r else "") + (f" + {c} * L" if c else "")
            out.append(f"    FloatVector c{r}{c} = FloatVector.fromArray(FS, g, {idx});")
    for c in range(1, C):
        out.append(f"    int a{c} = a{c-1} + cs;")
    out.append("    for (int k = 0, o = 0; k < kk; k++, o += L) {")
    for c in range(C):
        out.append(f"      FloatVector b{c} = FloatVector.fromArray(FS, a, a{c} + o);")
    for r in range(R):
        if split is True:
            widx = f"w{r} + o"
        elif split is False:
            widx = f"w0 + o + {r}" if r else "w0 + o"
        else:
            base, rr = ("w0", r) if r < split else (f"w{split}", r - split)
            widx = f"{base} + o + {rr}" if rr else f"{base} + o"
        out.append(f"      {'FloatVector ' if r == 0 else ''}x = FloatVector.broadcast(FS, w[{widx}]);")
        for c in range(C):
            out.append(f"      c{r}{c} = b{c}.fma(x, c{r}{c});")
    out.append("    }")
    for r in range(R):
        for c in range(C):
            idx = "g0" + (f" + {r} * ldg" if r else "") + (f" + {c} * L" if c else "")
            out.append(f"    c{r}{c}.intoArray(g, {idx});")
    out.append("  }")
    return "\n".join(out) + "\n"

src = hdr + "\n" + fwd(3,3) + "\n" + fwd(1,3) + "\n" + fwd(3,1) + "\n" + fwd(1,1) + mid + "\n" + bwd(3,3) + "\n" + bwd(3,3,1) + "\n" + bwd(3,3,2) + "\n" + bwd(1,3) + "\n" + bwd(3,1,True) + "\n" + bwd(1,1) + "}\n"
write('src/main/java/org/denseam/backend/jvm/Gemm.java', src)
