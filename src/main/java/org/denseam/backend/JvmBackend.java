package org.denseam.backend;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.denseam.features.Basis;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.Similarity;
import org.denseam.rng.Gaussian;
import org.denseam.sparse.SparseMemory;

/**
 * Float32 execution on all cores of the JVM, with the per-element arithmetic of {@link
 * FeatureKernels} (the same code the TornadoVM kernels run).
 *
 * <p>Work over projections is split into a fixed number of chunks that does not depend on the
 * thread count, and partial sums are reduced in chunk order, so results are bit-identical for any
 * number of threads. Each projection row {@code ω_α} is regenerated once per chunk pass and reused
 * for every query or memory of the pass.
 *
 * <p>Thread-safe; {@link #close()} releases the worker pool.
 */
public final class JvmBackend implements Backend, AutoCloseable {
  /** Projection chunks per pass; fixed so that reductions do not depend on the thread count. */
  static final int CHUNKS = 16;
  /** Memories converted to float32 and folded per ProcMems pass (bounds peak memory). */
  static final int MEMORY_BLOCK = 256;
  /** Queries per GradComp pass (bounds the partial-sum buffers). */
  static final int QUERY_BLOCK = 64;

  private final ForkJoinPool pool;

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
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.pool = new ForkJoinPool(threads);
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
  }

  private void parallel(int n, IntConsumer body) {
    if (n == 1 || pool.getParallelism() == 1) {
      for (int i = 0; i < n; i++) {
        body.accept(i);
      }
      return;
    }
    pool.submit(() -> IntStream.range(0, n).parallel().forEach(body)).join();
  }

  // ---------------------------------------------------------------- MrDAM

  @Override
  public void exact(ExactMemory memory, double[] x, int batch, double[] energy, double[] grad) {
    int k = memory.count(), d = memory.dim();
    float beta = (float) memory.beta();
    boolean dot = memory.similarity() == Similarity.DOT;
    float[] xi = memory.patternsFloat();
    float[] xf = toFloat(x);
    parallel(batch, b -> {
      int xo = b * d;
      // Streaming log-sum-exp over K: running max m, running sum s = Σ exp(a_μ - m), and the
      // running weighted sum acc = Σ exp(a_μ - m) ξ_μ. Never materialises the K scores.
      float m = Float.NEGATIVE_INFINITY;
      float s = 0f;
      float[] acc = new float[d];
      for (int mu = 0; mu < k; mu++) {
        int mo = mu * d;
        float a = dot
            ? beta * FeatureKernels.dot(xf, xo, xi, mo, d)
            : -0.5f * beta * FeatureKernels.sqDist(xf, xo, xi, mo, d);
        if (a > m) {
          float rescale = (float) Math.exp(m - a);
          s *= rescale;
          for (int i = 0; i < d; i++) {
            acc[i] *= rescale;
          }
          m = a;
        }
        float w = (float) Math.exp(a - m);
        s += w;
        for (int i = 0; i < d; i++) {
          acc[i] += w * xi[mo + i];
        }
      }
      if (energy != null) {
        float e = -(m + (float) Math.log(s)) / beta;
        if (dot) {
          e += 0.5f * FeatureKernels.dot(xf, xo, xf, xo, d);
        }
        energy[b] = e;
      }
      if (grad != null) {
        for (int i = 0; i < d; i++) {
          grad[xo + i] = xf[xo + i] - acc[i] / s;
        }
      }
    });
  }

  // ---------------------------------------------------------------- DrDAM

  /** Projections of chunk {@code c} of {@code CHUNKS}: {@code [lo(c), lo(c+1))}. */
  private static int chunkStart(int m, int chunks, int c) {
    return (int) ((long) m * c / chunks);
  }

  private static int chunks(int m) {
    return Math.min(CHUNKS, m);
  }

  /** Scaled inputs z = √β x in float32 and their squared norms, rows [from, from + n). */
  private static void scaledRows(
      double[] x, int from, int n, int d, double beta, float[] z, float[] n2) {
    double sqrtBeta = Math.sqrt(beta);
    for (int r = 0; r < n; r++) {
      float norm = 0f;
      for (int i = 0; i < d; i++) {
        float v = (float) (sqrtBeta * x[(from + r) * d + i]);
        z[r * d + i] = v;
        norm += v * v;
      }
      n2[r] = norm;
    }
  }

  /** Regenerates ω_α as float32 into {@code omega}; returns b_α (zero unless Cos). */
  private static float projection(
      FeatureMap map, int alpha, double[] scratch, float[] omega, int[] words) {
    int d = map.d();
    Gaussian.row(map.seed(), alpha, d, scratch, 0, words);
    for (int i = 0; i < d; i++) {
      omega[i] = (float) scratch[i];
    }
    return map.basis() == Basis.COS ? (float) Gaussian.bias(map.seed(), alpha) : 0f;
  }

  @Override
  public void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    if (map.projection() == Projection.SORF) {
      JvmSorf.rf(map, beta, x, batch, phi, this::parallel);
      return;
    }
    int d = map.d(), y = map.y(), m = map.projections(), code = map.basis().code();
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    float[] z = new float[batch * d];
    float[] n2 = new float[batch];
    scaledRows(x, 0, batch, d, beta, z, n2);
    int chunks = chunks(m);
    parallel(chunks, ch -> {
      double[] scratch = new double[d];
      float[] omega = new float[d];
      int[] words = new int[4];
      for (int alpha = chunkStart(m, chunks, ch); alpha < chunkStart(m, chunks, ch + 1); alpha++) {
        float bias = projection(map, alpha, scratch, omega, words);
        for (int b = 0; b < batch; b++) {
          float h = FeatureKernels.dot(omega, 0, z, b * d, d);
          if (paired) {
            phi[b * y + 2 * alpha] = FeatureKernels.first(code, c, h, bias, n2[b]);
            phi[b * y + 2 * alpha + 1] = FeatureKernels.second(code, c, h, n2[b]);
          } else {
            phi[b * y + alpha] = FeatureKernels.first(code, c, h, bias, n2[b]);
          }
        }
      }
    });
    if (!map.basis().trigonometric()) {
      for (double v : phi) {
        map.basis().checkFeature(v);
      }
    }
  }

  @Override
  public void procMems(FeatureMap map, double beta, double[] mems, int k, double sign, double[] t) {
    if (map.projection() == Projection.SORF) {
      JvmSorf.procMems(map, beta, mems, k, sign, t, this::parallel);
      return;
    }
    int d = map.d(), m = map.projections(), code = map.basis().code();
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    int block = Math.min(k, MEMORY_BLOCK);
    float[] z = new float[block * d];
    float[] n2 = new float[block];
    int chunks = chunks(m);
    for (int from = 0; from < k; from += block) {
      int n = Math.min(block, k - from);
      scaledRows(mems, from, n, d, beta, z, n2);
      // Each feature j is owned by one chunk and summed over memories in order: deterministic.
      parallel(chunks, ch -> {
        double[] scratch = new double[d];
        float[] omega = new float[d];
        int[] words = new int[4];
        for (int alpha = chunkStart(m, chunks, ch); alpha < chunkStart(m, chunks, ch + 1);
            alpha++) {
          float bias = projection(map, alpha, scratch, omega, words);
          for (int r = 0; r < n; r++) {
            float h = FeatureKernels.dot(omega, 0, z, r * d, d);
            if (paired) {
              t[2 * alpha] += sign * FeatureKernels.first(code, c, h, bias, n2[r]);
              t[2 * alpha + 1] += sign * FeatureKernels.second(code, c, h, n2[r]);
            } else {
              t[alpha] += sign * FeatureKernels.first(code, c, h, bias, n2[r]);
            }
          }
        }
      });
    }
    if (!map.basis().trigonometric()) {
      for (double v : t) {
        map.basis().checkFeature(v);
      }
    }
  }

  @Override
  public void gradComp(
      FeatureMap map, double beta, double[] t, double[] x, int batch, double[] energy,
      double[] grad) {
    if (map.projection() == Projection.SORF) {
      JvmSorf.gradComp(map, beta, t, x, batch, energy, grad, this::parallel);
      return;
    }
    int d = map.d(), m = map.projections(), code = map.basis().code();
    Basis basis = map.basis();
    boolean paired = basis.paired();
    float c = (float) map.scale();
    float[] tf = toFloat(t);
    int block = Math.min(batch, QUERY_BLOCK);
    int chunks = chunks(m);
    float[] z = new float[block * d];
    float[] n2 = new float[block];
    // Per chunk and query: s partial at [0], J_φᵀT partial at [1..D].
    float[] partial = new float[chunks * block * (d + 1)];
    double sqrtBeta = Math.sqrt(beta);
    for (int from = 0; from < batch; from += block) {
      int n = Math.min(block, batch - from);
      scaledRows(x, from, n, d, beta, z, n2);
      java.util.Arrays.fill(partial, 0f);
      parallel(chunks, ch -> {
        double[] scratch = new double[d];
        float[] omega = new float[d];
        int[] words = new int[4];
        for (int alpha = chunkStart(m, chunks, ch); alpha < chunkStart(m, chunks, ch + 1);
            alpha++) {
          float bias = projection(map, alpha, scratch, omega, words);
          float t0 = paired ? tf[2 * alpha] : tf[alpha];
          float t1 = paired ? tf[2 * alpha + 1] : 0f;
          for (int r = 0; r < n; r++) {
            float h = FeatureKernels.dot(omega, 0, z, r * d, d);
            int po = (ch * block + r) * (d + 1);
            partial[po] += FeatureKernels.value(code, c, h, bias, n2[r], t0, t1);
            float slope = FeatureKernels.slope(code, c, h, bias, n2[r], t0, t1);
            for (int i = 0; i < d; i++) {
              partial[po + 1 + i] += slope * omega[i];
            }
          }
        }
      });
      for (int r = 0; r < n; r++) {
        double s = 0;
        for (int ch = 0; ch < chunks; ch++) {
          s += partial[(ch * block + r) * (d + 1)];
        }
        basis.checkInnerProduct(s);
        boolean clipped = s < basis.clip();
        int b = from + r;
        if (energy != null) {
          energy[b] = (float) (-Math.log(Math.max(basis.clip(), s)) / beta);
        }
        if (grad != null) {
          for (int i = 0; i < d; i++) {
            double jt = 0;
            for (int ch = 0; ch < chunks; ch++) {
              jt += partial[(ch * block + r) * (d + 1) + 1 + i];
            }
            if (!basis.trigonometric()) {
              jt -= 2.0 * z[r * d + i] * s;
            }
            grad[b * d + i] = clipped ? 0.0 : (float) (-jt / (sqrtBeta * s));
          }
        }
      }
    }
  }

  /** The float64 sparse update, one query per task on all cores. */
  @Override
  public void sparseUpdate(
      SparseMemory memory, double[] q, int batch, double[] weights, double[] next) {
    int n = memory.count(), d = memory.dim();
    parallel(batch, b -> {
      double[] qb = java.util.Arrays.copyOfRange(q, b * d, (b + 1) * d);
      double[] pb = new double[n];
      double[] xb = new double[d];
      memory.weights(qb, 1, pb);
      memory.combine(pb, 1, xb);
      System.arraycopy(pb, 0, weights, b * n, n);
      System.arraycopy(xb, 0, next, b * d, d);
    });
  }

  private static float[] toFloat(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }
}
