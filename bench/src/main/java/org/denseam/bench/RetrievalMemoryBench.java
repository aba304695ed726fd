package org.denseam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.denseam.backend.Similarity;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.dynamics.Descent;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.memory.EnergyModel;
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
 * Retrieval of one query from a stored memory, as the CLI does it: load the memory from its file
 * ({@code T.dam} for DrDAM, {@code M.npy} for MrDAM) and run L = 10 descent steps. With {@code
 * -prof gc}, {@code gc.alloc.rate.norm} is the memory a retrieval needs: constant in K for DrDAM
 * (T has Y entries whatever K is), linear in K for MrDAM.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RetrievalMemoryBench -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class RetrievalMemoryBench {
  /** Number of stored memories K. */
  @Param({"100", "1000", "10000", "100000"})
  public int k;

  /** drdam (from T.dam) or mrdam (from M.npy). */
  @Param({"drdam", "mrdam"})
  public String model;

  /** Query dimension D. */
  @Param({"64"})
  public int d;

  /** Feature dimension Y. */
  @Param({"4096"})
  public int y;

  static final double BETA = 10;

  private JvmBackend be;
  private Path dir;
  private Path file;
  private double[] query;
  private double[] x;
  private final Descent descent = new Descent(10, 0.1, 0, null, false);

  /** Writes the memory file. */
  @Setup(Level.Trial)
  public void setup() throws IOException {
    be = new JvmBackend();
    double one = BinaryPatterns.one(d);
    double[] pats = BinaryPatterns.random(k, d, new SplittableRandom(3));
    query = java.util.Arrays.copyOf(pats, d);
    query[0] = one - query[0];
    x = new double[d];
    dir = Files.createTempDirectory("dam-jmh");
    if (model.equals("drdam")) {
      FeatureMemory fm = new FeatureMemory(new FeatureMap(Basis.SINCOS, d, y, 7), BETA);
      fm.add(be, pats, k);
      file = dir.resolve("T.dam");
      fm.write(file);
    } else {
      file = dir.resolve("M.npy");
      Npy.write(file, new Matrix(pats, k, d, false), false);
    }
  }

  /** Removes the files and releases the threads. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    be.close();
    Files.deleteIfExists(file);
    Files.deleteIfExists(dir);
  }

  /**
   * Loads the memory and retrieves one query.
   *
   * @return the final energy
   * @throws IOException if the file cannot be read
   */
  @Benchmark
  public double retrieve() throws IOException {
    EnergyModel m;
    if (model.equals("drdam")) {
      m = FeatureMemory.read(file);
    } else {
      Matrix mm = Npy.read(file);
      m = new ExactMemory(mm.data(), mm.rows(), mm.cols(), BETA, Similarity.L2);
    }
    System.arraycopy(query, 0, x, 0, d);
    return descent.run(m, be, x, 1).energy()[0];
  }
}
