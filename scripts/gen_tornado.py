#!/usr/bin/env python3
"""Writes three TornadoVM kernel classes of the kernels module whole: ProjectionKernels.java (the
4 × 4 register tiles of projectTiles/backProjectTiles, the 4 × 16 register panels of
projectPanels/backProjectPanels), LseKernels.java (the eight queries × 16 memories of
partialPanels) and SorfKernels.java (the eight input lanes of the lane kernels). TornadoVM keeps
scalar locals in registers where small arrays would go to private memory, and kernel compilers
take no variable index into a vector, so each value of a register block is a local of its own and
each vector lane is read by name: the functions below write those lines out by loops, and each
class is a template (the text at the end of this file) whose marker lines `$part args$` they
replace. Run from anywhere: python3 scripts/gen_tornado.py [--out DIR] (DIR instead of the
repository as the root of the written tree)."""
from generated import writer

write = writer('gen_tornado.py')

PACKAGE_DIR = 'kernels/src/main/java/org/denseam/backend/tornado/'
TILE = 4      # a work-item's tile in projectTiles/backProjectTiles: 4 rows × 4 columns
ROWS = 4      # inputs of a work-item's panel block: ProjectionKernels
LSE_ROWS = 8  # queries of a work-item's block in LseKernels.partialPanels: LseKernels.QUERIES
HALVES = 'lh'  # the two Float8 halves of 16 columns (memories): low, high
LANES = 8     # SorfKernels.LANES: inputs per Float8
LETTERS = 'abcd'


def plus(base, k, step):
    """`base + k·step` as written in the kernels: base, base + step, base + k * step."""
    if k == 0:
        return base
    if k == 1:
        return f'{base} + {step}'
    return f'{base} + {k} * {step}'


def add(base, k):
    """`base + k` for a literal k, base alone for 0."""
    return base if k == 0 else f'{base} + {k}'


def call(head, args, tail, groups):
    """A call or constructor `head args… tail` over several lines, groups[j] arguments on line j,
    continuation lines indented by 4."""
    assert sum(groups) == len(args)
    lines, j = [], 0
    for n, size in enumerate(groups):
        part = ', '.join(args[j:j + size])
        j += size
        last = j == len(args)
        lines.append(('' if n == 0 else '    ') + (head if n == 0 else '') + part
                     + (tail if last else ','))
    return lines


def guarded(q, lines):
    """lines as they are for input 0 (always present), inside `if (ok{q})` for the others."""
    if q == 0:
        return lines
    return [f'if (ok{q}) {{'] + ['  ' + line for line in lines] + ['}']


# ProjectionKernels: tiles

def decl16(c):
    """The 4 × 4 accumulators c00 … c33, zero, two tile rows per line."""
    return ['float ' + ', '.join(f'{c}{i}{j} = 0f' for i in pair for j in range(TILE)) + ';'
            for pair in ((0, 1), (2, 3))]


def loads4(v, arr, off, step):
    """v0 … v3 = arr[off + j·step]: a work-item's four values of a staged chunk row."""
    return [f'float {v}{j} = {arr}[{plus(off, j, step)}];' for j in range(TILE)]


def fma16(t, x, w):
    """t_ij += x_i · w_j, one tile row per line."""
    return [' '.join(f'{t}{i}{j} += {x}{i} * {w}{j};' for j in range(TILE)) for i in range(TILE)]


def acc16(c, t):
    """c_ij += t_ij, one tile row per line."""
    return [' '.join(f'{c}{i}{j} += {t}{i}{j};' for j in range(TILE)) for i in range(TILE)]


def stores4(out, cols, col, c):
    """The tile's rows written out with store4."""
    return [f'store4({out}, {plus("r0 + ly", i, "ny")}, rows, {cols}, {col}, nx, '
            + ', '.join(f'{c}{i}{j}' for j in range(TILE)) + ');' for i in range(TILE)]


def store4body():
    """store4's four guarded stores."""
    lines = []
    for k in range(TILE):
        lines += [f'if ({plus("c", k, "step")} < cols) {{',
                  f'  out[{plus("o", k, "step")}] = v{k};', '}']
    return lines


# ProjectionKernels: panels (and LseKernels' score sums)

