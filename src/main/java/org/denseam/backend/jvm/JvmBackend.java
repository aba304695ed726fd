package org.denseam.backend.jvm;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.denseam.backend.Backend;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Rows;
import org.denseam.backend.Similarity;
import org.denseam.backend.SparsePatterns;
import org.denseam.features.Basis;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureKernelsVector;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.rng.Gaussian;
import org.denseam.rng.GaussianVector;

/**
 * Float32 execution on all cores with the Java Vector API (needs {@code --add-modules
 * jdk.incubator.vector}).
 *
 * <p><b>DrDAM</b> (RF, ProcMems, GradComp): the projections are cut into tiles of a few hundred
 * rows. Each tile {@code Ω_tile} is regenerated once per pass into a reusable buffer ({@link
 * GaussianVector}: vectorised Philox and Box-Muller) and used for the whole batch: {@code H =
 * Ω_tile Z} (B × D × tile), the features or their slopes (the arithmetic of {@link
 * FeatureKernels}, vectorised in {@link FeatureKernelsVector}), and for GradComp {@code J_φᵀT +=
 * Ω_tileᵀ S} (B × tile × D), both with the register-blocked {@link Gemm} kernels. Working memory is
 * O(Y + tile·(D + B) + B·D) (T in float32, the tile, and per-chunk partial gradients), independent
 * of K. ProcMems packs a group of memories at a time (about {@link #PROC_MEMS_BYTES}, in blocks of
 * 256) and folds every projection tile, regenerated once per group, with all of them; its working
 * memory is O(Y + group·D), independent of K too.
 *
 * <p><b>MrDAM</b> (exact log-sum-exp): memories are streamed in tiles as in flash attention: scores
 * of a tile for the whole batch ({@link Gemm#forward}), a running maximum and sum per query ({@link
 * LseKernels}), and, for gradients, the softmax-weighted sum of the memories ({@link
 * Gemm#backward}). Each tile is read where the patterns are ({@link Rows}): in place when they are
 * a {@code float[]}, else copied (rounded, or read from a file and checked) into a tile buffer; the
 * column panels of the weighted sum are laid out per tile. The B × K score matrix is never formed
 * and nothing of size K is allocated: extra memory is O(B·D + tile·D).
 *
 * <p><b>Threads and determinism.</b> Projections (DrDAM) or memories (MrDAM) are split into a
 * number of chunks that depends only on the problem size, never on the thread count; each chunk
 * keeps its own partial state (sums, or maximum, sum and weighted sum), and the states are merged
 * in chunk order. Results are therefore bit-identical for any number of threads, and both cores
 * work even for a single query. All arithmetic, including exp, log, sin and cos ({@link
 * org.denseam.math.VectorMath}), is IEEE-exact Java, so results do not depend on JIT warm-up either.
 *
 * <p><b>Memory.</b> Scratch buffers are per thread ({@link ThreadLocal}) and reused across calls:
 * after the first call of a given size, calls allocate only a few small task objects. An exact
 * memory's float32 patterns are read as they are stored; only float64 patterns on the heap get a
 * float32 copy, made on the first call and kept while their {@link ExactPatterns} is in use.
 *
 * <p>Tuning (system properties, defaults suit AVX2 with 512 KiB of L2 per core): {@code
 * denseam.tileBytes} (bytes of a projection or memory tile, 131072), {@code denseam.minTileRows}
 * (63) and {@code denseam.maxTileRows} (240).
 *
 * <p>Thread-safe; {@link #close()} releases the worker pool.
 */
public final class JvmBackend implements Backend, AutoCloseable {
  /** Upper bound of the number of chunks per pass; fixed so results do not depend on threads. */
  static final int CHUNKS = 8;
  /** Smallest number of projections or memories worth a chunk of its own. */
  static final int MIN_CHUNK = 96;
  /** Queries (and ProcMems memories) per pass; bounds the per-chunk partial state. */
  static final int QUERY_BLOCK = 256;
  /** Bytes of one tile of projections or memories, sized to stay in the L2 cache. */
  static final int TILE_BYTES = Integer.getInteger("denseam.tileBytes", 1 << 17);

  /** Fewest rows per tile: shorter contractions leave the transposed product load-bound. */
  static final int MIN_TILE_ROWS = Integer.getInteger("denseam.minTileRows", 63);
  /** Most rows per tile. */
  static final int MAX_TILE_ROWS = Integer.getInteger("denseam.maxTileRows", 240);

