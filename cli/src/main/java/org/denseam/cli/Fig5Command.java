package org.denseam.cli;

import java.util.concurrent.Callable;
import org.denseam.experiments.Fig5;
import org.denseam.api.FeatureSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment fig5}: DrDAM's errors against the number of stored patterns K at a fixed Y
 * (Figure 5 of the DrDAM paper). Writes {@code fig5.csv}, {@code fig5-fits.csv} and {@code
 * fig5.png}.
 */
@Command(name = "fig5", mixinStandardHelpOptions = true,
    description = "DrDAM paper, Figure 5 (Appendix B): MAE of DrDAM's energies and gradients"
        + " against MrDAM's over the number K of stored patterns at a fixed Y, for several beta"
        + " and D.")
final class Fig5Command implements Callable<Integer> {
  @Mixin ExperimentOptions common;

  @Option(names = "--ks", paramLabel = "K,...", split = ",",
      description = "Numbers of stored patterns (default 50,100,200,400,650,1000).")
  int[] ks;

  @Option(names = "--queries", paramLabel = "B",
      description = "Most at/near queries per K; 0 = K, as the paper (default 200 small, 0 paper).")
  Integer queries;

  @Option(names = "--dims", paramLabel = "D,...", split = ",",
      description = "Dimensions (default 30,100,500).")
  int[] dims;

  @Option(names = "--betas", paramLabel = "B,...", split = ",",
      description = "Inverse temperatures (default 10,30,40,50).")
  double[] betas;

  @Option(names = "--y", paramLabel = "Y",
      description = "Feature dimension, length of T (default 16000 small; 400000 paper, its"
          + " 2e5 projections).")
  Integer y;

  @Option(names = "--features", paramLabel = "F", description = "Basis (default sincos).")
  String features;

  @Override
  public Integer call() throws Exception {
    Fig5.Config base = Fig5.Config.of(common.scale(), common.seed);
    Fig5.Config c = new Fig5.Config(ks != null ? ks : base.ks(),
        queries != null ? queries : base.cap(), dims != null ? dims : base.dims(),
        betas != null ? betas : base.betas(), y != null ? y : base.y(),
        features != null ? FeatureSpec.basisName(features) : base.basis(), base.nearFraction(),
        common.seed);
    common.checkOut();
    return common.runFigure(c);
  }
}