def offsets4(p, n):
    """The row offsets pa … pd of a block of four inputs (the last input repeated past rows)."""
    return [f'int {p}a = r * {n};'] + [
        f'int {p}{LETTERS[q]} = Math.min(r + {q}, rows - 1) * {n};' for q in range(1, ROWS)]


def zero8s(c, rows=ROWS):
    """The Float8 accumulators c0l, c0h … of the block's rows inputs, zero."""
    return [f'Float8 {c}{q}{h} = DeviceMath.zero8();' for q in range(rows) for h in HALVES]


def panel16(arr, off):
    """A row of 16 panel columns as two Float8s, wlo and whi."""
    lines = []
    for h, name in enumerate(('wlo', 'whi')):
        lines += call(f'Float8 {name} = new Float8(',
                      [f'{arr}[{add(off, 8 * h + j)}]' for j in range(8)], ');', [5, 3])
    return lines


def scalars4(v, arr, p, idx):
    """v0 … v3 = arr[pa + idx] … arr[pd + idx]."""
    return [f'float {v}{q} = {arr}[{p}{LETTERS[q]} + {idx}];' for q in range(ROWS)]


def scalars4n(v, arr, p, idx, rows=ROWS):
    """v0 … v(rows-1) = arr[p0 + idx] … ."""
    return [f'float {v}{q} = {arr}[{p}{q} + {idx}];' for q in range(rows)]


def madds(c, lo, hi, x, rows=ROWS):
    """c_qh += (lo | hi) · x_q for the block's rows inputs and both halves."""
    return [f'{c}{q}{h} = DeviceMath.fma8({vec}, {x}{q}, {c}{q}{h});'
            for q in range(rows) for h, vec in zip(HALVES, (lo, hi))]


def puts16(out, n, stride):
    """The block's four rows of 16 written out with put16, those past rows skipped."""
    lines = [f'put16({out}, o, {n}, c0l, c0h);']
    for q in range(1, ROWS):
        lines += [f'if (r + {q} < rows) {{',
                  f'  put16({out}, {plus("o", q, stride)}, {n}, c{q}l, c{q}h);', '}']
    return lines


def put16body():
    """put16's sixteen guarded stores, lanes read by name."""
    return [f'put(out, o + {j}, {j} < n, {"lo" if j < 8 else "hi"}.getS{j % 8}());'
            for j in range(16)]


# LseKernels.partialPanels

def lse_rows():
    """The queries of a block: rows, presence, query offsets, partial-sum offsets."""
    return ([f'int r{q} = Math.min({add("rb * QUERIES", q)}, rows - 1);' for q in range(LSE_ROWS)]
            + [f'boolean ok{q} = rb * QUERIES + {q} < rows;' for q in range(1, LSE_ROWS)]
            + [f'int x{q} = r{q} * d;' for q in range(LSE_ROWS)]
            + [f'int b{q} = (r{q} * chunks + c) * dv;' for q in range(LSE_ROWS)])


def lse_acc():
    """The squared distances' (or scores') accumulators s0l, s0h … of the block's queries, zero."""
    return zero8s('s', LSE_ROWS)


def lse_dots():
    """The dot products' step: s += ξ_i · x_i, per query and half."""
    return scalars4n('v', 'x', 'x', 'i', LSE_ROWS) + madds('s', 'ml', 'mh', 'v', LSE_ROWS)


def lse_zero():
    """Zeroes component vector i of each present query's running weighted sum."""
    lines = []
    for q in range(LSE_ROWS):
        lines += guarded(q, [f'pacc.set(b{q} + i, DeviceMath.zero8());'])
    return lines


def lse_state():
    """The running maxima and sums of the block's queries."""
    return ([f'float mx{q} = NONE;' for q in range(LSE_ROWS)]
            + [f'float sum{q} = 0f;' for q in range(LSE_ROWS)])


def lse_squares():
    """The squared distances' step: e = ξ - x, s += e·e, per query and half."""
    return ([f'Float8 e{q}{h} = Float8.sub(m{h}, x[x{q} + i]);'
             for q in range(LSE_ROWS) for h in HALVES]
            + [f's{q}{h} = DeviceMath.fma8(e{q}{h}, e{q}{h}, s{q}{h});'
               for q in range(LSE_ROWS) for h in HALVES])


