package org.denseam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.experiments.Completion;
import org.denseam.experiments.Fig4b;
import org.denseam.experiments.Format;
import org.denseam.experiments.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment fig4b --images SRC --out DIR}: Figure 4B of the DrDAM paper. Writes {@code
 * fig4b.png} and {@code fig4b.csv}.
 */
@Command(name = "fig4b", mixinStandardHelpOptions = true,
    description = "DrDAM paper, Figure 4B: K images stored (default: the first 10 of --images, e.g."
        + " a CIFAR-10 batch, as 32x32x3, D = 3072); one of them, its bottom half masked and its"
        + " top half clamped, is retrieved by MrDAM at each beta and by DrDAM at each beta and Y."
        + " Draws the paper's panel (a row per beta: query, DrDAM as Y grows, MrDAM, original).")
final class Fig4bCommand implements Callable<Integer> {
  @Option(names = "--images", paramLabel = "SRC", required = true,
      description = "Images in any format of docs/datasets.md (CIFAR-10 batches, a PNG/JPEG"
          + " directory, Tiny ImageNet, IDX, NPY).")
  Path images;

  @Option(names = "--count", paramLabel = "K", defaultValue = "10",
      description = "Images stored: the first K (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--image", paramLabel = "I", defaultValue = "0",
      description = "Index of the stored image that is queried (default ${DEFAULT-VALUE}).")
  int image;

  @Option(names = "--size", paramLabel = "S", defaultValue = "32",
      description = "Width and height in pixels (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--channels", paramLabel = "C", defaultValue = "3",
      description = "3 for colour, 1 for luminance (default ${DEFAULT-VALUE}).")
  int channels;

  @Option(names = "--betas", paramLabel = "B,...", split = ",", defaultValue = "20,40,80",
      description = "Inverse temperatures, one row each (default ${DEFAULT-VALUE}).")
  double[] betas;

  @Option(names = "--ys", paramLabel = "Y,...", split = ",",
      defaultValue = "2000,10000,50000,200000",
      description = "DrDAM feature dimensions (lengths of T), one column each (default"
          + " ${DEFAULT-VALUE}).")
  int[] ys;

  @Option(names = "--features", paramLabel = "F", defaultValue = "sincos",
      description = "DrDAM basis (default ${DEFAULT-VALUE}).")
  String features;

  @Option(names = "--projection", paramLabel = "P", defaultValue = "gaussian",
      description = "gaussian (the paper's) or sorf (default ${DEFAULT-VALUE}).")
  String projection;

  @Option(names = "--steps", paramLabel = "L", defaultValue = "200",
      description = "Descent steps (default ${DEFAULT-VALUE}: with eta 0.1 the clamped descent"
          + " has contracted by 0.9^200 < 1e-9).")
  int steps;

  @Option(names = "--eta", paramLabel = "H", defaultValue = "0.1",
      description = "Step size (default ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--occlude", paramLabel = "F", defaultValue = "0.5",
      description = "Fraction of rows masked at the bottom (default ${DEFAULT-VALUE}).")
  double occlude;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed of the random projections (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
      description = "jvm (default), reference or tornado.")
  String backend;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Output directory (created if missing).")
  Path out;

  @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    Cli.checkOutDir(out, "--images", images);
    Completion.Images im = Completion.read(images, size, count, channels);
    Fig4b.Config c = new Fig4b.Config(im, image, betas, ys, FeatureSpec.basisName(features),
        projection, steps, eta, occlude, seed);
    Engine be = DenseAM.open(backend);
    try {
      System.out.println("Figure 4B: " + c.describe() + "; backend " + be.backend());
      Progress p = noProgress ? Progress.silent()
          : new Progress(System.err, "fig4b", c.betas().length * (c.ys().length + 1));
      Fig4b.Result r = Fig4b.run(c, be, p);
      p.finish();
      Files.createDirectories(out);
      List<Path> files = Fig4b.write(out, r);
      System.out.printf(Locale.ROOT, "%8s %8s %12s %12s %16s%n", "beta", "Y", "rms Dr-Mr",
          "rms to orig", "nearest");
      for (Fig4b.Point pt : r.points()) {
        System.out.printf(Locale.ROOT, "%8s %8s %12.4f %12.4f %16s%n", Format.num(pt.beta()),
            pt.y() == 0 ? "MrDAM" : Integer.toString(pt.y()), pt.rmsVsMrdam(),
            pt.rmsVsOriginal(), im.labels().get(pt.nearest()));
      }
      System.out.printf(Locale.ROOT, "(rms over the masked pixels, in [0, 1]); finished in %s;"
          + " wrote %s%n", Format.duration(r.seconds()), files);
      return 0;
    } finally {
      be.close();
    }
  }
}
