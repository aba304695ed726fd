package org.denseam.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.denseam.api.Vectors;
import org.denseam.backend.Backend;
import org.denseam.dynamics.Descent;
import org.denseam.experiments.Progress;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.EnergyModel;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.denseam.backend.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam bench latency}: single-query retrieval latency percentiles (HdrHistogram),
 * throughput, peak RSS and allocation per retrieval.
 */
@Command(name = "latency", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "Runs N single-query retrievals (L descent steps each, B = 1) and prints latency"
          + " percentiles (HdrHistogram), throughput, peak RSS and allocation per retrieval;"
          + " writes the full percentile distribution (.hgrm, microseconds) with --hgrm.",
      "The memory is read from --store T.dam (DrDAM) or --memories M.npy (MrDAM), or made up"
          + " with --model drdam|mrdam and --d/--dim/--k."})
final class BenchLatency implements Callable<Integer> {
  @Option(names = "--store", paramLabel = "T.dam", description = "DrDAM memory saved by 'dam store'.")
  Path store;

  @Option(names = "--memories", paramLabel = "M.npy", description = "MrDAM memories, K x D.")
  Path memories;

  @Option(names = "--model", defaultValue = "drdam", description = "Without files: drdam or mrdam.")
  String model;

  @Option(names = "--d", defaultValue = "64", description = "Without files: D.")
  int d;

  @Option(names = "--dim", defaultValue = "4096", description = "Without files: Y.")
  int y;

  @Option(names = "--k", defaultValue = "1000", description = "Without files: K.")
  int k;

  @Option(names = "--features", defaultValue = "sincos", description = "Without files: basis.")
  String features;

  @Option(names = "--beta", defaultValue = "10", description = "Inverse temperature (MrDAM, or made-up memories).")
  double beta;

  @Option(names = "--n", defaultValue = "1000", description = "Timed retrievals.")
  int n;

  @Option(names = "--warmup", defaultValue = "200", description = "Untimed retrievals first.")
  int warmup;

