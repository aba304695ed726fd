package org.denseam.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.denseam.api.CccpOptions;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.NpyFile;
import org.denseam.api.SparseRetrieval;
import org.denseam.api.SparseStore;
import org.denseam.api.Vectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam sparse}: retrieval in a sparse modern Hopfield network, by the CCCP update {@code q ←
 * Xᵀ α-entmax(β X q)}, for a fixed number of steps or to convergence.
 */
@Command(name = "sparse", mixinStandardHelpOptions = true,
    description = "Sparse modern Hopfield retrieval: q <- X^T alpha-entmax(beta X q) (CCCP), "
        + "for --steps L updates or to convergence. Outputs are float64.")
final class SparseCommand implements Callable<Integer> {
  @Option(names = "--memories", paramLabel = "X.npy", required = true, description = "Patterns, N x D (rows).")
  Path memories;

  @Option(names = "--queries", paramLabel = "Q.npy", required = true,
      description = "Queries, B x D, or one vector of length D.")
  Path queries;

  @Option(names = "--beta", paramLabel = "B", required = true, description = "Inverse temperature beta > 0.")
  double beta;

  @Option(names = "--alpha", paramLabel = "A", required = true,
      description = "Entropic index alpha >= 1: 1 softmax, 1.5 1.5-entmax, 2 sparsemax (exact); "
          + "other values by bisection.")
  double alpha;

  @Option(names = "--steps", paramLabel = "L",
      description = "Run exactly L updates. Without it, run to convergence (see --max-steps, --tol).")
  Integer steps;

  @Option(names = "--max-steps", paramLabel = "L",
      description = "Without --steps: most updates per query (default " + CccpOptions.DEFAULT_MAX_STEPS + ").")
  Integer maxSteps;

  @Option(names = "--tol", paramLabel = "TOL",
      description = "Without --steps: a query has converged once its support is unchanged and it moved "
          + "by at most TOL * max_i ||x_i|| (default " + CccpOptions.DEFAULT_TOL + "; 0: exact fixed points only).")
  Double tol;

  @Option(names = "--out", paramLabel = "Qstar.npy", required = true,
      description = "Final states, same shape as the queries.")
  Path out;

  @Option(names = "--weights", paramLabel = "P.npy",
      description = "Also write the weights alpha-entmax(beta X q*) at the final states, B x N.")
  Path weights;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "reference (one thread), jvm (all cores; default) or tornado. The host backends "
          + "compute in float64; tornado in float32 with float64 entmax.")
  String backend;

  @Override
  public Integer call() throws Exception {
    CccpOptions rule = rule();
    Cli.distinctFiles(2, "--out", out, "--weights", weights, "--memories", memories,
        "--queries", queries);
    Vectors mem = Cli.readFinite(memories, "memories");
    SparseRetrieval r;
    int b, d, n;
    boolean vector;
    try (Engine engine = DenseAM.open(backend)) {
      SparseStore m = engine.sparseMemory(mem, beta, alpha);
      Vectors q = Cli.readFinite(queries, "queries");
      vector = NpyFile.info(queries).vector();
      if (q.dim() != m.dim()) {
        throw new IllegalArgumentException(
            "queries have " + q.dim() + " columns but the memories have D = " + m.dim());
      }
      b = q.count();
      d = q.dim();
      n = m.count();
      r = m.converge(q, rule);
    }
    double[] x = r.states().toArray();
    Cli.checkFinite("final state", x, d, "query", beta);
    if (weights != null) {
      Cli.checkFinite("weights", r.weights(), n, "query", beta);
    }
    Cli.writeLike(out, x, b, d, vector, false);
    if (weights != null) {
      try {
        Cli.writeLike(weights, r.weights(), b, n, vector, false);
      } catch (IOException e) {
        Files.deleteIfExists(out);
        throw e;
      }
    }
    if (steps == null && r.notConverged() > 0) {
      System.err.printf(Locale.ROOT,
          "dam: warning: %d of %d queries did not converge within %d steps (tol %s)%n",
          r.notConverged(), b, rule.maxSteps(), rule.tol());
    }
    return 0;
  }

  private CccpOptions rule() {
    if (steps != null) {
      if (maxSteps != null || tol != null) {
        throw new IllegalArgumentException("give either --steps, or --max-steps/--tol (convergence)");
      }
      return CccpOptions.fixedSteps(steps);
    }
    if (maxSteps != null && maxSteps < 1) {
      throw new IllegalArgumentException("--max-steps must be >= 1, got " + maxSteps);
    }
    return new CccpOptions(maxSteps == null ? CccpOptions.DEFAULT_MAX_STEPS : maxSteps,
        tol == null ? CccpOptions.DEFAULT_TOL : tol);
  }
}
