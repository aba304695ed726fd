package org.denseam.backend.jvm;

import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.incubator.vector.FloatVector;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Rows;
import org.denseam.backend.Similarity;
import org.denseam.backend.TileSizes;

/**
 * The exact MrDAM energy and gradient of the JVM backend (log-sum-exp over all memories), streamed
 * as in flash attention: per block of queries and per tile of memories, the scores of the tile
 * ({@link Gemm#forward}), a running maximum and sum per query ({@link LseKernels#tile}), and, for
 * gradients, the softmax-weighted sum of the memories ({@link Gemm#backward}). Each chunk of
 * memories keeps its own state; the states are merged in chunk order per query, so the result does
 * not depend on the thread count. The B × K score matrix is never formed.
 */
final class JvmExact {
  private static final int L = Tiling.L;

  private final Workers workers;
  private final TileSizes tiles;
  private final ThreadLocal<ExactWorkspace> workspace =
      ThreadLocal.withInitial(ExactWorkspace::new);
  /** Float32 copies of float64 exact patterns on the heap ({@link #wholeFloats}). */
  private final Map<ExactPatterns, float[]> float32Copies = new WeakHashMap<>();

  /**
   * The exact energy on the given threads.
   *
   * @param workers the backend's threads
   * @param tiles the backend's tile sizes
   */
  JvmExact(Workers workers, TileSizes tiles) {
    this.workers = workers;
    this.tiles = tiles;
  }

  /** Forgets the float32 copies of float64 patterns. */
  void clear() {
    synchronized (float32Copies) {
      float32Copies.clear();
    }
  }

  /**
   * Energies and gradients of a batch, as {@link org.denseam.backend.Backend#exact} documents.
   *
   * @param patterns the memories, β and the similarity
   * @param x queries, B × D row-major
   * @param batch number of queries B
   * @param energy output energies (B), or null
   * @param grad output gradients (B × D row-major), or null
   * @throws ArithmeticException when every score of a query is out of the float32 range
   */
  void exact(ExactPatterns patterns, double[] x, int batch, double[] energy, double[] grad) {
    int k = patterns.k(), d = patterns.d();
    float beta = (float) patterns.beta();
    boolean dot = patterns.similarity() == Similarity.DOT;
    Rows xiRows = patterns.patterns();
    float[] whole = wholeFloats(patterns);
    boolean weighted = grad != null;
    int dp = Gemm.panels(d) * L;
    int chunks = Tiling.chunkCount(k);
    int tk = tiles.rows(dp);
    ExactWorkspace call = workspace.get();
    for (int from = 0; from < batch; from += Tiling.QUERY_BLOCK) {
      int n = Math.min(Tiling.QUERY_BLOCK, batch - from);
      int panels = Gemm.panels(n), bp = panels * L;
      call.queries.pack(x, from, n, d, dp, 1.0, false);
      // Chunk states: running max, sum, argmax per query; weighted sums per query.
      call.chunkMax = Buffers.grow(call.chunkMax, chunks * bp);
      call.chunkSum = Buffers.grow(call.chunkSum, chunks * bp);
      if (weighted) {
        call.chunkWeighted = Buffers.grow(call.chunkWeighted, chunks * n * dp);
      }
      call.chunkArgmax = Buffers.grow(call.chunkArgmax, chunks * bp);
      float[] z = call.queries.values, m = call.chunkMax, sum = call.chunkSum;
      float[] acc = call.chunkWeighted;
      int[] arg = call.chunkArgmax;
      workers.parallel(chunks, workspace::get, (ch, s) -> {
        int lo = Tiling.chunkStart(k, chunks, ch), hi = Tiling.chunkStart(k, chunks, ch + 1);
        int hs = tk * L;
        s.scores = Buffers.grow(s.scores, tk * bp);
        s.rescale = Buffers.grow(s.rescale, bp);
        float[] h = s.scores, scale = s.rescale;
        int so = ch * bp, ao = ch * n * dp;
        Arrays.fill(m, so, so + bp, Float.NEGATIVE_INFINITY);
        Arrays.fill(sum, so, so + bp, 0f);
        Arrays.fill(arg, so, so + bp, -1);
        if (weighted) {
          Arrays.fill(acc, ao, ao + n * dp, 0f);
        }
        for (int mu0 = lo; mu0 < hi; mu0 += tk) {
          int rows = Math.min(tk, hi - mu0);
          float[] src = tile(xiRows, whole, mu0, rows, d, dp, beta, dot, weighted, s);
          int ro = whole != null ? mu0 * d : 0;
          Gemm.forward(src, ro, d, rows, d, z, dp * L, panels, h, hs);
          LseKernels.tile(h, hs, rows, bp, beta, s.scoreOffsets, mu0, m, arg, sum, so, scale);
          if (weighted) {
            LseKernels.rescale(acc, ao, dp, n, scale);
            Gemm.backward(h, hs, s.patternPanels, 0, rows * L, rows, n, dp / L, acc, ao, dp);
          }
        }
      });
      call.chunkFactors = Buffers.grow(call.chunkFactors, n * chunks);
      double[] factor = call.chunkFactors;
      int f0 = from;
      workers.forEachQuery(n, r -> {
        int b = f0 + r, xo = b * d;
        float mMax = Float.NEGATIVE_INFINITY;
        int best = -1;
        for (int ch = 0; ch < chunks; ch++) {
          if (m[ch * bp + r] > mMax) {
            mMax = m[ch * bp + r];
            best = arg[ch * bp + r];
          }
        }
        if (best < 0) {
          // Every score is NaN or -Inf: β times the similarity left the float32 range.
          throw new ArithmeticException("the exact energy of query " + b + " is out of the"
              + " float32 range: beta (" + patterns.beta() + ") times "
              + (dot ? "<x, xi>" : "||x - xi||^2") + " overflows for every memory; lower beta,"
              + " rescale the inputs, or use the reference backend (float64)");
        }
        // Chunk c's state is relative to its own maximum: weight it by exp(m_c - max).
        int fo = r * chunks;
        double total = 0;
        for (int ch = 0; ch < chunks; ch++) {
          factor[fo + ch] = Math.exp((double) m[ch * bp + r] - mMax);
          total += sum[ch * bp + r] * factor[fo + ch];
        }
        if (energy != null) {
          // The exponent of the best memory in double, without the cancellation of the expanded
          // form used for the scores.
          double top = 0, n2 = 0;
          double[] xb = bestRow(xiRows, best, d);
          for (int i = 0; i < d; i++) {
            double xv = x[xo + i], mv = xb[i];
            top += dot ? xv * mv : (xv - mv) * (xv - mv);
            n2 += xv * xv;
          }
          top = dot ? beta * top : -0.5 * beta * top;
          energy[b] = (float) (-(top + Math.log(total)) / beta + (dot ? 0.5 * n2 : 0));
        }
        if (grad != null) {
          for (int i = 0; i < d; i++) {
            double a = 0;
            for (int ch = 0; ch < chunks; ch++) {
              a += acc[ch * n * dp + r * dp + i] * factor[fo + ch];
            }
            grad[xo + i] = (float) ((float) x[xo + i] - a / total);
          }
        }
      });
    }
  }