def lse_weights():
    """Scores, panel maxima, rescales, weights, running sums and the stored weights of a panel."""
    lines = [f'Float8 a{q}{h} = DeviceMath.fma8(Float8.mult(s{q}{h}, f), keep{h}, drop{h});'
             for q in range(LSE_ROWS) for h in HALVES]
    lines += [f'float g{q} = Math.max(Float8.max(a{q}l), Float8.max(a{q}h));' for q in range(LSE_ROWS)]
    lines += [f'float rs{q} = 1f;' for q in range(LSE_ROWS)]
    for q in range(LSE_ROWS):
        lines += [f'if (g{q} > mx{q}) {{', f'  rs{q} = TornadoMath.exp(mx{q} - g{q});',
                  f'  mx{q} = g{q};', '}']
    lines += [f'Float8 w{q}{h} = Float8.mult(exp8(a{q}{h}, mx{q}), keep{h});'
              for q in range(LSE_ROWS) for h in HALVES]
    lines += [f'sum{q} = sum{q} * rs{q} + (sum8(w{q}l) + sum8(w{q}h));' for q in range(LSE_ROWS)]
    lines += [f'store8(wbuf, {add("wb", 8 * (2 * q + n))}, w{q}{h});'
              for q in range(LSE_ROWS) for n, h in enumerate(HALVES)]
    return lines


def lse_rescale():
    """Component vector i of each query's running weighted sum, rescaled."""
    return [f'Float8 c{q} = Float8.mult(pacc.get(b{q} + i), rs{q});' for q in range(LSE_ROWS)]


def lse_fold():
    """Adds memory j of the panel, weighted, to each query's component vector."""
    return [f'c{q} = DeviceMath.fma8(m, wbuf[{add("wb", 16 * q)} + j], c{q});'
            for q in range(LSE_ROWS)]


def lse_store():
    """Stores each present query's component vector."""
    lines = []
    for q in range(LSE_ROWS):
        lines += guarded(q, [f'pacc.set(b{q} + i, c{q});'])
    return lines


def lse_results():
    """Stores each present query's running maximum and sum."""
    lines = []
    for q in range(LSE_ROWS):
        lines += guarded(q, [f'pm[r{q} * chunks + c] = mx{q};', f'ps[r{q} * chunks + c] = sum{q};'])
    return lines


def store8body():
    """store8's eight stores, lanes read by name."""
    return [f'a[{add("o", j)}] = v.getS{j}();' for j in range(8)]


def mask8body():
    """mask8's vector of eight keeps."""
    return call('return new Float8(', ['keep(n)'] + [f'keep(n - {j}f)' for j in range(1, 8)],
                ');', [5, 3])


def exp8body():
    """exp8's vector of eight exponentials."""
    return call('return new Float8(', [f'TornadoMath.exp(a.getS{j}() - m)' for j in range(8)],
                ');', [2, 2, 2, 2])


def gradlanes():
    """mergePanels' eight guarded gradient components, lanes read by name."""
    return [f'gradLane(grad, x, {add("o", j)}, {j} < n, a.getS{j}());' for j in range(8)]


# SorfKernels

def lane_rows():
    """The input offsets of a group's eight lanes (the last input repeated past rows)."""
    return ['int z0 = r0 * d;'] + [f'int z{j} = Math.min(r0 + {j}, last) * d;'
                                   for j in range(1, LANES)]


def lane_load():
    """Component i of the group's eight inputs as one Float8."""
    return call('Float8 v = new Float8(', [f'z[z{j} + i]' for j in range(LANES)], ');', [6, 2])


def storelanes_body():
    """storeLanes' stores, lane j only for j < n, lanes read by name."""
    lines = ['out[a] = v.getS0();']
    for j in range(1, LANES):
        lines += [f'if (n > {j}) {{', f'  out[{plus("a", j, "stride")}] = v.getS{j}();', '}']
    return lines


