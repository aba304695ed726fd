package org.denseam.cli;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Memory;
import org.denseam.api.Retrieval;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Vectors;
import org.denseam.experiments.BinaryData;
import org.denseam.experiments.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam demo}: stores K random binary patterns, corrupts them, and retrieves them with MrDAM
 * and DrDAM side by side.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Store K random binary patterns, corrupt queries, retrieve with MrDAM and DrDAM.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--k", defaultValue = "40", description = "Number of patterns K (default ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--d", defaultValue = "64", description = "Dimension D (default ${DEFAULT-VALUE}).")
  int d;

  @Option(names = "--dim", defaultValue = "32768", description = "DrDAM feature dimension Y (default ${DEFAULT-VALUE}).")
  int y;

  @Option(names = "--beta", defaultValue = "40", description = "Inverse temperature (default ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--flip", defaultValue = "0.1", description = "Fraction of bits flipped in each query (default ${DEFAULT-VALUE}).")
  double flip;

  @Option(names = "--steps", defaultValue = "40", description = "Descent steps L (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--eta", defaultValue = "0.5", description = "Step size (default ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--features", defaultValue = "sincos", description = "DrDAM basis (default ${DEFAULT-VALUE}).")
  String features;

  @Option(names = "--projection", defaultValue = "gaussian", description = "DrDAM projections: gaussian (default) or sorf.")
  String projection;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of data and projections (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--backend", defaultValue = "jvm", description = "reference, jvm (default) or tornado.")
  String backend;

  @Override
  public Integer call() throws Exception {
    if (!(flip >= 0 && flip <= 1)) {
      throw new IllegalArgumentException("--flip must be in [0, 1], got " + flip);
    }
    double one = BinaryData.one(d);
    if (d < 63 && k > (1L << d)) {
      throw new IllegalArgumentException(
          "cannot draw " + k + " distinct patterns of D = " + d + " bits");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] patterns = BinaryData.distinctPatterns(k, d, rnd);
    int flips = (int) Math.round(flip * d);
    double[] queries = BinaryData.flipBits(patterns, k, d, flips, rnd);
    try (Engine engine = DenseAM.open(backend)) {
      Vectors stored = Vectors.of(patterns, k, d);
      Vectors start = Vectors.of(queries, k, d);
      Memory mr = engine.exactMemory(stored, beta);
      FeatureStore dr = engine.featureMemory(d, beta, features, y, seed, projection);
      Prewarm.await();
      long t0 = System.nanoTime();
      dr.add(stored);
      double storeSeconds = (System.nanoTime() - t0) * 1e-9;

      double[] eMr = mr.energy(start);
      double[] eDr = dr.energy(start);
      double errQueries = DemoData.meanAbsDiff(eMr, eDr);

      RetrieveOptions descent = RetrieveOptions.steps(steps).eta(eta);
      t0 = System.nanoTime();
      Retrieval rMr = mr.retrieve(start, descent);
      double tMr = (System.nanoTime() - t0) * 1e-9;
      t0 = System.nanoTime();
      Retrieval rDr = dr.retrieve(start, descent);
      double tDr = (System.nanoTime() - t0) * 1e-9;
      double[] xMr = rMr.states().toArray();
      double[] xDr = rDr.states().toArray();
      double[] eExactAtDr = mr.energy(rDr.states());
      FeatureSpec spec = dr.spec();

      System.out.printf(Locale.ROOT,
          "DenseAM demo: K=%d random patterns in {0, 1/sqrt(D)}^D, D=%d, beta=%s; each query flips %d of %d bits%n",
          k, d, Format.plain(beta), flips, d);
      System.out.printf(Locale.ROOT,
          "MrDAM keeps K x D = %d values; DrDAM keeps T of Y = %d values (%s features, %s projections, seed %d)%n",
          k * d, y, spec.features(), spec.projection(), seed);
      System.out.printf(Locale.ROOT, "backend: %s; descent: %d steps of eta = %s%n%n",
          engine.backend(), steps, Format.plain(eta));
      System.out.printf(Locale.ROOT, "%-6s %10s %12s %16s %16s %9s%n",
          "model", "recalled", "bits right", "E(x_L) own", "E(x_L) exact", "time (s)");
      row("MrDAM", xMr, patterns, one, rMr.energy(), rMr.energy(), tMr);
      row("DrDAM", xDr, patterns, one, rDr.energy(), eExactAtDr, tDr);
      System.out.printf(Locale.ROOT, "%nDrDAM vs MrDAM:%n");
      System.out.printf(Locale.ROOT, "  mean |E - E_hat| at the queries     %.3e%n", errQueries);
      System.out.printf(Locale.ROOT, "  mean |E - E_hat| after descent      %.3e%n",
          DemoData.meanAbsDiff(rMr.energy(), rDr.energy()));
      System.out.printf(Locale.ROOT, "  mean ||x_MrDAM - x_DrDAM|| after L  %.3e (||pattern|| <= 1)%n",
          DemoData.meanRowDistance(xMr, xDr, k, d));
      System.out.printf(Locale.ROOT, "  fixed points agree (binarised)      %d / %d%n",
          DemoData.agreeingRows(xMr, xDr, k, d, one), k);
      System.out.printf(Locale.ROOT, "  ProcMems (store K patterns in T)    %.3f s%n", storeSeconds);
      return 0;
    }
  }

  private void row(String name, double[] x, double[] patterns, double one, double[] eOwn,
      double[] eExact, double seconds) {
    int recalled = DemoData.recalled(x, patterns, k, d, one);
    double bits = DemoData.bitAccuracy(x, patterns, one);
    System.out.printf(Locale.ROOT, "%-6s %6d/%-3d %11.2f%% %16.6f %16.6f %9.3f%n", name, recalled, k,
        100 * bits, mean(eOwn), mean(eExact), seconds);
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }
}