  /**
   * Reads tile {@code [mu0, mu0 + rows)} of the stored patterns in float32 and its score offsets
   * ({@code -β/2 ||ξ_μ||²} of the float32 pattern, accumulated in float32 in index order, or 0 for
   * the dot product) into {@code s.scoreOffsets}; lays the tile out in column panels in {@code
   * s.patternPanels} (the layout of {@link Gemm#backward}: {@code (μ, i)} at {@code (i / L)·rows·L
   * + μ·L + i mod L}, zero-padded) when {@code panels}. Returns the array holding the tile's rows:
   * the patterns' own {@code float[]} when they are one (row μ0 at {@code mu0·D}), else {@code
   * s.patternRows} (from 0), where they were copied, and checked when read from a file.
   */
  private static float[] tile(Rows xi, float[] whole, int mu0, int rows, int d, int dp,
      float beta, boolean dot, boolean panels, ExactWorkspace s) {
    float[] src = whole;
    int so = mu0 * d;
    if (src == null) {
      s.patternRows = Buffers.grow(s.patternRows, rows * d);
      xi.copy(mu0, rows, s.patternRows, 0);
      src = s.patternRows;
      so = 0;
    }
    s.scoreOffsets = Buffers.grow(s.scoreOffsets, rows);
    float[] bias = s.scoreOffsets;
    if (dot) {
      Arrays.fill(bias, 0, rows, 0f);
    } else {
      // Each norm is one float32 sum in index order (its bits are fixed); four rows at a time,
      // so that the four sums' additions overlap instead of waiting on each other.
      int r = 0;
      for (; r + 4 <= rows; r += 4) {
        float n0 = 0f, n1 = 0f, n2 = 0f, n3 = 0f;
        for (int i = 0, o = so + r * d; i < d; i++, o++) {
          float v0 = src[o], v1 = src[o + d], v2 = src[o + 2 * d], v3 = src[o + 3 * d];
          n0 += v0 * v0;
          n1 += v1 * v1;
          n2 += v2 * v2;
          n3 += v3 * v3;
        }
        bias[r] = -0.5f * beta * n0;
        bias[r + 1] = -0.5f * beta * n1;
        bias[r + 2] = -0.5f * beta * n2;
        bias[r + 3] = -0.5f * beta * n3;
      }
      for (; r < rows; r++) {
        float n0 = 0f;
        for (int i = 0, o = so + r * d; i < d; i++) {
          float v = src[o + i];
          n0 += v * v;
        }
        bias[r] = -0.5f * beta * n0;
      }
    }
    if (panels) {
      s.patternPanels = Buffers.grow(s.patternPanels, rows * dp);
      float[] p = s.patternPanels;
      int cs = rows * L;
      if (d != dp) {
        Arrays.fill(p, 0, rows * dp, 0f);
      }
      int full = d / L, rest = d - full * L;
      for (int r = 0; r < rows; r++) {
        int o = so + r * d;
        for (int q = 0; q < full; q++) {
          FloatVector.fromArray(Gemm.FS, src, o + q * L).intoArray(p, q * cs + r * L);
        }
        if (rest > 0) {
          System.arraycopy(src, o + full * L, p, full * cs + r * L, rest);
        }
      }
    }
    return src;
  }

  /**
   * The patterns as one float32 array, when they are on the heap: their own array when float32;
   * for float64 ones a rounded copy, made on the first call and kept while the {@link
   * ExactPatterns} instance is in use (a descent or a service evaluates the same memory many
   * times); null for rows read from a file, which are streamed a tile at a time.
   */
  private float[] wholeFloats(ExactPatterns p) {
    Rows rows = p.patterns();
    if (rows.floats() != null || rows.doubles() == null) {
      return rows.floats();
    }
    synchronized (float32Copies) {
      float[] f = float32Copies.get(p);
      if (f == null) {
        f = rows.toFloats();
        float32Copies.put(p, f);
      }
      return f;
    }
  }

  /**
   * Pattern {@code best} in float64 (the values as stored), in the executing thread's workspace.
   */
  private double[] bestRow(Rows xi, int best, int d) {
    ExactWorkspace s = workspace.get();
    s.bestRow = Buffers.grow(s.bestRow, d);
    xi.copy(best, 1, s.bestRow, 0);
    return s.bestRow;
  }
}
