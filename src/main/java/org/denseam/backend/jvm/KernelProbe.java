package org.denseam.backend.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.DoubleAdder;
import jdk.incubator.vector.FloatVector;
import org.denseam.rng.GaussianVector;
import org.denseam.backend.TileSizes;

/**
 * Measurements of this CPU's limits as the JVM sees them, for {@code dam bench cpu}: the peak rate
 * of vector fused multiply-adds, the rate of normals from {@link GaussianVector}, and the rate of
 * the two {@link Gemm} products on one core. Rates are per second of thread CPU time, best of
 * short slices, so other processes on the machine disturb them less than wall-clock rates.
 */
public final class KernelProbe {
  private KernelProbe() {}

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * Peak float32 FLOP/s of independent FMA chains in registers (no memory traffic), on {@code
   * threads} threads at once.
   *
   * @param threads number of threads
   * @param seconds measuring time
   * @return FLOP/s summed over the threads (2 flops per lane per FMA)
   * @throws InterruptedException if interrupted while waiting for the threads
   */
  public static double peakFlops(int threads, double seconds) throws InterruptedException {
    DoubleAdder total = new DoubleAdder();
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      ts[t] = new Thread(() -> {
        for (int i = 0; i < 20; i++) {
          fmaLoop(100_000); // compile
        }
        // Best of short slices: other processes only ever slow a slice down.
        double best = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        while (THREADS.getCurrentThreadCpuTime() - start < seconds * 1e9) {
          long c0 = THREADS.getCurrentThreadCpuTime();
          fmaLoop(2_000_000);
          double cpu = (THREADS.getCurrentThreadCpuTime() - c0) * 1e-9;
          best = Math.max(best, 2_000_000 * 12.0 * 2 * Gemm.L / cpu);
        }
        total.add(best);
      });
      ts[t].start();
    }
    for (Thread t : ts) {
      t.join();
    }
    return total.sum();
  }

  private static float fmaLoop(int n) {
    FloatVector x = FloatVector.broadcast(Gemm.FS, 1e-3f);
    FloatVector y = FloatVector.broadcast(Gemm.FS, 1e-3f);
    FloatVector c0 = FloatVector.zero(Gemm.FS), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3);
    FloatVector c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7), c8 = c0.add(8);
    FloatVector c9 = c0.add(9), c10 = c0.add(10), c11 = c0.add(11);
    for (int i = 0; i < n; i++) {
      c0 = x.fma(y, c0);
      c1 = x.fma(y, c1);
      c2 = x.fma(y, c2);
      c3 = x.fma(y, c3);
      c4 = x.fma(y, c4);
      c5 = x.fma(y, c5);
      c6 = x.fma(y, c6);
      c7 = x.fma(y, c7);
      c8 = x.fma(y, c8);
      c9 = x.fma(y, c9);
      c10 = x.fma(y, c10);
      c11 = x.fma(y, c11);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10)
        .add(c11).lane(0);
  }

  /**
   * Normals per second of CPU time from {@link GaussianVector#row} on the calling thread.
   *
   * @param d row length D
   * @param seconds measuring time
   * @return normals per second
   */
  public static double normalsPerSecond(int d, double seconds) {
    int dp = GaussianVector.paddedDim(d);
    float[] out = new float[dp];
    int[] words = new int[dp];
    for (int a = 0; a < 200_000; a++) {
      GaussianVector.row(1, a, dp, out, 0, words);
    }
    double best = 0;
    long start = THREADS.getCurrentThreadCpuTime();
    while (THREADS.getCurrentThreadCpuTime() - start < seconds * 1e9) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      for (int a = 0; a < 10_000; a++) {
        GaussianVector.row(1, a, dp, out, 0, words);
      }
      best = Math.max(best, 10_000.0 * dp / ((THREADS.getCurrentThreadCpuTime() - c0) * 1e-9));
    }
    return best;
  }

  /**
   * FLOP/s of CPU time of the forward ({@code H = A Z}) and transposed ({@code G += Wᵀ A})
   * products of one projection tile against B queries, on the calling thread, at the tile size
   * the backend uses for D.
   *
   * @param d dimension D (padded to the projection groups)
   * @param b queries B
   * @param seconds measuring time per product
   * @return {forward FLOP/s, transposed FLOP/s}
   */
  public static double[] gemmFlops(int d, int b, double seconds) {
    int dp = GaussianVector.paddedDim(d), ta = TileSizes.configured().rows(dp), panels = Gemm.panels(b);
    int lda = dp + Gemm.L, hs = ta * Gemm.L;
    float[] a = new float[ta * lda], ap = new float[ta * dp];
    float[] z = new float[panels * dp * Gemm.L], h = new float[panels * hs], g = new float[b * dp];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < ap.length; i++) {
      ap[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) r.nextDouble();
    }
    double flops = 2.0 * ta * dp * panels * Gemm.L;
    double[] rate = new double[2];
    for (int which = 0; which < 2; which++) {
      long start = THREADS.getCurrentThreadCpuTime();
      int pass = 0;
      while (THREADS.getCurrentThreadCpuTime() - start < seconds * 1e9 || pass < 3) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < 20; i++) {
          if (which == 0) {
            Gemm.forward(a, 0, lda, ta, dp, z, dp * Gemm.L, panels, h, hs);
          } else {
            Gemm.backward(h, hs, ap, 0, hs, ta, b, dp / Gemm.L, g, 0, dp);
          }
        }
        if (pass++ > 0) { // the first slice compiles
          rate[which] = Math.max(rate[which],
              20 * flops / ((THREADS.getCurrentThreadCpuTime() - c0) * 1e-9));
        }
      }
    }
    return rate;
  }

  /**
   * Lanes of a float vector on this machine.
   *
   * @return the lane count of the preferred species
   */
  public static int lanes() {
    return Gemm.L;
  }
}
