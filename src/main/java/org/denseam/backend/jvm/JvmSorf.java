package org.denseam.backend.jvm;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.denseam.backend.Rows;
import org.denseam.features.Basis;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureKernelsVector;
import org.denseam.features.FeatureMap;
import org.denseam.features.Sorf;
import org.denseam.rng.Gaussian;

/**
 * The JVM backend's path for SORF feature maps ({@link Sorf}): float32 Walsh-Hadamard transforms
 * on query panels with the Java Vector API, and the feature arithmetic of {@link
 * FeatureKernelsVector}.
 *
 * <p>A panel holds {@link #L} inputs; element {@code (i, b)} of a P-vector is at {@code i·L + b},
 * so each butterfly of the transform is one vector addition and one subtraction over the panel's
 * inputs, and rows of projections come out in the tile layout {@link FeatureKernelsVector} reads.
 * Per block b of P projections, GradComp runs {@code u ← W_b z} (three transforms, the signs
 * applied as each transform loads its input), the per-row value and slope, then {@code W_bᵀ (ρ ⊙
 * c)} (three more transforms): O(P log P) per block and input, instead of O(P·D).
 *
 * <p>Results do not depend on the thread count, nor on whether an input is alone or in a batch:
 * each input is computed in its own vector lane, and the blocks are split into a number of chunks
 * that depends only on the map ({@link #chunks}), summed in chunk order. Working memory per call:
 * the factors ρ_α/P, the shifts and the sign diagonals (about 5m floats, kept for the last map),
 * T as float32 (Y floats), the partial T of each memory chunk in ProcMems (at most 16·Y
 * doubles), and per query block the partial sums (chunks × B × (D + 1) floats), reused across
 * calls; per thread a few P-vectors.
 */
final class JvmSorf {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  /** Inputs per panel: the vector width in floats. */
  static final int L = FeatureKernelsVector.LANES;
  /** Most chunks of blocks in GradComp. */
  static final int MAX_CHUNKS = 8;
  /** Memory chunks of ProcMems, each with its own partial T, summed in order. */
  static final int MEMORY_CHUNKS = 16;

  /** Runs {@code task(i)} for every i in [0, n), possibly in parallel, and returns when done. */
  interface Parallel {
    void run(int n, IntConsumer task);
  }

  private JvmSorf() {}

  // ---------------------------------------------------------------- per-map factors

  /**
   * Per-projection factors of one map: {@code ρ_α / P}, for Cos the shifts {@code b_α}, and the
   * sign diagonals of every block ({@code sg[(3b + j)·P + i] = S_j[i]} of block b): O(Y) floats.
   */
  private record Factors(long seed, int d, int m, boolean cos, float[] rho, float[] bias,
      float[] sg) {}

  /** The factors of the last map used (a query loop reuses them). */
  private static volatile Factors last;

  private static Factors factors(FeatureMap map) {
    int d = map.d(), m = map.projections();
    boolean cos = map.basis() == Basis.COS;
    Factors f = last;
    if (f != null && f.seed == map.seed() && f.d == d && f.m == m && f.cos == cos) {
      return f;
    }
    int p = Sorf.padded(d);
    float[] rho = new float[m];
    float[] bias = cos ? new float[m] : null;
    for (int a = 0; a < m; a++) {
      rho[a] = Sorf.rowFactor(map.seed(), a, d, p);
      if (cos) {
        bias[a] = (float) Gaussian.bias(map.seed(), a);
      }
    }
    int blocks = (m + p - 1) / p;
    float[] sg = new float[3 * blocks * p];
    for (int b = 0; b < blocks; b++) {
      for (int j = 0; j < 3; j++) {
        Sorf.signs(map.seed(), b, j, p, sg, (3 * b + j) * p);
      }
    }
    f = new Factors(map.seed(), d, m, cos, rho, bias, sg);
    last = f;
    return f;
  }

