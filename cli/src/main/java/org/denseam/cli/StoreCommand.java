package org.denseam.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.NpyFile;
import org.denseam.api.Vectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dam store}: fold memories into T (ProcMems) and save it. */
@Command(name = "store", mixinStandardHelpOptions = true,
    description = "Fold memories into the DrDAM vector T (ProcMems) and save it to a T.dam file.")
final class StoreCommand implements Callable<Integer> {
  @Option(names = "--memories", paramLabel = "M.npy", required = true, description = "Memories, K x D.")
  Path memories;

  @Mixin FeatureMapOptions map;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "reference, jvm (default) or tornado.")
  String backend;

  @Option(names = "--out", paramLabel = "T.dam", required = true, description = "Output file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    // The parameters that do not depend on the memories, checked before any file is read.
    FeatureSpec.checkMap(map.features, map.dim, map.projection);
    Cli.distinctFiles(1, "--out", out, "--memories", memories);
    // Streamed from the file, a block of rows at a time, and checked as they are read.
    Vectors mem = NpyFile.open(memories);
    try (Engine engine = DenseAM.open(backend)) {
      FeatureStore m = engine.featureMemory(mem.dim(), map.beta, map.features,
          map.dim, map.seed, map.projection);
      Prewarm.await();
      m.add(mem);
      Cli.checkFinite("feature vector T", m.vector(), map.dim, "memory set", map.beta);
      m.save(out);
    }
    return 0;
  }
}
