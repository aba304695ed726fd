#!/usr/bin/env python3
"""Writes src/main/java/org/denseam/backend/jvm/Gemm.java: the register-blocked matrix kernels, one
method per block shape (rows × vectors, for each vector width: WIDE and NARROW below, and their
edges), unrolled by hand because C2 allocates registers per method. Run from anywhere: python3
scripts/gen_gemm.py [--out DIR] (DIR instead of the repository as the root of the written
tree)."""
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
 * <p>Register blocks depend on the vector width, a constant to C2 ({@link #WIDE}): with 16 lanes
 * (AVX-512, 32 vector registers) the forward product's blocks are 6 rows × 4 query panels (24
 * accumulators, four loads and one broadcast) and the transposed product's 4 queries × 4 column
 * panels; with fewer lanes (AVX2 and narrower: 16 registers) 5 × 2 and 4 × 2, which fit without
 * C2 spilling (a 4 × 3 block spills and runs at half the speed). Each block shape's method keeps
 * the same order of operations per output, so the results are bit-identical whichever blocks
 * compute them.
 */
final class Gemm {
  static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector: the width of every panel. */
  static final int L = FS.length();
  /**
   * Whether the register blocks are the wide ones: with 16 lanes or more (AVX-512) the CPU has 32
   * vector registers, room for larger blocks than sixteen registers hold.
   */
  static final boolean WIDE = L >= 16;

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
BACKWARD_DISPATCH
  /** Offset of query b's row 0 in a tile in query panels. */
  private static int wOff(int b, int ws) {
    return (b / L) * ws + b % L;
  }
'''

def bwd(R, C):
    name = f"backward{R}x{C}"
    args = f"float[] w, int w0, float[] a, int a0" + (", int cs" if C > 1 else "") + ", int kk, float[] g, int g0" + (", int ldg" if R > 1 else "")
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
        widx = f"w0 + o + {r}" if r else "w0 + o"
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

# Register blocks (rows of A × vectors), per vector width; measured with `dam bench cpu --d 256
# --b 256` on a Zen 5 (one core, share of its FMA peak; AVX2 code with -XX:UseAVX=2):
#   16 lanes, 32 registers: forward 6x4 93-96 % (3x3 70 %, 4x4 83-92 %, 4x6 60 %), backward 4x4
#     85-90 % (3x3 66 %, 8x2 86-90 %, 8x3 88 %);
#   8 lanes, 16 registers: forward 5x2 90-94 % (3x3 79-88 %, 4x2 83-85 %, 4x3 42 %: it spills),
#     backward 4x2 85-93 % (3x3 with its panel-boundary splits 69-75 %).
# The backward blocks' rows divide the lanes (4 | 8, 4 | 16), so a block's queries never straddle
# a query panel and share one weight offset.
WIDE = dict(fr=6, fp=4, br=4, bc=4)
NARROW = dict(fr=5, fp=2, br=4, bc=2)


def forward_loops(R, P, ind):
    """The loops of forward over blocks of R rows × P panels, then narrower panel blocks."""
    i = ' ' * ind
    out = [f"{i}int p = 0;"]
    widths = [P] + ([2] if P > 2 else []) + ([1] if P > 1 else [])
    for w in widths:
        pa = ", ps" if w > 1 else ""
        ha = ", hs" if w > 1 else ""
        out += [f"{i}for (; p + {w} <= panels; p += {w}) {{" if w > 1 else f"{i}for (; p < panels; p++) {{",
                f"{i}  int r = 0;",
                f"{i}  for (; r + {R} <= rows; r += {R}) {{",
                f"{i}    forward{R}x{w}(a, aOff + r * lda, lda, kd, z, p * ps{pa}, h, p * hs + r * L{ha});",
                f"{i}  }}",
                f"{i}  for (; r < rows; r++) {{",
                f"{i}    forward1x{w}(a, aOff + r * lda, kd, z, p * ps{pa}, h, p * hs + r * L{ha});",
                f"{i}  }}",
                f"{i}}}"]
    return "\n".join(out) + "\n", [(R, w) for w in widths] + [(1, w) for w in widths]


def backward_loops(R, C, ind):
    """The loops of backward over blocks of R queries × C column panels, then single panels."""
    i = ' ' * ind
    out = [f"{i}int c = 0;"]
    widths = [C, 1] if C > 1 else [1]
    for w in widths:
        ca = ", cs" if w > 1 else ""
        out += [f"{i}for (; c + {w} <= chunks; c += {w}) {{" if w > 1 else f"{i}for (; c < chunks; c++) {{",
                f"{i}  int b = 0;",
                f"{i}  for (; L % {R} == 0 && b + {R} <= rows; b += {R}) {{",
                f"{i}    backward{R}x{w}(w, wOff(b, ws), a, aOff + c * cs{ca}, kk, g, gOff + b * ldg + c * L, ldg);",
                f"{i}  }}",
                f"{i}  for (; b < rows; b++) {{",
                f"{i}    backward1x{w}(w, wOff(b, ws), a, aOff + c * cs{ca}, kk, g, gOff + b * ldg + c * L);",
                f"{i}  }}",
                f"{i}}}"]
    return "\n".join(out) + "\n", [(R, w) for w in widths] + [(1, w) for w in widths]


wf, wide_f = forward_loops(WIDE['fr'], WIDE['fp'], 6)
nf, narrow_f = forward_loops(NARROW['fr'], NARROW['fp'], 6)
wb, wide_b = backward_loops(WIDE['br'], WIDE['bc'], 6)
nb, narrow_b = backward_loops(NARROW['br'], NARROW['bc'], 6)

forward_dispatch = f"""  static void forward(float[] a, int aOff, int lda, int rows, int kd, float[] z, int zs,
      int panels, float[] h, int hs) {{
    int ps = zs;
    if (WIDE) {{
{wf}    }} else {{
{nf}    }}
  }}
"""

backward_dispatch = f"""  static void backward(float[] w, int ws, float[] a, int aOff, int cs, int kk, int rows,
      int chunks, float[] g, int gOff, int ldg) {{
    // A block's R queries start at a multiple of R, so with R dividing L they lie in one query
    // panel and share one weight offset (the L % R test is a constant: the loop is compiled out
    // where it fails).
    if (WIDE) {{
{wb}    }} else {{
{nb}    }}
  }}
"""

mid = mid.replace("BACKWARD_DISPATCH\n", backward_dispatch + "\n")


def shapes(blocks):
    """Each block shape once, largest first."""
    return sorted(set(blocks), key=lambda s: (-s[0] * s[1], -s[0]))


fwds = [fwd(r, p) for r, p in shapes(wide_f + narrow_f)]
bwds = [bwd(r, c) for r, c in shapes(wide_b + narrow_b)]
src = hdr + forward_dispatch + "\n" + "\n".join(fwds) + mid + "\n" + "\n".join(bwds) + "}\n"
write('src/main/java/org/denseam/backend/jvm/Gemm.java', src)
