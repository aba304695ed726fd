package org.denseam.cli;

import java.util.concurrent.Callable;
import org.denseam.experiments.Fig4a;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment fig4a}: normalised Hamming error between DrDAM's and MrDAM's fixed points
 * (Figure 4A of the DrDAM paper). Writes {@code fig4a.csv}, {@code fig4a-fits.csv} and {@code
 * fig4a.png}.
 */
@Command(name = "fig4a", mixinStandardHelpOptions = true,
    resourceBundle = "org.denseam.cli.Figures",
    description = "DrDAM paper, Figure 4A: normalised Hamming error (eq. 15) between the binarised"
        + " fixed points of DrDAM and MrDAM energy descent over Y, for several beta and D, from"
        + " queries at, near and far from K stored binary patterns.")
final class Fig4aCommand implements Callable<Integer> {
  @Mixin ExperimentOptions common;

  @Mixin GridOptions grid;

  @Option(names = "--steps", paramLabel = "L",
      description = "Most descent steps (default 40 small, 1000 paper).")
  Integer steps;

  @Option(names = "--eta", paramLabel = "H", description = "Step size (default 0.5 small, 0.03 paper).")
  Double eta;

  @Option(names = "--tol", paramLabel = "TOL",
      description = "Stop a query once |E_t - E_t-1| < TOL (default 1e-7 small, 0 = never, paper).")
  Double tol;

  @Option(names = "--projection", paramLabel = "P",
      description = "Random projections: gaussian (i.i.d., the paper's; default) or sorf"
          + " (structured orthogonal: O(Y log D) per query and step instead of O(Y D)).")
  String projection;

  @Override
  public Integer call() throws Exception {
    Fig4a.Config base = Fig4a.Config.of(common.scale(), common.seed);
    int k = grid.k(base.k());
    Fig4a.Config c = new Fig4a.Config(k, grid.queries(base.queries(), k),
        grid.dims(base.dims()), grid.betas(base.betas()), grid.ys(base.ys()),
        grid.basis(base.basis()), projection != null ? projection : base.projection(),
        base.nearFraction(), eta != null ? eta : base.eta(),
        steps != null ? steps : base.steps(), tol != null ? tol : base.tol(), common.seed);
    common.checkOut();
    return common.runFigure(c);
  }
}
