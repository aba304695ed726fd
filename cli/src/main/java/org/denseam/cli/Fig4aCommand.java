package org.denseam.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.denseam.experiments.ErrorPoint;
import org.denseam.experiments.Fig4a;
import org.denseam.experiments.Scale;
import org.denseam.features.Basis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment fig4a}: normalised Hamming error between DrDAM's and MrDAM's fixed points
 * (Figure 4A of the DrDAM paper). Writes {@code fig4a.csv}, {@code fig4a-fits.csv} and {@code
 * fig4a.png}.
 */
@Command(name = "fig4a", mixinStandardHelpOptions = true,
    description = "DrDAM paper, Figure 4A: normalised Hamming error (eq. 15) between the binarised"
        + " fixed points of DrDAM and MrDAM energy descent over Y, for several beta and D, from"
        + " queries at, near and far from K stored binary patterns.")
final class Fig4aCommand implements Callable<Integer> {
  @Mixin ExperimentOptions common;

  @Option(names = "--k", paramLabel = "K", description = "Stored patterns (default 500).")
  Integer k;

  @Option(names = "--queries", paramLabel = "B",
      description = "Queries per set (default 50 small, 500 paper; at most K).")
  Integer queries;

  @Option(names = "--dims", paramLabel = "D,...", split = ",",
      description = "Dimensions (default 30,100 small; 30,100,500 paper).")
  int[] dims;

  @Option(names = "--betas", paramLabel = "B,...", split = ",",
      description = "Inverse temperatures (default 10,30,40,50).")
  double[] betas;

  @Option(names = "--ys", paramLabel = "Y,...", split = ",",
      description = "Feature dimensions, lengths of T (default 1000,4000,16000,64000 small; as fig3"
          + " paper).")
  int[] ys;

  @Option(names = "--features", paramLabel = "F", description = "Basis (default sincos).")
  String features;

  @Option(names = "--steps", paramLabel = "L",
      description = "Most descent steps (default 40 small, 1000 paper).")
  Integer steps;

  @Option(names = "--eta", paramLabel = "H", description = "Step size (default 0.5 small, 0.03 paper).")
  Double eta;

  @Option(names = "--tol", paramLabel = "TOL",
      description = "Stop a query once |E_t - E_t-1| < TOL (default 1e-7 small, 0 = never, paper).")
  Double tol;

  @Override
  public Integer call() throws Exception {
    Fig4a.Config base = common.scale() == Scale.PAPER
        ? Fig4a.Config.paper(common.seed) : Fig4a.Config.small(common.seed);
    int kk = k != null ? k : base.k();
    Fig4a.Config c = new Fig4a.Config(kk,
        queries != null ? queries : Math.min(base.queries(), kk),
        dims != null ? dims : base.dims(), betas != null ? betas : base.betas(),
        ys != null ? ys : base.ys(), features != null ? Basis.parse(features) : base.basis(),
        base.nearFraction(), eta != null ? eta : base.eta(), steps != null ? steps : base.steps(),
        tol != null ? tol : base.tol(), common.seed);
    common.checkOut();
    return common.runFigure("fig4a", "Figure 4A",
        "DrDAM vs MrDAM fixed points, normalised Hamming error (eq. 15)",
        c.describe(), Fig4a.cost(c),
        (be, p) -> Fig4a.run(c, be, p), List.of(
            new String[] {"at", ErrorPoint.HAMMING, "hamming at"},
            new String[] {"near", ErrorPoint.HAMMING, "hamming near"},
            new String[] {"far", ErrorPoint.HAMMING, "hamming far"}), false);
  }
}