PARTS = {f.__name__: f for f in (
    decl16, loads4, fma16, acc16, stores4, store4body, offsets4, zero8s, panel16, scalars4,
    scalars4n, madds, puts16, put16body, lse_rows, lse_acc, lse_dots, lse_zero, lse_state,
    lse_squares, lse_weights, lse_rescale, lse_fold, lse_store, lse_results, store8body,
    mask8body, exp8body, gradlanes, lane_rows, lane_load, storelanes_body)}


def expand(template):
    """The template with each marker line `<indent>$part args$` replaced by the lines of
    PARTS[part](*args), each at that indent."""
    out = []
    for line in template.split('\n'):
        body = line.strip()
        if body.startswith('$'):
            assert body.endswith('$') and body.count('$') == 2, line
            name, *args = body[1:-1].split()
            indent = line[:len(line) - len(line.lstrip())]
            out += [indent + part for part in PARTS[name](*args)]
        else:
            assert '$' not in line, line
            out.append(line)
    return '\n'.join(out)


# The classes, each line as written except the marker lines `<indent>$part args$`, which expand()
# replaces by the lines of PARTS[part](*args).

PROJECTION = r'''package org.denseam.backend.tornado;

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
 *
 * <p>The register blocks (the 4 × 4 tiles, the 4 × 16 panels) are written out, one local per
 * value, by {@code scripts/gen_tornado.py}: TornadoVM keeps scalar locals in registers, where
 * small arrays would go to private memory.
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
    $decl16 c$
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
      $decl16 t$
      for (int kk = 0; kk < KC; kk++) {
        int wo = kk * ta + lx;
        int zo = kk * tr + ly;
        $loads4 w wl wo nx$
        $loads4 x zl zo ny$
        $fma16 t x w$
      }
      $acc16 c t$
      ctx.localBarrier();
    }
    int a = a0 + lx;
    $stores4 h m a c$
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
    $decl16 c$
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
      $decl16 t$
      for (int ka = 0; ka < KC; ka++) {
        int wo = ka * ti + lx;
        int so = ka * tr + ly;
        $loads4 w wl wo nx$
        $loads4 s sl so ny$
        $fma16 t s w$
      }
      $acc16 c t$
      ctx.localBarrier();
    }
    int i = i0 + lx;
    $stores4 acc d i c$
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
      $offsets4 r d$
      $zero8s c$
      for (int k = 0; k < d; k++) {
        int wo = k * PW;
        $panel16 wl wo$
        $scalars4 x z r k$
        $madds c wlo whi x$
      }
      int o = r * m + a0;
      $puts16 h cols m$
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
      $offsets4 s m$
      $zero8s c$
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
            $panel16 wl wo$
            int a = Math.min(a0 + aa, m - 1);
            $scalars4 s slope s a$
            $madds c wlo whi s$
          }
        }
        ctx.localBarrier();
      }
      if (t0 + tid < blocks) {
        int n = Math.min(16, d - i0);
        int o = g * rows * d + r * d + i0;
        $puts16 part n d$
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
      $store4body$
    }
  }

  /**
   * Stores the first n (at most 16) of the 16 outputs {@code lo, hi} at {@code out[o..]}. (Vector
   * components are read by name: kernel compilers take no variable index into a vector.)
   */
  private static void put16(float[] out, int o, int n, Float8 lo, Float8 hi) {
    $put16body$
  }

  /** Writes one output if {@code live}: {@code out[o] = v}. */
  private static void put(float[] out, int o, boolean live, float v) {
    if (live) {
      out[o] = v;
    }
  }
}
'''

