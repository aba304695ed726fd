package org.denseam.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
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
    return model.run((engine, q, qv, m) -> {
      double[] g = m.gradient(qv).toArray();
      Cli.checkFinite("gradient", g, q.cols(), "query", m.beta());
      Npy.write(out, new Matrix(g, q.rows(), q.cols(), q.vector()), engine.singlePrecision());
    });
  }
}
