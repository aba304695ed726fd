package com.example.consumer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.FeatureStore;
import org.denseam.api.Memory;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Segments;
import org.denseam.api.Vectors;

/**
 * Stores random binary patterns through the DenseAM public API, corrupts them, retrieves them
 * with an exact and a random-feature memory, and prints which backend ran and the accuracy.
 * Exits non-zero if recall falls short, so a build can rely on it.
 */
public final class Recall {
  public static void main(String[] args) {
    String backend = args.length > 0 ? args[0] : null;
    int k = 32, d = 64;
    double beta = 40, one = 1 / Math.sqrt(d);
    Random rnd = new Random(7);
    double[] patterns = new double[k * d];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = rnd.nextBoolean() ? one : 0;
    }
    double[] queries = patterns.clone();
    for (int mu = 0; mu < k; mu++) {
      for (int f = 0; f < d / 10; f++) {
        int i = mu * d + rnd.nextInt(d);
        queries[i] = queries[i] > 0 ? 0 : one;
      }
    }
    try (Engine engine = backend == null ? DenseAM.openFastest() : DenseAM.open(backend)) {
      System.out.println("backend: " + engine.backend() + " (" + engine.selection() + ")");
      System.out.println("devices: " + engine.devices());
      Vectors p = Vectors.of(patterns, k, d);
      Vectors q = Vectors.of(queries, k, d);
      // The same queries as float32 in native memory, read in place.
      Vectors qNative;
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment seg = arena.allocate((long) queries.length * Float.BYTES);
        for (int i = 0; i < queries.length; i++) {
          seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) queries[i]);
        }
        qNative = Segments.floats(seg, 0, k, d);
      }
      Memory exact = engine.exactMemory(p, beta);
      FeatureStore drdam = engine.featureMemory(p, beta, "sincos", 16384, 1);
      RetrieveOptions options = RetrieveOptions.steps(40).eta(0.5);
      double mr = accuracy(exact.retrieve(q, options).states().toArray(), patterns, one);
      double dr = accuracy(drdam.retrieve(qNative, options).states().toArray(), patterns, one);
      System.out.printf("MrDAM retrieval accuracy: %.1f%% of bits%n", 100 * mr);
      System.out.printf("DrDAM retrieval accuracy: %.1f%% of bits (Y = %d, K = %d; queries from native memory)%n",
          100 * dr, drdam.y(), drdam.count());
      if (mr < 0.99 || dr < 0.95) {
        System.err.println("recall below expectation");
        System.exit(1);
      }
    }
  }

  private static double accuracy(double[] x, double[] patterns, double one) {
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += (x[i] > one / 2) == (patterns[i] > one / 2) ? 1 : 0;
    }
    return (double) right / x.length;
  }
}