  /** Number of chunks the blocks of a map are split into: depends on the map only. */
  static int chunks(int blocks) {
    return Math.min(MAX_CHUNKS, blocks);
  }

  // ---------------------------------------------------------------- transforms

  /**
   * Work arrays of one thread: P-vectors in panels of L inputs ({@code (i, b)} at {@code i·L + b}).
   */
  private static final class Work {
    /** The projections {@code u = ρ ⊙ W_b z} of one block, overwritten by features or slopes. */
    float[] u = new float[0];
    /** The panel's inputs z, scaled by √β, zero-padded to P rows. */
    float[] z = new float[0];
    /** Squared norms of the panel's inputs (float32). */
    float[] n2 = new float[L];
    /** The Cos shifts b_α of the block's projections. */
    float[] bias = new float[0];
    /** The second feature (sin) of each projection for paired bases, like {@link #u}. */
    float[] second = new float[0];
    /** GradComp: the panel's sum over the chunk's blocks of {@code W_bᵀ (ρ ⊙ c)}, D rows. */
    float[] acc = new float[0];
    /** ProcMems: the rows of one panel of memories, as read from their {@code Rows}. */
    double[] memoryRows = new double[0];

    /**
     * Grows the arrays for P-vectors of p rows and inputs of d dimensions.
     *
     * @param p padded dimension P
     * @param d dimension D
     * @return this
     */
    Work fit(int p, int d) {
      if (u.length < p * L) {
        u = new float[p * L];
        z = new float[p * L];
        bias = new float[p];
        second = new float[p * L];
      }
      if (acc.length < d * L) {
        acc = new float[d * L];
      }
      return this;
    }
  }

  private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

  /**
   * Packs inputs {@code [from, from + n)} of x, scaled by √β, into the panel {@code z} (P rows,
   * zero-padded) and their squared norms (float32, summed in order) into {@code n2}.
   */
  private static void pack(double[] x, int from, int n, int d, int p, double sqrtBeta, float[] z,
      float[] n2) {
    Arrays.fill(z, 0, p * L, 0f);
    Arrays.fill(n2, 0, L, 0f);
    for (int b = 0; b < n; b++) {
      float norm = 0f;
      for (int i = 0, xo = (from + b) * d; i < d; i++) {
        float v = (float) (sqrtBeta * x[xo + i]);
        z[i * L + b] = v;
        norm += v * v;
      }
      n2[b] = norm;
    }
  }

  /** Rows of a panel transformed together before the wider strides (8 KiB with 8 lanes). */
  static final int CACHE_ROWS = 256;

  /**
   * In-place unnormalised Walsh-Hadamard transform of the panel {@code u} (P rows), its input first
   * multiplied row-wise by {@code sg[so..so+P)} (when {@code sg} is not null). The strides below
   * {@link #CACHE_ROWS} run on one cache-sized group of rows at a time, then the wider ones over
   * the whole panel, so the passes over memory grow with log P, not with P log P.
   */
  static void fwht(float[] u, int p, float[] sg, int so) {
    int cb = Math.min(p, CACHE_ROWS);
    for (int r0 = 0; r0 < p; r0 += cb) {
      stages(u, r0, cb, 1, sg, so);
    }
    if (p > cb) {
      stages(u, 0, p, cb, null, 0);
    }
  }

