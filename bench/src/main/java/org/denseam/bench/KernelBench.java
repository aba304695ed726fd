package org.denseam.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.denseam.backend.Backend;
import org.denseam.backend.JvmBackend;
import org.denseam.backend.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.Similarity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the kernels of Algorithm 1 (RF, ProcMems, GradComp) and of the exact log-sum-exp
 * gradient, per backend. Each invocation processes B queries (or K memories for ProcMems).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar KernelBench -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class KernelBench {
  /** Backend under test. */
  @Param({"jvm", "reference"})
  public String backend;

  /** Query dimension D. */
  @Param({"64", "256"})
  public int d;

  /** Feature dimension Y. */
  @Param({"4096", "16384"})
  public int y;

  /** Number of memories K. */
  @Param({"1000"})
  public int k;

  /** Batch size B. */
  @Param({"1", "64"})
  public int b;

  private Backend be;
  private FeatureMap map;
  private double[] memories;
  private double[] queries;
  private double[] t;
  private double[] energy;
  private double[] grad;
  private double[] phi;
  private ExactMemory exact;

  /** Builds random memories in [0, 1/√D]^D and the vector T. */
  @Setup(Level.Trial)
  public void setup() {
    be = backend.equals("jvm") ? new JvmBackend() : new ReferenceBackend();
    SplittableRandom rnd = new SplittableRandom(42);
    memories = new double[k * d];
    for (int i = 0; i < memories.length; i++) {
      memories[i] = rnd.nextDouble() / Math.sqrt(d);
    }
    queries = new double[b * d];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = rnd.nextDouble() / Math.sqrt(d);
    }
    map = new FeatureMap(Basis.SINCOS, d, y, 7);
    t = new double[y];
    be.procMems(map, 10, memories, k, 1, t);
    energy = new double[b];
    grad = new double[b * d];
    phi = new double[b * y];
    exact = new ExactMemory(memories, k, d, 10, Similarity.L2);
  }

  /** Releases the backend's threads. */
  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (be instanceof AutoCloseable c) {
      c.close();
    }
  }

  /**
   * RF: features of B queries.
   *
   * @return the feature buffer
   */
  @Benchmark
  public double[] rf() {
    be.rf(map, 10, queries, b, phi);
    return phi;
  }

  /**
   * GradComp with energies for B queries.
   *
   * @return the gradient buffer
   */
  @Benchmark
  public double[] gradComp() {
    be.gradComp(map, 10, t, queries, b, energy, grad);
    return grad;
  }

  /**
   * Exact LSE energies and gradients for B queries over K memories.
   *
   * @return the gradient buffer
   */
  @Benchmark
  public double[] exactGrad() {
    be.exact(exact, queries, b, energy, grad);
    return grad;
  }
}
