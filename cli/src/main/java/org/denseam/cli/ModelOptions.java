package org.denseam.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.denseam.backend.Backend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.io.DamFile;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.memory.EnergyModel;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.denseam.memory.Similarity;
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

  @Option(names = "--similarity", paramLabel = "SIM", defaultValue = "l2",
      description = "MrDAM similarity: l2 (default) or dot.")
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

  /** What a command does with the backend, the queries and the memory they were checked against. */
  interface Action {
    void apply(Backend backend, Matrix queries, EnergyModel model) throws Exception;
  }

  /**
   * Opens the backend, reads the queries and the memory, checks their dimensions, runs the action
   * and closes the backend.
   */
  int run(Action action) throws Exception {
    Backend be = Cli.backend(backend);
    try {
      Matrix q = Cli.readFinite(queries, "queries");
      EnergyModel m = model(be);
      Cli.checkDim(q, m);
      action.apply(be, q, m);
      return 0;
    } finally {
      Cli.close(be);
    }
  }

  /** Builds the energy model the options describe. */
  EnergyModel model(Backend be) throws IOException {
    if ((memories == null) == (store == null)) {
      throw new IllegalArgumentException("give exactly one of --memories M.npy or --store T.dam");
    }
    if (store != null) {
      FeatureMemory m = DamFile.read(store);
      if (beta != null && Double.compare(beta, m.beta()) != 0) {
        throw new IllegalArgumentException(
            "--beta " + beta + " differs from beta = " + m.beta() + " stored in " + store);
      }
      FeatureMap map = m.map();
      if ((dim != null && dim != map.y()) || (seed != null && seed != map.seed())
          || (features != null && Basis.parse(features) != map.basis())
          || (projection != null && Projection.parse(projection) != map.projection())) {
        throw new IllegalArgumentException("--dim/--seed/--features/--projection differ from "
            + store + " (Y = " + map.y() + ", seed = " + map.seed() + ", features = "
            + map.basis().id() + ", projection = " + map.projection().id() + ")");
      }
      return m;
    }
    if (beta == null) {
      throw new IllegalArgumentException("--beta is required with --memories");
    }
    Matrix mem = Cli.readFinite(memories, "memories");
    if (dim == null) {
      if (features != null || seed != null || projection != null) {
        throw new IllegalArgumentException("--features, --seed and --projection need --dim (DrDAM)");
      }
      return new ExactMemory(mem.data(), mem.rows(), mem.cols(), beta, Similarity.parse(similarity));
    }
    FeatureMap map = new FeatureMap(Basis.parse(features == null ? "sincos" : features), mem.cols(),
        dim, seed == null ? 0 : seed, Projection.parse(projection == null ? "gaussian" : projection));
    FeatureMemory fm = new FeatureMemory(map, beta);
    fm.add(be, mem.data(), mem.rows());
    return fm;
  }
}
