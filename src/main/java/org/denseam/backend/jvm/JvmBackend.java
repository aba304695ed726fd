package org.denseam.backend.jvm;

import java.util.Objects;
import org.denseam.backend.Backend;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Rows;
import org.denseam.backend.SparsePatterns;
import org.denseam.backend.TileSizes;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureKernelsVector;
import org.denseam.features.FeatureMap;
import org.denseam.rng.GaussianVector;

/**
 * Float32 execution on all cores with the Java Vector API (needs {@code --add-modules
 * jdk.incubator.vector}).
 *
 * <p><b>DrDAM</b> (RF, ProcMems, GradComp: {@link JvmRf}, {@link JvmProcMems}, {@link
 * JvmGradComp}): the projections are cut into tiles of a few hundred rows. Each tile {@code
 * Ω_tile} is regenerated once per pass into a reusable buffer ({@link GaussianVector}: vectorised
 * Philox and Box-Muller) and used for the whole batch: {@code H = Ω_tile Z} (B × D × tile), the
 * features or their slopes (the arithmetic of {@link FeatureKernels}, vectorised in {@link
 * FeatureKernelsVector}), and for GradComp {@code J_φᵀT += Ω_tileᵀ S} (B × tile × D), both with
 * the register-blocked {@link Gemm} kernels. Working memory is O(Y + tile·(D + B) + B·D) (T in
 * float32, the tile, and per-chunk partial gradients), independent of K. ProcMems packs a group of
 * memories at a time (about {@link JvmProcMems#PROC_MEMS_BYTES}, in blocks of 256) and folds every
 * projection tile, regenerated once per group, with all of them; its working memory is O(Y +
 * group·D), independent of K too. SORF maps take the Walsh-Hadamard path of {@link JvmSorf}.
 *
 * <p><b>MrDAM</b> (exact log-sum-exp, {@link JvmExact}): memories are streamed in tiles as in
 * flash attention: scores of a tile for the whole batch ({@link Gemm#forward}), a running maximum
 * and sum per query ({@link LseKernels}), and, for gradients, the softmax-weighted sum of the
 * memories ({@link Gemm#backward}). Each tile is read where the patterns are ({@link Rows}): in
 * place when they are a {@code float[]}, else copied (rounded, or read from a file and checked)
 * into a tile buffer; the column panels of the weighted sum are laid out per tile. The B × K score
 * matrix is never formed and nothing of size K is allocated: extra memory is O(B·D + tile·D).
 *
 * <p><b>Threads and determinism.</b> Projections (DrDAM) or memories (MrDAM) are split into a
 * number of chunks that depends only on the problem size, never on the thread count ({@link
 * Tiling}); each chunk keeps its own partial state (sums, or maximum, sum and weighted sum), and
 * the states are merged in chunk order. Results are therefore bit-identical for any number of
 * threads, and both cores work even for a single query. All arithmetic, including exp, log, sin
 * and cos ({@link org.denseam.math.VectorMath}), is IEEE-exact Java, so results do not depend on
 * JIT warm-up either.
 *
 * <p><b>Memory.</b> Each operation has its own workspace ({@link RfWorkspace}, {@link
 * ProcMemsWorkspace}, {@link GradCompWorkspace}, {@link ExactWorkspace}), one per backend and
 * thread ({@link ThreadLocal}), reused across calls: after the first call of a given size, calls
 * allocate only a few small task objects. An exact memory's float32 patterns are read as they are
 * stored; only float64 patterns on the heap get a float32 copy, made on the first call and kept
 * while their {@link ExactPatterns} is in use.
 *
 * <p>Tuning: the rows of a tile ({@link TileSizes}: system properties, else the tuning file written
 * by {@code dam tune}, see {@link org.denseam.backend.Tuning}; the defaults suit AVX2 with 512 KiB
 * of L2 per core): {@code denseam.tileBytes} (bytes of a projection or memory tile, 131072), {@code
 * denseam.minTileRows} (63) and {@code denseam.maxTileRows} (240).
 *
 * <p>Thread-safe; {@link #close()} releases the worker pool.
 */
public final class JvmBackend implements Backend, AutoCloseable {
  private final Workers workers;
  private final ProjectionTiles projections;
  private final JvmRf rf;
  private final JvmProcMems procMems;
  private final JvmGradComp gradComp;
  private final JvmExact exact;
  private final JvmSparseUpdate sparseUpdate;

  static {
    int lanes = Tiling.L;
    if (GaussianVector.LANES != lanes || FeatureKernelsVector.LANES != lanes
        || LseKernels.LANES != lanes) {
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
    this(threads, projectionCacheBytes, TileSizes.configured());
  }

  /**
   * A backend with given tile sizes instead of the configured ones ({@link
   * TileSizes#configured}), as {@code dam tune} compares them. Tile sizes change the order of the
   * sums over projections and memories, so results may differ in the last bits (see {@link
   * TileSizes}).
   *
   * @param threads number of threads, at least 1
   * @param projectionCacheBytes bytes of projection tiles to keep, 0 for none
   * @param tiles the tile sizes
   */
  public JvmBackend(int threads, long projectionCacheBytes, TileSizes tiles) {
    Objects.requireNonNull(tiles, "tiles");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (projectionCacheBytes < 0) {
      throw new IllegalArgumentException("projection cache must be >= 0 bytes");
    }
    this.workers = new Workers(threads);
    this.projections = new ProjectionTiles(projectionCacheBytes);
    this.rf = new JvmRf(workers, projections, tiles);
    this.procMems = new JvmProcMems(workers, projections, tiles);
    this.gradComp = new JvmGradComp(workers, projections, tiles);
    this.exact = new JvmExact(workers, tiles);
    this.sparseUpdate = new JvmSparseUpdate(workers);
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
    return workers.threads();
  }

  @Override
  public void close() {
    workers.shutdown();
    projections.clear();
    exact.clear();
  }

  @Override
  public void exact(ExactPatterns patterns, double[] x, int batch, double[] energy,
      double[] grad) {
    exact.exact(patterns, x, batch, energy, grad);
  }

  @Override
  public void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    rf.rf(map, beta, x, batch, phi);
  }

  @Override
  public void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t) {
    procMems.procMems(map, beta, mems, sign, t);
  }

  @Override
  public void gradComp(
      DistributedPatterns memory, double[] x, int batch, double[] energy, double[] grad) {
    gradComp.gradComp(memory, x, batch, energy, grad);
  }

  /** The float64 sparse update, one query per task on all cores. */
  @Override
  public void sparseUpdate(
      SparsePatterns patterns, double[] q, int batch, double[] weights, double[] next) {
    sparseUpdate.sparseUpdate(patterns, q, batch, weights, next);
  }
}
