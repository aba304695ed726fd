package org.denseam.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.denseam.experiments.ErrorPoint;
import org.denseam.experiments.Fig3;
import org.denseam.experiments.Scale;
import org.denseam.features.Basis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment fig3}: DrDAM's energy and gradient errors against MrDAM over Y, β and D
 * (Figure 3 of the DrDAM paper). Writes {@code fig3.csv}, {@code fig3-fits.csv} and {@code
 * fig3.png}.
 */
@Command(name = "fig3", mixinStandardHelpOptions = true,
    description = "DrDAM paper, Figure 3: MAE of DrDAM's energies and gradients against MrDAM's"
        + " (eq. 14) over Y, for several beta and D, at, near and far from K stored binary"
        + " patterns, with the random-guess level and the eq. 13 bound shape fitted.")
final class Fig3Command implements Callable<Integer> {
  @Mixin ExperimentOptions common;

  @Option(names = "--k", paramLabel = "K", description = "Stored patterns (default 500).")
  Integer k;

  @Option(names = "--queries", paramLabel = "B",
      description = "Queries per set (default 100 small, 500 paper; at most K).")
  Integer queries;

  @Option(names = "--dims", paramLabel = "D,...", split = ",",
      description = "Dimensions (default 30,100,500).")
  int[] dims;

  @Option(names = "--betas", paramLabel = "B,...", split = ",",
      description = "Inverse temperatures (default 10,30,40,50).")
  double[] betas;

  @Option(names = "--ys", paramLabel = "Y,...", split = ",",
      description = "Feature dimensions, lengths of T (default 1000,4000,16000,64000 small;"
          + " 2x the paper's projection counts 5e3..5e5 paper).")
  int[] ys;

  @Option(names = "--features", paramLabel = "F", description = "Basis (default sincos).")
  String features;

  @Override
  public Integer call() throws Exception {
    Fig3.Config base = common.scale() == Scale.PAPER
        ? Fig3.Config.paper(common.seed) : Fig3.Config.small(common.seed);
    Fig3.Config c = new Fig3.Config(k != null ? k : base.k(),
        queries != null ? queries : Math.min(base.queries(), k != null ? k : base.k()),
        dims != null ? dims : base.dims(), betas != null ? betas : base.betas(),
        ys != null ? ys : base.ys(), features != null ? Basis.parse(features) : base.basis(),
        base.nearFraction(), common.seed);
    common.checkOut();
    return common.runFigure("fig3", "Figure 3",
        "DrDAM vs MrDAM, MAE of energies and gradients (eq. 14)",
        c.describe(), Fig3.cost(c),
        (be, p) -> Fig3.run(c, be, p), List.of(
            new String[] {"at", ErrorPoint.ENERGY, "energy at"},
            new String[] {"near", ErrorPoint.ENERGY, "energy near"},
            new String[] {"far", ErrorPoint.ENERGY, "energy far"},
            new String[] {"near", ErrorPoint.GRADIENT, "gradient near"}), false);
  }
}
