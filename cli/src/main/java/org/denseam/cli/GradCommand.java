package org.denseam.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dam grad}: energy gradients of queries. */
@Command(name = "grad", mixinStandardHelpOptions = true,
    description = "Energy gradient of each query (same shape as the queries).")
final class GradCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(names = "--out", paramLabel = "G.npy", required = true, description = "Gradients, B x D.")
  Path out;

  @Override
  public Integer call() throws Exception {
    model.checkOutputs("--out", out);
    return model.run((engine, q, vector, m) -> {
      double[] g = m.gradient(q).toArray();
      Cli.checkFinite("gradient", g, q.dim(), "query", m.beta());
      Cli.writeLike(out, g, q.count(), q.dim(), vector, engine.singlePrecision());
    });
  }
}
