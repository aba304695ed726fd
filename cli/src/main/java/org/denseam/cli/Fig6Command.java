package org.denseam.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.denseam.api.Vectors;
import org.denseam.datasets.Datasets;
import org.denseam.datasets.Table;
import org.denseam.experiments.Fig6;
import org.denseam.api.FeatureSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment fig6}: the basis-function ablation on 16-dimensional continuous data
 * (Figure 6 of the DrDAM paper). Writes {@code fig6.csv}, {@code fig6-fits.csv} and {@code
 * fig6.png}.
 */
@Command(name = "fig6", mixinStandardHelpOptions = true,
    description = "DrDAM paper, Figure 6 (Appendix C): MAE of energies and gradients of the Cos,"
        + " SinCos, Exp and ExpExp bases over Y and beta, at 500 stored and 400 new patterns of"
        + " continuous data (--data: an N x D .npy array or the UCI letter-recognition.data;"
        + " default: a synthetic stand-in for the 16-dimensional Letter data).")
final class Fig6Command implements Callable<Integer> {
  @Mixin ExperimentOptions common;

  @Option(names = "--data", paramLabel = "FILE",
      description = "Data, N x D rows (N >= stored + new distinct rows): an N x D .npy array,"
          + " or the UCI Letter Recognition file letter-recognition.data (detected by its"
          + " content: a capital letter and 16 integers 0..15 a line; the letters are dropped)."
          + " Normalised to [0, 1/sqrt(D)] as in the paper. Default: synthetic Letter stand-in"
          + " (900 x 16).")
  Path data;

  @Option(names = "--k", paramLabel = "K", description = "Stored patterns (default 500).")
  Integer k;

  @Option(names = "--new", paramLabel = "N", description = "New patterns used as queries (default 400).")
  Integer fresh;

  @Option(names = "--features", paramLabel = "F,...", split = ",",
      description = "Bases to compare (default cos,sincos,exp,expexp).")
  String[] features;

  @Option(names = "--betas", paramLabel = "B,...", split = ",",
      description = "Inverse temperatures (default 1,10,30,100,300 small;"
          + " 1,5,10,20,30,40,50,60,100,200,600 paper).")
  double[] betas;

  @Option(names = "--ys", paramLabel = "Y,...", split = ",",
      description = "Feature dimensions, lengths of T (default 1000,4000,16000,64000 small;"
          + " 40000,80000,160000,275000,400000,800000 paper).")
  int[] ys;

  @Override
  public Integer call() throws Exception {
    Fig6.Data d;
    if (data != null && Datasets.isLetters(data)) {
      Table t = Datasets.table(data, Integer.MAX_VALUE);
      d = new Fig6.Data(data.toString(), t.values(), t.rows(), t.d());
    } else if (data != null) {
      Vectors m = Cli.readFinite(data, "--data");
      d = new Fig6.Data(data.toString(), m.toArray(), m.count(), m.dim());
    } else {
      d = Fig6.syntheticLetters(common.seed);
    }
    Fig6.Config base = Fig6.Config.of(common.scale(), d, common.seed);
    String[] bases = base.bases();
    if (features != null) {
      bases = new String[features.length];
      for (int i = 0; i < features.length; i++) {
        bases[i] = FeatureSpec.basisName(features[i]);
      }
    }
    Fig6.Config c = new Fig6.Config(d, k != null ? k : base.k(),
        fresh != null ? fresh : base.fresh(), bases, betas != null ? betas : base.betas(),
        ys != null ? ys : base.ys(), common.seed);
    common.checkOut();
    Fig6.normalise(d); // rejects constant data before any work
    return common.runFigure(c);
  }
}
