package org.denseam.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.denseam.backend.Backend;
import org.denseam.backend.Backends;
import org.denseam.backend.Similarity;
import org.denseam.dynamics.Descent;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
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
 * Time per call of the kernels of Algorithm 1 (RF, ProcMems, GradComp), of the exact log-sum-exp
 * gradient (MrDAM) and of full retrieval (L = 10 descent steps, DrDAM and MrDAM), over D, Y, K
 * and B. Each call processes B queries (K memories for ProcMems).
 *
 * <p>The full cross product (3 × 3 × 3 × 3 sizes, 6 kernels) takes many hours; select cells with
 * {@code -p}, e.g. {@code java -jar bench/target/benchmarks.jar KernelBench.gradComp -p d=256 -p
 * y=16384 -p b=256 -p k=100 -prof gc} ({@code -prof gc} adds the allocation per call,
 * {@code gc.alloc.rate.norm}). BENCHMARKS.md lists the cells behind each claim.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class KernelBench {
  /**
   * Backend under test, by its registry name ({@link Backends#create}): jvm (float32, all cores),
   * reference (float64 oracle), tornado (TornadoVM; needs the kernels jar on the class path and
   * the fork started with TornadoVM's argument file), or any other installed provider. An unknown
   * or unavailable backend fails the benchmark rather than measuring another one.
   */
  @Param({"jvm"})
  public String backend;

  /** Query dimension D. */
  @Param({"64", "256", "1024"})
  public int d;

  /** Feature dimension Y (length of T). */
  @Param({"4096", "16384", "65536"})
  public int y;

  /** Number of memories K. */
  @Param({"100", "1000", "10000"})
  public int k;

  /** Batch size B. */
  @Param({"1", "64", "256"})
  public int b;

  /** DrDAM basis. */
  @Param({"sincos"})
  public String features;

  /** Projection of the feature map: gaussian, or sorf (trigonometric bases only). */
  @Param({"gaussian"})
  public String projection;

  /** Inverse temperature β. */
  static final double BETA = 10;
  /** Descent steps of a retrieval. */
  static final int STEPS = 10;

  private Backend be;
  private FeatureMap map;
  private double[] memories;
  private double[] queries;
  private double[] states;
  private double[] t;
  private double[] energy;
  private double[] grad;
  private double[] phi;
  private FeatureMemory featureMemory;
  private ExactMemory exact;
  private Descent descent;

  /** Random binary memories in {0, 1/√D}^D, queries near them, and T. */
  @Setup(Level.Trial)
  public void setup() {
    be = Backends.create(backend);
    SplittableRandom rnd = new SplittableRandom(42);
    double one = BinaryPatterns.one(d);
    memories = BinaryPatterns.random(k, d, rnd);
    queries = new double[b * d];
    for (int i = 0; i < queries.length; i++) {
      queries[i] = memories[i % memories.length] + 0.2 * one * (rnd.nextDouble() - 0.5);
    }
    states = new double[b * d];
    map = new FeatureMap(Basis.parse(features), d, y, 7, Projection.parse(projection));
    featureMemory = new FeatureMemory(map, BETA);
    featureMemory.add(be, memories, k);
    t = new double[y];
    energy = new double[b];
    grad = new double[b * d];
    phi = new double[b * y];
    exact = new ExactMemory(memories, k, d, BETA, Similarity.L2);
    descent = new Descent(STEPS, 0.1, 0, null, false);
  }

  /**
   * The name of the backend being measured (as the backend reports it).
   *
   * @return the name
   */
  public String backendName() {
    return be.name();
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
   * @return the features
   */
  @Benchmark
  public double[] rf() {
    be.rf(map, BETA, queries, b, phi);
    return phi;
  }

  /**
   * ProcMems: T of K memories.
   *
   * @return T
   */
  @Benchmark
  public double[] procMems() {
    java.util.Arrays.fill(t, 0);
    be.procMems(map, BETA, memories, k, 1, t);
    return t;
  }

  /**
   * GradComp with energies for B queries.
   *
   * @return the gradients
   */
  @Benchmark
  public double[] gradComp() {
    be.gradComp(featureMemory.values(), queries, b, energy, grad);
    return grad;
  }

  /**
   * Exact LSE energies and gradients for B queries over K memories.
   *
   * @return the gradients
   */
  @Benchmark
  public double[] exactGrad() {
    be.exact(exact.values(), queries, b, energy, grad);
    return grad;
  }

  /**
   * DrDAM retrieval: L descent steps of B queries.
   *
   * @return the final energies
   */
  @Benchmark
  public double[] retrieveDrDam() {
    System.arraycopy(queries, 0, states, 0, states.length);
    return descent.run(featureMemory, be, states, b).energy();
  }

  /**
   * MrDAM retrieval: L descent steps of B queries.
   *
   * @return the final energies
   */
  @Benchmark
  public double[] retrieveMrDam() {
    System.arraycopy(queries, 0, states, 0, states.length);
    return descent.run(exact, be, states, b).energy();
  }
}