  private static final int L = Gemm.L;

  private final ForkJoinPool pool;
  private final long cacheLimit;
  private final java.util.concurrent.ConcurrentHashMap<TileKey, float[][]> cache =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong cacheUsed =
      new java.util.concurrent.atomic.AtomicLong();
  /** Float32 copies of float64 exact patterns on the heap ({@code wholeFloats}). */
  private final java.util.Map<ExactPatterns, float[]> float32Copies =
      new java.util.WeakHashMap<>();
  private final ThreadLocal<Scratch> callScratch = ThreadLocal.withInitial(Scratch::new);
  private final ThreadLocal<Scratch> tileScratch = ThreadLocal.withInitial(Scratch::new);

  static {
    if (GaussianVector.LANES != L || FeatureKernelsVector.LANES != L || LseKernels.LANES != L) {
      throw new IllegalStateException("vector lane counts disagree");
    }
  }

  /** A backend on all available processors. */
  public JvmBackend() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * A backend on a given number of worker threads.
   *
   * @param threads number of threads, at least 1
   */
  public JvmBackend(int threads) {
    this(threads, Long.getLong("denseam.projectionCacheBytes", 0L));
  }

  /**
   * A backend on a given number of worker threads that keeps up to {@code projectionCacheBytes}
   * of regenerated projection tiles between calls. DrDAM then stops being O(D + Y) in memory: a
   * full cache holds Ω twice (two layouts), {@code 8·D·m} bytes. For small batches, where
   * regenerating Ω dominates (B = 1: 4 flops per normal), this trades memory for speed; results
   * are the same bits with or without the cache. 0 disables it (the default; the system property
   * {@code denseam.projectionCacheBytes} sets it for the other constructors).
   *
   * @param threads number of threads, at least 1
   * @param projectionCacheBytes bytes of projection tiles to keep, 0 for none
   */
  public JvmBackend(int threads, long projectionCacheBytes) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (projectionCacheBytes < 0) {
      throw new IllegalArgumentException("projection cache must be >= 0 bytes");
    }
    this.pool = new ForkJoinPool(threads);
    this.cacheLimit = projectionCacheBytes;
  }

  @Override
  public String name() {
    return "jvm";
  }

  @Override
  public boolean singlePrecision() {
    return true;
  }

  /**
   * Number of worker threads.
   *
   * @return the pool's parallelism
   */
  public int threads() {
    return pool.getParallelism();
  }

  @Override
  public void close() {
    pool.shutdown();
    cache.clear();
    synchronized (float32Copies) {
      float32Copies.clear();
    }
  }

  // ---------------------------------------------------------------- scratch and threads

  /** Growable buffers of one thread, reused across calls. */
  static final class Scratch {
    // Per call (callScratch, the calling thread):
    /** Queries Z of one block in query panels ({@code pack}). */
    float[] queries = new float[0];
    /** Squared norms of the queries of one block, one per padded query column. */
    float[] queryNorms = new float[0];
    /** Exact: each chunk's running maximum score per query. */
    float[] chunkMax = new float[0];
    /** Exact: each chunk's running sum of exponentials per query. */
    float[] chunkSum = new float[0];
    /** Feature gradients: each chunk's partial {@code <φ(z_b), T>} per query. */
    float[] chunkEnergy = new float[0];
    /** Each chunk's partial gradient (or weighted sum of memories) for every query of a block. */
    float[] chunkGrad = new float[0];
    /** The feature-space memory T in float32 ({@code floatT}). */
    float[] tFloat = new float[0];
    // Per tile (tileScratch, each thread that runs chunks):
    /** Projections of the tile row-major, when not cached ({@code projections}). */
    float[] projRows = new float[0];
    /** Projections of the tile in column panels, when not cached. */
    float[] projPanels = new float[0];
    /** Shifts of the tile's Cos features, when not cached. */
    float[] shifts = new float[0];
    /** Scores or projections h of a tile in query panels, overwritten by features or weights. */
    float[] scores = new float[0];
    /** The second feature (sin) of each projection for paired bases, like {@link #scores}. */
    float[] pairedFeatures = new float[0];
    /** Exact: per-query factors that rescale a chunk's accumulators to a new maximum. */
    float[] scale = new float[0];
    /** ProcMems: the blocks of stored patterns of one group, each packed in query panels. */
    float[][] memoryBlocks = new float[0][];
    /** ProcMems: squared norms of each packed block's patterns (scaled by √β). */
    float[][] memoryBlockNorms = new float[0][];
    /** ProcMems: the rows of one block of stored patterns, as read from their {@code Rows}. */
    double[] memoryRows = new double[0];
    /** Exact: the tile of stored patterns, row-major, when copied ({@code exactTile}). */
    float[] xiRows = new float[0];
    /** Exact: the tile of stored patterns in column panels, for the weighted sums. */
    float[] xiPanels = new float[0];
    /** Exact: the tile's score offsets (−β/2 ||ξ_μ||² or 0). */
    float[] xiBias = new float[0];
    /** Exact: the pattern of a query's largest score, in float64. */
    double[] bestRow = new double[0];
    int[] words = new int[0];
    int[] ints = new int[0];
    double[] sums = new double[0];
    /** The current projection tile (scratch or cached), set by {@code projections}. */
    float[] tileRows;
    float[] tilePanels;
    float[] tileBias;

    static float[] grow(float[] x, int n) {
      return x.length >= n ? x : new float[Math.max(n, x.length + (x.length >> 1))];
    }

    /** At least {@code n} arrays of at least {@code len} floats each. */
    static float[][] grow(float[][] x, int n, int len) {
      float[][] out = x.length >= n ? x : Arrays.copyOf(x, n);
      for (int i = 0; i < n; i++) {
        out[i] = grow(out[i] == null ? new float[0] : out[i], len);
      }
      return out;
    }

    static int[] grow(int[] x, int n) {
      return x.length >= n ? x : new int[Math.max(n, x.length + (x.length >> 1))];
    }

    static double[] grow(double[] x, int n) {
      return x.length >= n ? x : new double[Math.max(n, x.length + (x.length >> 1))];
    }
  }

  /** Work on one chunk with the executing thread's scratch. */
  @FunctionalInterface
  interface ChunkTask {
    void run(int chunk, Scratch scratch);
  }

  /**
   * Runs chunks {@code 0..n-1} on the calling thread and up to {@code threads - 1} workers, each
   * taking the next chunk when done. Each chunk writes only its own outputs, so the schedule does
   * not affect results. Returns after every chunk has finished.
   */
  private void parallel(int n, ChunkTask task) {
    int workers = Math.min(n, pool.getParallelism());
    if (workers <= 1) {
      Scratch s = tileScratch.get();
      for (int i = 0; i < n; i++) {
        task.run(i, s);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    // The first failure of any thread, kept as thrown: ForkJoinTask.join would rethrow a
    // helper's exception as a new one wrapping it, which changes its message.
    java.util.concurrent.atomic.AtomicReference<RuntimeException> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    Runnable loop = () -> {
      Scratch s = tileScratch.get();
      try {
        for (int i; (i = next.getAndIncrement()) < n; ) {
          task.run(i, s);
        }
      } catch (RuntimeException ex) {
        thrown.compareAndSet(null, ex);
        next.set(n); // the other threads take no more chunks
      }
    };
    ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[workers - 1];
    RuntimeException failure = null;
    for (int w = 0; w < helpers.length && failure == null; w++) {
      try {
        helpers[w] = pool.submit(loop);
      } catch (java.util.concurrent.RejectedExecutionException ex) {
        // The backend was closed while this call ran: finish no more chunks, wait for the
        // helpers already started, then report it as the API documents.
        next.set(n);
        failure = new IllegalStateException("backend 'jvm' was closed during the call", ex);
      }
    }
    if (failure == null) {
      try {
        loop.run();
      } catch (RuntimeException ex) {
        failure = ex;
      }
    }
    for (ForkJoinTask<?> h : helpers) {
      if (h == null) {
        continue;
      }
      try {
        h.join();
      } catch (RuntimeException ex) {
        if (failure == null) {
          failure = ex;
        }
      }
    }
    if (thrown.get() != null) {
      throw thrown.get();
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs {@code body} for queries {@code 0..n-1}, split into contiguous ranges over the threads
   * (each query's result is computed by one thread alone, so the split does not matter).
   */
  private void forEachQuery(int n, java.util.function.IntConsumer body) {
    int parts = Math.min(CHUNKS, Math.max(1, n / 16));
    parallel(parts, (p, s) -> {
      for (int r = chunkStart(n, parts, p), hi = chunkStart(n, parts, p + 1); r < hi; r++) {
        body.accept(r);
      }
    });
  }

  /** Runs {@code body(i)} for every i in [0, n) as its own task, over all threads. */
  private void eachIndex(int n, java.util.function.IntConsumer body) {
    parallel(n, (i, s) -> body.accept(i));
  }

  /** Number of chunks for n projections or memories: depends on n only. */
  static int chunkCount(int n) {
    return Math.max(1, Math.min(CHUNKS, n / MIN_CHUNK));
  }

  /** First item of chunk c of {@code chunks} over n items. */
  static int chunkStart(int n, int chunks, int c) {
    return (int) ((long) n * c / chunks);
  }

  /** Rows per tile for rows of dp floats: about {@link #TILE_BYTES}, a multiple of 3, clamped. */
  static int tileRows(int dp) {
    int rows = TILE_BYTES / 4 / dp;
    return Math.max(MIN_TILE_ROWS, Math.min(MAX_TILE_ROWS, rows / 3 * 3));
  }

  /** Offset of element (r, b) of a tile in query panels of stride hs (see {@link Gemm}). */
  private static int at(int r, int b, int hs) {
    return (b / L) * hs + r * L + b % L;
  }

  // ---------------------------------------------------------------- packing

  /**
   * Packs rows {@code [from, from + n)} of x (D columns), scaled by {@code scale}, into query
   * panels of {@code dp × L} (zero-padded), with column i at row {@code permute ?
   * GaussianVector.permuted(i) : i}; stores their squared norms (of the float values) in n2.
   */
  private static void pack(double[] x, int from, int n, int d, int dp, double scale,
      boolean permute, float[] z, float[] n2) {
    int panels = Gemm.panels(n);
    Arrays.fill(z, 0, panels * dp * L, 0f);
    Arrays.fill(n2, 0, panels * L, 0f);
    for (int b = 0; b < n; b++) {
      int base = (b / L) * dp * L + (b % L);
      int xo = (from + b) * d;
      float norm = 0f;
      for (int i = 0; i < d; i++) {
        float v = (float) (scale * x[xo + i]);
        int k = permute ? GaussianVector.permuted(i) : i;
        z[base + k * L] = v;
        norm += v * v;
      }
      n2[b] = norm;
    }
  }

  /** T as float32 into the call scratch. */
  static float[] floatT(double[] t, Scratch cs) {
    cs.tFloat = Scratch.grow(cs.tFloat, t.length);
    float[] tf = cs.tFloat;
    for (int j = 0; j < t.length; j++) {
      tf[j] = (float) t[j];
    }
    return tf;
  }

  /** Row stride of the row-major copy of a projection tile (off powers of two: cache sets). */
  private static int rowStride(int dp) {
    return dp + L;
  }

  /**
   * Makes projections {@code [a0, a0 + rows)} the current tile of {@code s}: row-major in {@code
   * s.tileRows} (row stride {@link #rowStride}) for {@link Gemm#forward}, in column panels in
   * {@code s.tilePanels} (panel stride {@code ta·L}) for {@link Gemm#backward}, and for Cos
   * features their shifts in {@code s.tileBias}. The tile is regenerated into the thread's
   * scratch, or taken from the projection cache when one is configured (same values either way).
   */
  private void projections(FeatureMap map, int a0, int rows, int ta, int dp, Scratch s) {
    if (cacheLimit > 0) {
      TileKey key = new TileKey(map.seed(), map.basis().code(), dp, map.projections(), a0);
      float[][] t = cache.get(key);
      if (t == null) {
        long bytes = 4L * (ta * (long) rowStride(dp) + (long) ta * dp + ta);
        if (cacheUsed.addAndGet(bytes) <= cacheLimit) {
          float[][] fresh = {new float[ta * rowStride(dp)], new float[ta * dp], new float[ta]};
          generate(map, a0, rows, ta, dp, fresh[0], fresh[1], fresh[2], s.words);
          t = cache.putIfAbsent(key, fresh);
          if (t == null) {
            t = fresh;
          } else {
            cacheUsed.addAndGet(-bytes);
          }
        } else {
          cacheUsed.addAndGet(-bytes);
        }
      }
      if (t != null) {
        s.tileRows = t[0];
        s.tilePanels = t[1];
        s.tileBias = t[2];
        return;
      }
    }
    generate(map, a0, rows, ta, dp, s.projRows, s.projPanels, s.shifts, s.words);
    s.tileRows = s.projRows;
    s.tilePanels = s.projPanels;
    s.tileBias = s.shifts;
  }

  /** Regenerates projections {@code [a0, a0 + rows)} into the two layouts and the shifts. */
  private static void generate(FeatureMap map, int a0, int rows, int ta, int dp, float[] rowMajor,
      float[] panels, float[] bias, int[] words) {
    int ld = rowStride(dp);
    for (int r = 0; r < rows; r++) {
      GaussianVector.row(map.seed(), a0 + r, dp, rowMajor, r * ld, L, panels, r * L, ta * L, words);
    }
    if (map.basis() == Basis.COS) {
      for (int r = 0; r < rows; r++) {
        bias[r] = (float) Gaussian.bias(map.seed(), a0 + r);
      }
    }
  }

  /** A tile of projections: seed, basis, padded D, number of projections, first projection. */
  private record TileKey(long seed, int basis, int dp, int m, int a0) {}

  private static void tileScratch(Scratch s, int ta, int dp, int bp) {
    s.projPanels = Scratch.grow(s.projPanels, ta * dp);
    s.projRows = Scratch.grow(s.projRows, ta * rowStride(dp));
    s.scores = Scratch.grow(s.scores, ta * bp);
    s.shifts = Scratch.grow(s.shifts, ta);
    s.words = Scratch.grow(s.words, Math.max(dp, 4));
  }

  // ---------------------------------------------------------------- MrDAM

  /**
   * Reads tile {@code [mu0, mu0 + rows)} of the stored patterns in float32 and its score offsets
   * ({@code -β/2 ||ξ_μ||²} of the float32 pattern, accumulated in float32 in index order, or 0 for
   * the dot product) into {@code s.xiBias}; lays the tile out in column panels in {@code
   * s.xiPanels} (the layout of {@link Gemm#backward}: {@code (μ, i)} at {@code (i / L)·rows·L +
   * μ·L + i mod L}, zero-padded) when {@code panels}. Returns the array holding the tile's rows:
   * the patterns' own {@code float[]} when they are one (row μ0 at {@code mu0·D}), else {@code
   * s.xiRows} (from 0), where they were copied, and checked when read from a file.
   */
  private static float[] exactTile(Rows xi, float[] whole, int mu0, int rows, int d, int dp,
      float beta, boolean dot, boolean panels, Scratch s) {
    float[] src = whole;
    int so = mu0 * d;
    if (src == null) {
      s.xiRows = Scratch.grow(s.xiRows, rows * d);
      xi.copy(mu0, rows, s.xiRows, 0);
      src = s.xiRows;
      so = 0;
    }
    s.xiBias = Scratch.grow(s.xiBias, rows);
    float[] bias = s.xiBias;
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
      s.xiPanels = Scratch.grow(s.xiPanels, rows * dp);
      float[] p = s.xiPanels;
      int cs = rows * L;
      if (d != dp) {
        Arrays.fill(p, 0, rows * dp, 0f);
      }
      int full = d / L, rest = d - full * L;
      for (int r = 0; r < rows; r++) {
        int o = so + r * d;
        for (int q = 0; q < full; q++) {
          jdk.incubator.vector.FloatVector.fromArray(Gemm.FS, src, o + q * L)
              .intoArray(p, q * cs + r * L);
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

  /** Pattern {@code best} in float64 (the values as stored), in this thread's scratch. */
  private double[] bestRow(Rows xi, int best, int d) {
    Scratch s = tileScratch.get();
    s.bestRow = Scratch.grow(s.bestRow, d);
    xi.copy(best, 1, s.bestRow, 0);
    return s.bestRow;
  }

  @Override
  public void exact(ExactPatterns patterns, double[] x, int batch, double[] energy,
      double[] grad) {
    int k = patterns.k(), d = patterns.d();
    float beta = (float) patterns.beta();
    boolean dot = patterns.similarity() == Similarity.DOT;
    Rows xiRows = patterns.patterns();
    float[] whole = wholeFloats(patterns);
    boolean weighted = grad != null;
    int dp = Gemm.panels(d) * L;
    int chunks = chunkCount(k);
    int tk = tileRows(dp);
    Scratch call = callScratch.get();
    for (int from = 0; from < batch; from += QUERY_BLOCK) {
      int n = Math.min(QUERY_BLOCK, batch - from);
      int panels = Gemm.panels(n), bp = panels * L;
      call.queries = Scratch.grow(call.queries, panels * dp * L);
      call.queryNorms = Scratch.grow(call.queryNorms, bp);
      pack(x, from, n, d, dp, 1.0, false, call.queries, call.queryNorms);
      // Chunk states: running max, sum, argmax per query; weighted sums per query.
      call.chunkMax = Scratch.grow(call.chunkMax, chunks * bp);
      call.chunkSum = Scratch.grow(call.chunkSum, chunks * bp);
      if (weighted) {
        call.chunkGrad = Scratch.grow(call.chunkGrad, chunks * n * dp);
      }
      call.ints = Scratch.grow(call.ints, chunks * bp);
      float[] z = call.queries, m = call.chunkMax, sum = call.chunkSum, acc = call.chunkGrad;
      int[] arg = call.ints;
      parallel(chunks, (ch, s) -> {
        int lo = chunkStart(k, chunks, ch), hi = chunkStart(k, chunks, ch + 1);
        int hs = tk * L;
        s.scores = Scratch.grow(s.scores, tk * bp);
        s.scale = Scratch.grow(s.scale, bp);
        float[] h = s.scores, scale = s.scale;
        int so = ch * bp, ao = ch * n * dp;
        Arrays.fill(m, so, so + bp, Float.NEGATIVE_INFINITY);
        Arrays.fill(sum, so, so + bp, 0f);
        Arrays.fill(arg, so, so + bp, -1);
        if (weighted) {
          Arrays.fill(acc, ao, ao + n * dp, 0f);
        }
        for (int mu0 = lo; mu0 < hi; mu0 += tk) {
          int rows = Math.min(tk, hi - mu0);
          float[] src = exactTile(xiRows, whole, mu0, rows, d, dp, beta, dot, weighted, s);
          int ro = whole != null ? mu0 * d : 0;
          Gemm.forward(src, ro, d, rows, d, z, dp * L, panels, h, hs);
          LseKernels.tile(h, hs, rows, bp, beta, s.xiBias, mu0, m, arg, sum, so, scale);
          if (weighted) {
            LseKernels.rescale(acc, ao, dp, n, scale);
            Gemm.backward(h, hs, s.xiPanels, 0, rows * L, rows, n, dp / L, acc, ao, dp);
          }
        }
      });
      call.sums = Scratch.grow(call.sums, n * chunks);
      double[] factor = call.sums;
      int f0 = from;
      forEachQuery(n, r -> {
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

  // ---------------------------------------------------------------- DrDAM

  @Override
  public void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    if (map.projection() == Projection.SORF) {
      JvmSorf.rf(map, beta, x, batch, phi, this::eachIndex);
      return;
    }
    int d = map.d(), y = map.y(), m = map.projections(), code = map.basis().code();
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    int dp = GaussianVector.paddedDim(d);
    int ta = tileRows(dp);
    int chunks = chunkCount(m);
    Scratch call = callScratch.get();
    double sqrtBeta = Math.sqrt(beta);
    for (int from = 0; from < batch; from += QUERY_BLOCK) {
      int n = Math.min(QUERY_BLOCK, batch - from), f0 = from;
      int panels = Gemm.panels(n), bp = panels * L;
      call.queries = Scratch.grow(call.queries, panels * dp * L);
      call.queryNorms = Scratch.grow(call.queryNorms, bp);
      float[] z = call.queries, n2 = call.queryNorms;
      pack(x, from, n, d, dp, sqrtBeta, true, z, n2);
      parallel(chunks, (ch, s) -> {
        int hs = ta * L;
        tileScratch(s, ta, dp, bp);
        s.pairedFeatures = Scratch.grow(s.pairedFeatures, ta * bp);
        for (int a0 = chunkStart(m, chunks, ch), hi = chunkStart(m, chunks, ch + 1); a0 < hi;
            a0 += ta) {
          int rows = Math.min(ta, hi - a0);
          projections(map, a0, rows, ta, dp, s);
          Gemm.forward(s.tileRows, 0, rowStride(dp), rows, dp, z, dp * L, panels, s.scores, hs);
          FeatureKernelsVector.features(code, c, s.scores, hs, rows, bp, s.tileBias, n2,
              s.pairedFeatures);
          for (int r = 0; r < rows; r++) {
            int alpha = a0 + r;
            for (int b = 0; b < n; b++) {
              int po = (f0 + b) * y, o = at(r, b, hs);
              if (paired) {
                phi[po + 2 * alpha] = s.scores[o];
                phi[po + 2 * alpha + 1] = s.pairedFeatures[o];
              } else {
                phi[po + alpha] = s.scores[o];
              }
            }
          }
        }
      });
    }
    if (!map.basis().trigonometric()) {
      for (int i = 0; i < batch * y; i++) {
        map.basis().checkFeature(phi[i]);
      }
    }
  }

  /** Bytes of stored patterns that ProcMems packs at once and folds into every projection tile. */
  static final int PROC_MEMS_BYTES = 1 << 22;

  @Override
  public void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t) {
    if (map.projection() == Projection.SORF) {
      JvmSorf.procMems(map, beta, mems, sign, t, callScratch.get(), this::eachIndex);
      return;
    }
    int d = map.d(), m = map.projections(), code = map.basis().code(), k = mems.count();
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    int dp = GaussianVector.paddedDim(d);
    int ta = tileRows(dp);
    int chunks = chunkCount(m);
    double sqrtBeta = Math.sqrt(beta);
    int block = Math.min(k, QUERY_BLOCK);
    int bpMax = Gemm.panels(block) * L;
    int packed = Gemm.panels(block) * dp * L;
    // Memories are packed a group of blocks at a time (about PROC_MEMS_BYTES), and every
    // projection tile, regenerated once per group, is folded with all of them.
    int group = Math.max(1, Math.min((k + block - 1) / block, PROC_MEMS_BYTES / 4 / packed));
    Scratch call = callScratch.get();
    call.memoryBlocks = Scratch.grow(call.memoryBlocks, group, packed);
    call.memoryBlockNorms = Scratch.grow(call.memoryBlockNorms, group, bpMax);
    call.sums = Scratch.grow(call.sums, 2 * m);
    float[][] z = call.memoryBlocks, n2 = call.memoryBlockNorms;
    double[] sums = call.sums;
    Arrays.fill(sums, 0, 2 * m, 0.0);
    for (int g0 = 0; g0 < k; g0 += group * block) {
      int first = g0, blocks = (Math.min(k, g0 + group * block) - g0 + block - 1) / block;
      parallel(blocks, (j, s) -> {
        int from = first + j * block, n = Math.min(block, k - from);
        s.memoryRows = Scratch.grow(s.memoryRows, n * d);
        mems.copy(from, n, s.memoryRows, 0);
        pack(s.memoryRows, 0, n, d, dp, sqrtBeta, true, z[j], n2[j]);
      });
      // Each feature belongs to one chunk, which sums it over the memories in a fixed order
      // (block by block, from the first memory): the result does not depend on the thread count.
      parallel(chunks, (ch, s) -> {
        int hs = ta * L;
        tileScratch(s, ta, dp, bpMax);
        s.pairedFeatures = Scratch.grow(s.pairedFeatures, ta * bpMax);
        for (int a0 = chunkStart(m, chunks, ch), hi = chunkStart(m, chunks, ch + 1); a0 < hi;
            a0 += ta) {
          int rows = Math.min(ta, hi - a0);
          projections(map, a0, rows, ta, dp, s);
          for (int j = 0; j < blocks; j++) {
            int n = Math.min(block, k - first - j * block);
            int panels = Gemm.panels(n), bp = panels * L;
            Gemm.forward(s.tileRows, 0, rowStride(dp), rows, dp, z[j], dp * L, panels, s.scores,
                hs);
            FeatureKernelsVector.features(code, c, s.scores, hs, rows, bp, s.tileBias, n2[j],
                s.pairedFeatures);
            for (int r = 0; r < rows; r++) {
              int alpha = a0 + r;
              sums[2 * alpha] += FeatureKernelsVector.rowSum(s.scores, hs, r, n);
              if (paired) {
                sums[2 * alpha + 1] += FeatureKernelsVector.rowSum(s.pairedFeatures, hs, r, n);
              }
            }
          }
        }
      });
    }
    for (int alpha = 0; alpha < m; alpha++) {
      if (paired) {
        t[2 * alpha] += sign * sums[2 * alpha];
        t[2 * alpha + 1] += sign * sums[2 * alpha + 1];
      } else {
        t[alpha] += sign * sums[2 * alpha];
      }
    }
    if (!map.basis().trigonometric()) {
      for (double v : t) {
        map.basis().checkFeature(v);
      }
    }
  }

  @Override
  public void gradComp(
      DistributedPatterns memory, double[] x, int batch, double[] energy, double[] grad) {
    FeatureMap map = memory.map();
    double beta = memory.beta();
    double[] t = memory.t();
    if (map.projection() == Projection.SORF) {
      JvmSorf.gradComp(map, beta, t, x, batch, energy, grad, callScratch.get(), this::eachIndex);
      return;
    }
    int d = map.d(), m = map.projections(), code = map.basis().code();
    Basis basis = map.basis();
    float c = (float) map.scale();
    int dp = GaussianVector.paddedDim(d);
    int ta = tileRows(dp);
    int chunks = chunkCount(m);
    double sqrtBeta = Math.sqrt(beta);
    Scratch call = callScratch.get();
    float[] tf = floatT(t, call);
    for (int from = 0; from < batch; from += QUERY_BLOCK) {
      int n = Math.min(QUERY_BLOCK, batch - from);
      int panels = Gemm.panels(n), bp = panels * L;
      call.queries = Scratch.grow(call.queries, panels * dp * L);
      call.queryNorms = Scratch.grow(call.queryNorms, bp);
      call.chunkEnergy = Scratch.grow(call.chunkEnergy, chunks * bp);
      call.chunkGrad = Scratch.grow(call.chunkGrad, chunks * n * dp);
      float[] z = call.queries, n2 = call.queryNorms;
      float[] sPart = call.chunkEnergy, gPart = call.chunkGrad;
      pack(x, from, n, d, dp, sqrtBeta, true, z, n2);
      parallel(chunks, (ch, s) -> {
        int hs = ta * L;
        tileScratch(s, ta, dp, bp);
        Arrays.fill(sPart, ch * bp, (ch + 1) * bp, 0f);
        Arrays.fill(gPart, ch * n * dp, (ch + 1) * n * dp, 0f);
        for (int a0 = chunkStart(m, chunks, ch), hi = chunkStart(m, chunks, ch + 1); a0 < hi;
            a0 += ta) {
          int rows = Math.min(ta, hi - a0);
          projections(map, a0, rows, ta, dp, s);
          Gemm.forward(s.tileRows, 0, rowStride(dp), rows, dp, z, dp * L, panels, s.scores, hs);
          FeatureKernelsVector.valueSlope(code, c, s.scores, hs, rows, bp, tf, a0, s.tileBias, n2,
              sPart, ch * bp);
          Gemm.backward(s.scores, hs, s.tilePanels, 0, ta * L, rows, n, dp / L, gPart, ch * n * dp,
              dp);
        }
      });
      int f0 = from;
      forEachQuery(n, r -> {
        int b = f0 + r;
        double sv = 0;
        for (int ch = 0; ch < chunks; ch++) {
          sv += sPart[ch * bp + r];
        }
        basis.checkInnerProduct(sv);
        boolean clipped = sv < basis.clip();
        if (energy != null) {
          energy[b] = (float) FeatureKernels.energy(sv, basis.clip(), beta);
        }
        if (grad != null) {
          for (int i = 0; i < d; i++) {
            int k = r * dp + GaussianVector.permuted(i);
            double jt = 0;
            for (int ch = 0; ch < chunks; ch++) {
              jt += gPart[ch * n * dp + k];
            }
            if (!basis.trigonometric()) {
              jt -= 2.0 * (float) (sqrtBeta * x[b * d + i]) * sv;
            }
            grad[b * d + i] = clipped ? 0.0 : (float) (-jt / (sqrtBeta * sv));
          }
        }
      });
    }
  }

  /** The float64 sparse update, one query per task on all cores. */
  @Override
  public void sparseUpdate(
      SparsePatterns patterns, double[] q, int batch, double[] weights, double[] next) {
    int n = patterns.n(), d = patterns.d();
    eachIndex(batch, b -> {
      double[] theta = new double[n];
      double[] pb = new double[n];
      patterns.weights(q, b * d, theta, pb);
      System.arraycopy(pb, 0, weights, b * n, n);
      patterns.combine(pb, next, b * d);
    });
  }
}