  /**
   * The butterfly stages of strides {@code h0, 2h0, ..., n/2} on rows {@code [r0, r0 + n)} (signs
   * applied as the first stage loads its rows). Two stages run at a time (four rows per step); an
   * odd count starts with one stage alone.
   */
  private static void stages(float[] u, int r0, int n, int h0, float[] sg, int so) {
    int h = h0;
    if (Integer.numberOfTrailingZeros(n / h0) % 2 == 1) {
      int hl = h * L;
      for (int i = r0; i < r0 + n; i += 2 * h) {
        for (int j = i; j < i + h; j++) {
          FloatVector a = FloatVector.fromArray(FS, u, j * L);
          FloatVector b = FloatVector.fromArray(FS, u, j * L + hl);
          if (sg != null) {
            a = a.mul(sg[so + j]);
            b = b.mul(sg[so + j + h]);
          }
          a.add(b).intoArray(u, j * L);
          a.sub(b).intoArray(u, j * L + hl);
        }
      }
      h <<= 1;
      sg = null;
    } else if (n == h0 && sg != null) {
      for (int j = r0; j < r0 + n; j++) {
        FloatVector.fromArray(FS, u, j * L).mul(sg[so + j]).intoArray(u, j * L);
      }
    }
    for (; h < n; h <<= 2) {
      int hl = h * L;
      for (int i = r0; i < r0 + n; i += 4 * h) {
        for (int j = i; j < i + h; j++) {
          int o = j * L;
          FloatVector a0 = FloatVector.fromArray(FS, u, o);
          FloatVector a1 = FloatVector.fromArray(FS, u, o + hl);
          FloatVector a2 = FloatVector.fromArray(FS, u, o + 2 * hl);
          FloatVector a3 = FloatVector.fromArray(FS, u, o + 3 * hl);
          if (sg != null) {
            a0 = a0.mul(sg[so + j]);
            a1 = a1.mul(sg[so + j + h]);
            a2 = a2.mul(sg[so + j + 2 * h]);
            a3 = a3.mul(sg[so + j + 3 * h]);
          }
          FloatVector b0 = a0.add(a1);
          FloatVector b1 = a0.sub(a1);
          FloatVector b2 = a2.add(a3);
          FloatVector b3 = a2.sub(a3);
          b0.add(b2).intoArray(u, o);
          b1.add(b3).intoArray(u, o + hl);
          b0.sub(b2).intoArray(u, o + 2 * hl);
          b1.sub(b3).intoArray(u, o + 3 * hl);
        }
      }
      sg = null;
    }
  }

  /**
   * The projections of block b for the panel z: {@code u(r, ·) = ρ_α (W_b z)_r}, α = b·P + r, for
   * the block's {@code rows} rows, and for Cos their shifts in {@code w.bias}.
   */
  private static void forward(Work w, Factors f, int p, int blk, int rows) {
    int so = 3 * blk * p;
    System.arraycopy(w.z, 0, w.u, 0, p * L);
    fwht(w.u, p, f.sg, so + 2 * p);
    fwht(w.u, p, f.sg, so + p);
    fwht(w.u, p, f.sg, so);
    scaleRows(w.u, rows, f.rho, blk * p);
    if (f.bias != null) {
      System.arraycopy(f.bias, blk * p, w.bias, 0, rows);
    }
  }

  /** {@code u(r, ·) *= f[a0 + r]} for r < rows. */
  private static void scaleRows(float[] u, int rows, float[] f, int a0) {
    for (int r = 0; r < rows; r++) {
      FloatVector.fromArray(FS, u, r * L).mul(f[a0 + r]).intoArray(u, r * L);
    }
  }

  // ---------------------------------------------------------------- RF, ProcMems, GradComp

