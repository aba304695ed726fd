package org.denseam.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.denseam.api.Retrieval;
import org.denseam.api.NpyFile;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Vectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dam retrieve}: energy descent from each query. */
@Command(name = "retrieve", mixinStandardHelpOptions = true,
    description = "Energy descent x <- x - eta grad E(x) from each query, with optional clamped pixels.")
final class RetrieveCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Mixin DescentOptions descent;

  @Option(names = "--trace", paramLabel = "TRACE.npy",
      description = "Also write the energy after each step, (S+1) x B, S the most steps any query"
          + " took (L without --tol); NaN after a query stopped.")
  Path trace;

  @Option(names = "--out", paramLabel = "X.npy", required = true, description = "Final states, B x D.")
  Path out;

  @Override
  public Integer call() throws Exception {
    model.checkOutputs(new Object[] {"--out", out, "--trace", trace}, "--clamp", descent.clamp);
    return model.run((engine, q, vector, m) -> {
      boolean[] mask = descent.clamp == null ? null : readMask(descent.clamp, m.dim());
      RetrieveOptions options = descent.options().clamp(mask).trace(trace != null);
      Retrieval r = m.retrieve(q, options);
      double[] x = r.states().toArray();
      Cli.checkFinite("final state", x, q.dim(), "query", m.beta());
      int b = q.count();
      if (trace != null) {
        List<double[]> rows = r.trace();
        double[] flat = new double[rows.size() * b];
        for (int t = 0; t < rows.size(); t++) {
          System.arraycopy(rows.get(t), 0, flat, t * b, b);
        }
        NpyFile.write(trace, flat, rows.size(), b, engine.singlePrecision());
      }
      Cli.writeLike(out, x, b, q.dim(), vector, engine.singlePrecision());
    });
  }

  private static boolean[] readMask(Path path, int d) throws java.io.IOException {
    Vectors mm = Cli.readFinite(path, "clamp mask");
    if (mm.dim() != d || mm.count() != 1) {
      throw new IllegalArgumentException(
          "clamp mask (" + path + ") must be a vector of length D = " + d);
    }
    boolean[] mask = new boolean[d];
    for (int i = 0; i < d; i++) {
      double v = mm.get(0, i);
      if (v != 0 && v != 1) {
        throw new IllegalArgumentException(
            "clamp mask (" + path + ") must hold only 0 and 1, found " + v + " at " + i);
      }
      mask[i] = v == 1;
    }
    return mask;
  }
}
