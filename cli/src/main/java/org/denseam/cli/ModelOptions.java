package org.denseam.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Memory;
import org.denseam.api.NpyFile;
import org.denseam.api.Vectors;
import org.denseam.backend.Similarity;
import picocli.CommandLine.Option;

/** The options shared by {@code energy}, {@code grad} and {@code retrieve}: what memory to query. */
final class ModelOptions {
  @Option(names = "--memories", paramLabel = "M.npy", description = "Memories, K x D (rows).")
  Path memories;

  @Option(names = "--store", paramLabel = "T.dam", description = "A DrDAM memory saved by 'dam store'.")
  Path store;

  @Option(names = "--queries", paramLabel = "Q.npy", required = true,
      description = "Queries, B x D, or one vector of length D.")
  Path queries;

  @Option(names = "--beta", paramLabel = "B", description = "Inverse temperature beta > 0.")
  Double beta;

  @Option(names = "--features", paramLabel = "F",
      description = "DrDAM basis: sincos (default), cos, exp, expexp.")
  String features;

  @Option(names = "--dim", paramLabel = "Y", description = "DrDAM feature dimension Y (length of T). "
      + "Without --dim or --store the exact MrDAM energy is used.")
  Integer dim;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the random projections (default 0).")
  Long seed;

  @Option(names = "--projection", paramLabel = "P",
      description = "DrDAM projections: gaussian (default) or sorf (structured orthogonal; sincos/cos).")
  String projection;

  @Option(names = "--similarity", paramLabel = "SIM",
      description = "MrDAM similarity: l2 (default) or dot. Exact MrDAM only: DrDAM (--store,"
          + " --dim) approximates the l2 energy.")
  String similarity;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "reference (float64), jvm (float32, all cores; default) or tornado.")
  String backend;

  /**
   * Fails when an output names an input file or another output.
   *
   * @param outs option name and path of each output, alternating (null paths skipped)
   */
  void checkOutputs(Object... outs) throws IOException {
    checkOutputs(outs, "--clamp", null);
  }

  /** As {@link #checkOutputs(Object...)}, with a command's own input files too. */
  void checkOutputs(Object[] outs, Object... moreInputs) throws IOException {
    Object[] ins = {"--queries", queries, "--memories", memories, "--store", store};
    Object[] all = new Object[outs.length + ins.length + moreInputs.length];
    System.arraycopy(outs, 0, all, 0, outs.length);
    System.arraycopy(ins, 0, all, outs.length, ins.length);
    System.arraycopy(moreInputs, 0, all, outs.length + ins.length, moreInputs.length);
    Cli.distinctFiles(outs.length / 2, all);
  }

  /**
   * The message for {@code --similarity} given to DrDAM, which has no such choice: it is refused,
   * as {@code --seed} without {@code --dim} is, rather than silently ignored.
   *
   * @param given the value given
   * @return the message
   */
  static String drdamSimilarity(String given) {
    return "--similarity " + given + " applies to exact MrDAM (--memories without --dim) only:"
        + " DrDAM (--store or --dim) approximates the l2 energy; leave --similarity out";
  }

  /**
   * What a command does with the engine, the queries (and whether their file held one 1-D vector)
   * and the memory they were checked against.
   */
  interface Action {
    void apply(Engine engine, Vectors q, boolean vector, Memory memory) throws Exception;
  }

  /**
   * Opens the engine, reads the queries and the memory, checks their dimensions, runs the action
   * and closes the engine.
   */
  int run(Action action) throws Exception {
    try (Engine engine = DenseAM.open(backend)) {
      Vectors q = Cli.readFinite(queries, "queries");
      boolean vector = NpyFile.info(queries).vector();
      // The memory's first kernel (ProcMems, with --memories and --dim) runs as it is built.
      Prewarm.await();
      Memory m = model(engine);
      Cli.checkDim(q, m.dim());
      action.apply(engine, q, vector, m);
      return 0;
    }
  }

  /**
   * Builds the memory the options describe through the library's API, which validates the
   * parameters (the CLI adds only what is about its flags: which ones go together, and that
   * those given with --store agree with the file).
   */
  Memory model(Engine engine) throws IOException {
    if ((memories == null) == (store == null)) {
      throw new IllegalArgumentException("give exactly one of --memories M.npy or --store T.dam");
    }
    if (similarity != null && (store != null || dim != null)) {
      throw new IllegalArgumentException(drdamSimilarity(similarity));
    }
    if (store != null) {
      FeatureStore m = engine.loadFeatureMemory(store);
      FeatureSpec spec = m.spec();
      if (beta != null && Double.compare(beta, spec.beta()) != 0) {
        throw new IllegalArgumentException(
            "--beta " + beta + " differs from beta = " + spec.beta() + " stored in " + store);
      }
      if ((dim != null && dim != spec.y()) || (seed != null && seed != spec.seed())
          || (features != null && !FeatureSpec.basisName(features).equals(spec.features()))
          || (projection != null
              && !FeatureSpec.projectionName(projection).equals(spec.projection()))) {
        throw new IllegalArgumentException("--dim/--seed/--features/--projection differ from "
            + store + " (Y = " + spec.y() + ", seed = " + spec.seed() + ", features = "
            + spec.features() + ", projection = " + spec.projection() + ")");
      }
      return m;
    }
    if (beta == null) {
      throw new IllegalArgumentException("--beta is required with --memories");
    }
    // Streamed from the file through every evaluation, a block of rows at a time, and checked as
    // they are read: nothing of the file is held on the heap.
    Vectors patterns = NpyFile.open(memories);
    if (dim == null) {
      if (features != null || seed != null || projection != null) {
        throw new IllegalArgumentException("--features, --seed and --projection need --dim (DrDAM)");
      }
      return engine.exactMemory(patterns, beta,
          Similarity.parse(similarity == null ? "l2" : similarity));
    }
    FeatureStore fm = engine.featureMemory(patterns.dim(), beta,
        features == null ? "sincos" : features, dim, seed == null ? 0 : seed,
        projection == null ? "gaussian" : projection);
    fm.add(patterns);
    return fm;
  }
}