  /**
   * RF for a SORF map: the features {@code φ(√β x_b)} of a batch, one panel of L queries per task.
   *
   * @param map the feature map (SORF)
   * @param beta inverse temperature β
   * @param x queries, B × D row-major
   * @param batch number of queries B
   * @param phi output features, B × Y row-major
   * @param par runs the tasks
   */
  static void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi, Parallel par) {
    int d = map.d(), m = map.projections(), y = map.y(), p = Sorf.padded(d);
    int code = map.basis().code(), blocks = (m + p - 1) / p;
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    double sqrtBeta = Math.sqrt(beta);
    Factors f = factors(map);
    par.run((batch + L - 1) / L, panel -> {
      Work w = WORK.get().fit(p, d);
      int from = panel * L, n = Math.min(L, batch - from);
      pack(x, from, n, d, p, sqrtBeta, w.z, w.n2);
      for (int blk = 0; blk < blocks; blk++) {
        int a0 = blk * p, rows = Math.min(p, m - a0);
        forward(w, f, p, blk, rows);
        FeatureKernelsVector.features(code, c, w.u, p * L, rows, L, w.bias, w.n2, w.second);
        for (int b = 0; b < n; b++) {
          int po = (from + b) * y;
          for (int r = 0; r < rows; r++) {
            if (paired) {
              phi[po + 2 * (a0 + r)] = w.u[r * L + b];
              phi[po + 2 * (a0 + r) + 1] = w.second[r * L + b];
            } else {
              phi[po + a0 + r] = w.u[r * L + b];
            }
          }
        }
      }
    });
  }

  /**
   * ProcMems for a SORF map: {@code T += sign · Σ_μ φ(√β ξ_μ)}, the memories cut into {@link
   * #MEMORY_CHUNKS} at most, each summed into its own partial T in {@code call.sums}, the partial
   * Ts added in chunk order.
   *
   * @param map the feature map (SORF)
   * @param beta inverse temperature β
   * @param mems the memories ξ_μ, K rows of D
   * @param sign +1 to store, -1 to remove
   * @param t the feature-space memory T, of length Y, updated in place
   * @param call the calling thread's workspace
   * @param par runs the tasks
   */
  static void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t,
      ProcMemsWorkspace call, Parallel par) {
    int k = mems.count();
    int d = map.d(), m = map.projections(), y = map.y(), p = Sorf.padded(d);
    int code = map.basis().code(), blocks = (m + p - 1) / p;
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    double sqrtBeta = Math.sqrt(beta);
    Factors f = factors(map);
    int chunks = Math.min(MEMORY_CHUNKS, (k + L - 1) / L);
    call.sums = Buffers.grow(call.sums, chunks * y);
    double[] partial = call.sums;
    Arrays.fill(partial, 0, chunks * y, 0.0);
    // Chunk ch folds memories [lo, hi) in panels, in order: the sums do not depend on threads.
    par.run(chunks, ch -> {
      Work w = WORK.get().fit(p, d);
      int to = ch * y;
      int lo = (int) ((long) k * ch / chunks), hi = (int) ((long) k * (ch + 1) / chunks);
      for (int from = lo; from < hi; from += L) {
        int n = Math.min(L, hi - from);
        w.memoryRows = Buffers.grow(w.memoryRows, n * d);
        mems.copy(from, n, w.memoryRows, 0);
        pack(w.memoryRows, 0, n, d, p, sqrtBeta, w.z, w.n2);
        for (int blk = 0; blk < blocks; blk++) {
          int a0 = blk * p, rows = Math.min(p, m - a0);
          forward(w, f, p, blk, rows);
          FeatureKernelsVector.features(code, c, w.u, p * L, rows, L, w.bias, w.n2, w.second);
          for (int r = 0; r < rows; r++) {
            if (paired) {
              partial[to + 2 * (a0 + r)] += FeatureKernelsVector.rowSum(w.u, p * L, r, n);
              partial[to + 2 * (a0 + r) + 1] += FeatureKernelsVector.rowSum(w.second, p * L, r, n);
            } else {
              partial[to + a0 + r] += FeatureKernelsVector.rowSum(w.u, p * L, r, n);
            }
          }
        }
      }
    });
    for (int ch = 0; ch < chunks; ch++) {
      for (int j = 0; j < y; j++) {
        t[j] += sign * partial[ch * y + j];
      }
    }
  }

  /**
   * GradComp for a SORF map: energies and gradients of a batch, one task per panel of L queries
   * and chunk of blocks ({@link #chunks}), the chunks' partial sums (in {@code call.chunkEnergy}
   * and {@code call.chunkGrad}) added in chunk order per query.
   *
   * @param map the feature map (SORF)
   * @param beta inverse temperature β
   * @param t the feature-space memory T
   * @param x queries, B × D row-major
   * @param batch number of queries B
   * @param energy output energies (B), or null
   * @param grad output gradients (B × D row-major), or null
   * @param call the calling thread's workspace
   * @param par runs the tasks
   */
  static void gradComp(FeatureMap map, double beta, double[] t, double[] x, int batch,
      double[] energy, double[] grad, GradCompWorkspace call, Parallel par) {
    int d = map.d(), m = map.projections(), p = Sorf.padded(d);
    int code = map.basis().code(), blocks = (m + p - 1) / p, chunks = chunks(blocks);
    Basis basis = map.basis();
    float c = (float) map.scale();
    double sqrtBeta = Math.sqrt(beta);
    Factors f = factors(map);
    float[] tf = call.floatT(t);
    int panelsMax = (Math.min(batch, Tiling.QUERY_BLOCK) + L - 1) / L;
    call.chunkEnergy = Buffers.grow(call.chunkEnergy, chunks * panelsMax * L);
    call.chunkGrad = Buffers.grow(call.chunkGrad, chunks * panelsMax * d * L);
    float[] sPart = call.chunkEnergy, gPart = call.chunkGrad;
    for (int from = 0; from < batch; from += Tiling.QUERY_BLOCK) {
      int n = Math.min(Tiling.QUERY_BLOCK, batch - from), panels = (n + L - 1) / L;
      int f0 = from;
      // Task (panel, chunk) sums the blocks of its chunk for the panel's inputs.
      par.run(panels * chunks, item -> {
        Work w = WORK.get().fit(p, d);
        int panel = item / chunks, ch = item % chunks;
        int q0 = f0 + panel * L, nq = Math.min(L, f0 + n - q0);
        int so = (panel * chunks + ch) * L, go = (panel * chunks + ch) * d * L;
        pack(x, q0, nq, d, p, sqrtBeta, w.z, w.n2);
        Arrays.fill(sPart, so, so + L, 0f);
        Arrays.fill(w.acc, 0, d * L, 0f);
        for (int blk = (int) ((long) blocks * ch / chunks);
            blk < (long) blocks * (ch + 1) / chunks; blk++) {
          int a0 = blk * p, rows = Math.min(p, m - a0);
          forward(w, f, p, blk, rows);
          FeatureKernelsVector.valueSlope(code, c, w.u, p * L, rows, L, tf, a0, w.bias, w.n2,
              sPart, so);
          // u now holds the slopes c_α; W_bᵀ (ρ ⊙ c), the last signs applied on accumulation.
          scaleRows(w.u, rows, f.rho, a0);
          Arrays.fill(w.u, rows * L, p * L, 0f);
          int sg = 3 * blk * p;
          fwht(w.u, p, null, 0);
          fwht(w.u, p, f.sg, sg);
          fwht(w.u, p, f.sg, sg + p);
          for (int i = 0; i < d; i++) {
            FloatVector.fromArray(FS, w.u, i * L).mul(f.sg[sg + 2 * p + i])
                .add(FloatVector.fromArray(FS, w.acc, i * L)).intoArray(w.acc, i * L);
          }
        }
        System.arraycopy(w.acc, 0, gPart, go, d * L);
      });
      par.run(panels, panel -> {
        for (int b = 0; b < L && panel * L + b < n; b++) {
          int q = f0 + panel * L + b;
          double sv = 0;
          for (int ch = 0; ch < chunks; ch++) {
            sv += sPart[(panel * chunks + ch) * L + b];
          }
          basis.checkInnerProduct(sv);
          boolean clipped = sv < basis.clip();
          if (energy != null) {
            energy[q] = (float) FeatureKernels.energy(sv, basis.clip(), beta);
          }
          if (grad != null) {
            for (int i = 0; i < d; i++) {
              double jt = 0;
              for (int ch = 0; ch < chunks; ch++) {
                jt += gPart[((panel * chunks + ch) * d + i) * L + b];
              }
              grad[q * d + i] = clipped ? 0.0 : (float) (-jt / (sqrtBeta * sv));
            }
          }
        }
      });
    }
  }
}