  @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "0",
      description = "Keep warming up for at least S seconds, so that the JIT has compiled the"
          + " kernels before allocation is measured (default 0).")
  double warmupSeconds;

  @Option(names = "--steps", defaultValue = "10", description = "Descent steps L per retrieval.")
  int steps;

  @Option(names = "--eta", defaultValue = "0.1", description = "Step size.")
  double eta;

  @Option(names = "--backend", defaultValue = "jvm", description = "Backend.")
  String backend;

  @Option(names = "--threads", description = "Threads of the jvm backend (default: all cores).")
  Integer threads;

  @Option(names = "--projection-cache", paramLabel = "MiB", defaultValue = "0",
      description = "Let the jvm backend keep up to this many MiB of projection tiles between"
          + " calls (faster for small batches, no longer O(D+Y) memory; default 0: off).")
  long projectionCache;

  @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the percentile distribution here.")
  Path hgrm;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of made-up data and queries.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (n < 1 || warmup < 0) {
      throw new IllegalArgumentException("--n must be >= 1 and --warmup >= 0");
    }
    OutputPolicy.check().file("--hgrm", hgrm).input("--store", store)
        .input("--memories", memories).verify();
    Backend be = BenchSupport.backend(backend, threads, projectionCache);
    try {
      long rss0 = BenchSupport.peakRssKb();
      EnergyModel m;
      String what;
      if (store != null && memories != null) {
        throw new IllegalArgumentException("give at most one of --store and --memories");
      } else if (store != null) {
        FeatureMemory fm = FeatureMemory.read(store);
        m = fm;
        what = String.format(Locale.ROOT, "DrDAM from %s (D=%d, Y=%d, K=%d, %s)", store,
            fm.dim(), fm.map().y(), fm.count(), fm.map().basis().id());
      } else if (memories != null) {
        Vectors mm = Cli.readFinite(memories, "memories");
        m = new ExactMemory(mm.toArray(), mm.count(), mm.dim(), beta, Similarity.L2);
        what = String.format(Locale.ROOT, "MrDAM from %s (D=%d, K=%d)", memories, mm.dim(),
            mm.count());
      } else if (model.equals("drdam")) {
        FeatureMemory fm = new FeatureMemory(new FeatureMap(Basis.parse(features), d, y, seed), beta);
        fm.add(be, BenchSupport.patterns(k, d, seed), k);
        m = fm;
        what = String.format(Locale.ROOT, "DrDAM made up (D=%d, Y=%d, K=%d, %s)", d, y, k,
            features);
      } else if (model.equals("mrdam")) {
        m = new ExactMemory(BenchSupport.patterns(k, d, seed), k, d, beta, Similarity.L2);
        what = String.format(Locale.ROOT, "MrDAM made up (D=%d, K=%d)", d, k);
      } else {
        throw new IllegalArgumentException("--model must be drdam or mrdam");
      }
      int dim = m.dim();
      // Queries: random binary vectors of the same kind as the stored patterns.
      double[] pool = BenchSupport.patterns(256, dim, seed + 1);
      Descent descent = new Descent(steps, eta, 0, null, false);
      double[] x = new double[dim];
      Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
      Progress progress = Progress.items(System.err, "latency", warmup + n);
      long a0 = 0;
      long start = 0;
      long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
      int warmed = -1;
      for (int i = 0, j = 0; j < n; i++) {
        boolean timed = warmed >= 0;
        if (!timed && i >= warmup && System.nanoTime() >= warmUntil) {
          warmed = i;
          timed = true;
          a0 = BenchSupport.allocatedBytes();
          start = System.nanoTime();
        }
        System.arraycopy(pool, (i % 256) * dim, x, 0, dim);
        long t0 = System.nanoTime();
        descent.run(m, be, x, 1);
        long dt = System.nanoTime() - t0;
        if (timed) {
          h.recordValue(Math.min(dt, h.getHighestTrackableValue()));
          j++;
        }
        int done = Math.min(i + 1, warmup) + j;
        if ((i + 1) % Math.max(1, (warmup + n) / 100) == 0 && done < warmup + n) {
          progress.advanceTo(done, timed ? "timed" : "warm-up");
        }
      }
      int warmedUp = warmed;
      double total = (System.nanoTime() - start) * 1e-9;
      double alloc = (BenchSupport.allocatedBytes() - a0) / (double) n;
      progress.finish();
      PrintStream out = System.out;
      out.printf(Locale.ROOT, "dam bench latency: %s, backend %s%n", what, be.name());
      out.printf(Locale.ROOT, "%d retrievals of 1 query, L=%d steps (%d energy+gradient"
          + " evaluations each), after %d warm-up retrievals%n", n, steps, steps + 1, warmedUp);
      out.printf(Locale.ROOT, "latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f"
          + "  (mean %.3f)%n", ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
          h.getMean() * 1e-6);
      out.printf(Locale.ROOT, "throughput: %.1f retrievals/s%n", n / total);
      out.printf(Locale.ROOT, "peak RSS: %d KiB (%d KiB before loading the memory)%n",
          BenchSupport.peakRssKb(), rss0);
      out.printf(Locale.ROOT, "allocated per retrieval: %.0f bytes%n", alloc);
      if (hgrm != null) {
        org.denseam.api.AtomicOutput.write(hgrm, o -> {
          PrintStream ps = new PrintStream(o, true, StandardCharsets.UTF_8);
          h.outputPercentileDistribution(ps, 1000.0);
          ps.flush();
        });
        out.printf(Locale.ROOT, "percentile distribution (microseconds): %s%n", hgrm);
      }
      return 0;
    } finally {
      Cli.close(be);
    }
  }

  private static double ms(long ns) {
    return ns * 1e-6;
  }
}
