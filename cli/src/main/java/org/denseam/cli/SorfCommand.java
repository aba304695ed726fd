package org.denseam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.experiments.Progress;
import org.denseam.experiments.SorfStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dam experiment sorf}: SORF against Gaussian projections on the Fig. 3 protocol. */
@Command(name = "sorf", mixinStandardHelpOptions = true,
    description = "Structured orthogonal (SORF) against i.i.d. Gaussian projections: MAE of DrDAM's"
        + " energies and gradient norms against MrDAM on the Fig. 3 protocol (K=500, D 32/128/512,"
        + " beta 10/30, Y 4096/16384/65536, queries at, near and far), per seed and as ratios.")
final class SorfCommand implements Callable<Integer> {
  @Option(names = "--seeds", defaultValue = "3", description = "Seeds (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--seed", defaultValue = "1", description = "Base seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--queries", defaultValue = "50", description = "Queries per set (default ${DEFAULT-VALUE}).")
  int queries;

  @Option(names = "--backend", defaultValue = "jvm", description = "jvm (default), reference or tornado.")
  String backend;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (seeds < 1 || queries < 1 || queries > 500) {
      throw new IllegalArgumentException("--seeds must be >= 1 and --queries in 1..500");
    }
    Cli.checkOutDir(out);
    Files.createDirectories(out);
    SorfStudy.Config c = SorfStudy.Config.standard(seeds, seed, queries);
    double total = 0;
    for (int d : c.dims()) {
      for (int y : c.ys()) {
        total += 2.0 * c.betas().length * c.seeds() * ((double) c.k() * y * d + 6.0 * queries * y * d);
      }
    }
    Engine be = DenseAM.open(backend);
    List<SorfStudy.Cell> cells;
    try {
      Progress p = new Progress(System.err, "sorf", total);
      cells = SorfStudy.run(c, be, p);
      p.finish();
    } finally {
      be.close();
    }
    System.out.print(SorfStudy.write(out, cells));
    return 0;
  }
}
