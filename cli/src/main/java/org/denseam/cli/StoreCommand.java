package org.denseam.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.denseam.backend.Backend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.io.DamFile;
import org.denseam.io.Matrix;
import org.denseam.memory.FeatureMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dam store}: fold memories into T (ProcMems) and save it. */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "Fold memories into the DrDAM vector T (ProcMems) and save it to a T.dam file.")
final class StoreCommand implements Callable<Integer> {
  @Option(names = "--memories", paramLabel = "M.npy", required = true, description = "Memories, K x D.")
  Path memories;

  @Option(names = "--beta", paramLabel = "B", required = true, description = "Inverse temperature beta > 0.")
  double beta;

  @Option(names = "--features", paramLabel = "F", defaultValue = "sincos",
      description = "sincos (default), cos, exp or expexp.")
  String features;

  @Option(names = "--dim", paramLabel = "Y", required = true, description = "Feature dimension Y.")
  int dim;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Projection seed.")
  long seed;

  @Option(names = "--projection", paramLabel = "P", defaultValue = "gaussian",
      description = "gaussian (default) or sorf (structured orthogonal; sincos/cos only).")
  String projection;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "reference, jvm (default) or tornado.")
  String backend;

  @Option(names = "--out", paramLabel = "T.dam", required = true, description = "Output file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    FeatureMap map = new FeatureMap(Basis.parse(features), 1, dim, seed, Projection.parse(projection));
    Cli.distinctFiles(1, "--out", out, "--memories", memories);
    Matrix mem = Cli.readFinite(memories, "memories");
    FeatureMemory m = new FeatureMemory(
        new FeatureMap(map.basis(), mem.cols(), dim, seed, map.projection()), beta);
    Backend be = Cli.backend(backend);
    try {
      m.add(be, mem.data(), mem.rows());
    } finally {
      Cli.close(be);
    }
    Cli.checkFinite("feature vector T", m.t(), m.map().y(), "memory set", beta);
    DamFile.write(out, m);
    return 0;
  }
}