LSE = r'''package org.denseam.backend.tornado;

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
 * <p>Register blocks are written out, one local per value, by {@code scripts/gen_tornado.py}, as
 * in {@link ProjectionKernels}: TornadoVM keeps scalar locals in registers, where small arrays
 * would go to private memory.
 */
public final class LseKernels {
  /**
   * The score of "no memory" (an empty chunk, a missing member of the last group): the lowest
   * float rather than -∞, since kernels are compiled with finite-math-only flags.
   */
  static final float NONE = -Float.MAX_VALUE;

  /**
   * Queries a work-item of {@link #partialPanels} serves, sharing each memory it reads: eight, so
   * that each vector read from memory (four 8-byte loads and shuffles on PoCL) feeds 16 fused
   * multiply-adds; the 16 running {@link Float8} sums fit AVX-512's 32 vector registers.
   */
  static final int QUERIES = 8;
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
   * ({@link #panels}), and each work-item scores a panel against its {@link #QUERIES} queries with the
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
   * @param wbuf scratch: the {@link #QUERIES} × 16 weights of each work-item's current panel
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
        $lse_rows$
        int wb = (c * blocks + rb) * QUERIES * PANEL;
        float f = dot == 1 ? beta : -0.5f * beta;
        for (int i = 0; i < dv; i++) {
          $lse_zero$
        }
        $lse_state$
        for (int pan = plo; pan < phi; pan++) {
          $lse_acc$
          int po = 2 * pan * d;
          if (dot == 1) {
            for (int i = 0; i < d; i++) {
              Float8 ml = xp.get(po + 2 * i);
              Float8 mh = xp.get(po + 2 * i + 1);
              $lse_dots$
            }
          } else {
            for (int i = 0; i < d; i++) {
              Float8 ml = xp.get(po + 2 * i);
              Float8 mh = xp.get(po + 2 * i + 1);
              $lse_squares$
            }
          }
          // Scores; lanes past K score NONE and weigh 0.
          int mu0 = pan * PANEL;
          Float8 keepl = mask8(mu0, k);
          Float8 keeph = mask8(mu0 + 8, k);
          Float8 dropl = Float8.mult(Float8.sub(Float8.mult(keepl, -1f), -1f), NONE);
          Float8 droph = Float8.mult(Float8.sub(Float8.mult(keeph, -1f), -1f), NONE);
          $lse_weights$
          // pacc_q ← pacc_q · rs_q + Σ_j w_qj ξ_{16p+j}, eight components at a time (rows of ξ and
          // of pacc padded to a multiple of 8).
          int nj = Math.min(PANEL, k - mu0);
          for (int i = 0; i < dv; i++) {
            $lse_rescale$
            for (int j = 0; j < nj; j++) {
              Float8 m = xr.get((mu0 + j) * dv + i);
              $lse_fold$
            }
            $lse_store$
          }
        }
        $lse_results$
      }
    }
  }

  /** Stores eight values at {@code a[o..o+7]} (components read by name, as kernels need). */
  private static void store8(float[] a, int o, Float8 v) {
    $store8body$
  }

  /**
   * 1 for the memories {@code mu0 … mu0 + 7} below K, 0 past it (branch-free: {@code min(1,
   * max(0, K - μ))}).
   */
  private static Float8 mask8(int mu0, int k) {
    float n = k - mu0;
    $mask8body$
  }

  /** {@code min(1, max(0, n))}: 1 if n ≥ 1, 0 if n ≤ 0, for whole numbers n. */
  private static float keep(float n) {
    return Math.min(1f, Math.max(0f, n));
  }

  /** {@code exp(a - m)} lane by lane. */
  private static Float8 exp8(Float8 a, float m) {
    $exp8body$
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
   * @param pm running maxima per (r, c); replaced by the chunks' weights {@code exp(m_c - M) / S}
   *     of the query, computed once per chunk rather than once per component vector
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
      for (int c = 0; c < chunks; c++) {
        pm[r * chunks + c] = TornadoMath.exp(pm[r * chunks + c] - mx) / sum;
      }
      for (int i = 0; i < dv; i++) {
        Float8 a = DeviceMath.zero8();
        for (int c = 0; c < chunks; c++) {
          a = DeviceMath.fma8(pacc.get((r * chunks + c) * dv + i), pm[r * chunks + c], a);
        }
        int o = r * d + 8 * i;
        int n = Math.min(8, d - 8 * i);
        $gradlanes$
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
'''

SORF = r'''package org.denseam.backend.tornado;

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
 *
 * <p>The lanes of the eight inputs of a group are written out, one per value, by {@code
 * scripts/gen_tornado.py} (kernel compilers take no variable index into a vector).
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
    $lane_rows$
    for (int i = 0; i < d; i++) {
      $lane_load$
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
    $storelanes_body$
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
'''

for name, template in (('ProjectionKernels', PROJECTION), ('LseKernels', LSE),
                       ('SorfKernels', SORF)):
    write(PACKAGE_DIR + name + '.java', expand(template))
