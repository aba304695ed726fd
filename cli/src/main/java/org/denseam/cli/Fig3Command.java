package org.denseam.cli;

import java.util.concurrent.Callable;
import org.denseam.experiments.Fig3;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code dam experiment fig3}: DrDAM's energy and gradient errors against MrDAM over Y, β and D
 * (Figure 3 of the DrDAM paper). Writes {@code fig3.csv}, {@code fig3-fits.csv} and {@code
 * fig3.png}.
 */
@Command(name = "fig3", mixinStandardHelpOptions = true,
    resourceBundle = "org.denseam.cli.Figures",
    description = "DrDAM paper, Figure 3: MAE of DrDAM's energies and gradients against MrDAM's"
        + " (eq. 14) over Y, for several beta and D, at, near and far from K stored binary"
        + " patterns, with the random-guess level and the eq. 13 bound shape fitted.")
final class Fig3Command implements Callable<Integer> {
  @Mixin ExperimentOptions common;

  @Mixin GridOptions grid;

  @Override
  public Integer call() throws Exception {
    Fig3.Config base = Fig3.Config.of(common.scale(), common.seed);
    int k = grid.k(base.k());
    Fig3.Config c = new Fig3.Config(k, grid.queries(base.queries(), k), grid.dims(base.dims()),
        grid.betas(base.betas()), grid.ys(base.ys()), grid.basis(base.basis()),
        base.nearFraction(), common.seed);
    common.checkOut();
    return common.runFigure(c);
  }
}
