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
import org.denseam.experiments.Format;
import org.denseam.experiments.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam experiment complete}: image completion with MrDAM and DrDAM, in the spirit of Figures
 * 1 and 2 of the DrDAM paper. Writes {@code complete.png}, {@code complete.csv}, {@code
 * complete-energy.csv} and {@code complete-energy.png}.
 */
@Command(name = "complete", mixinStandardHelpOptions = true,
    description = "Image completion (DrDAM paper, Figures 1-2): store grayscale images, occlude the"
        + " bottom of each, clamp the visible pixels and retrieve with MrDAM and DrDAM; writes the"
        + " image grid (occluded / DrDAM / MrDAM / original) and the energy traces.")
final class CompleteCommand implements Callable<Integer> {
  @Option(names = "--images", paramLabel = "DIR",
      description = "Directory of PNG images (converted to grayscale and resampled to"
          + " --size x --size). Default: ten built-in procedurally drawn shapes.")
  Path images;

  @Option(names = "--size", paramLabel = "S", defaultValue = "32",
      description = "Image width and height in pixels (default ${DEFAULT-VALUE}; D = S*S).")
  int size;

  @Option(names = "--max-images", paramLabel = "N", defaultValue = "16",
      description = "Most images read from --images, first by name (default ${DEFAULT-VALUE}).")
  int maxImages;

  @Option(names = "--occlude", paramLabel = "F", defaultValue = "0.5",
      description = "Fraction of rows hidden at the bottom (default ${DEFAULT-VALUE}; Figure 1"
          + " hides two thirds, 0.667, Figure 2 40%%).")
  double occlude;

  @Option(names = "--beta", paramLabel = "B", defaultValue = "60",
      description = "Inverse temperature (default ${DEFAULT-VALUE}, as in Figure 1).")
  double beta;

  @Option(names = "--dim", paramLabel = "Y", defaultValue = "100000",
      description = "DrDAM feature dimension, length of T (default ${DEFAULT-VALUE}).")
  int y;

  @Option(names = "--features", paramLabel = "F", defaultValue = "sincos",
      description = "DrDAM basis (default ${DEFAULT-VALUE}).")
  String features;

  @Option(names = "--steps", paramLabel = "L", defaultValue = "60",
      description = "Descent steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--eta", paramLabel = "H", defaultValue = "0.2",
      description = "Step size (default ${DEFAULT-VALUE}).")
  double eta;

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
    Completion.Images im = images == null
        ? Completion.builtIn(size) : Completion.read(images, size, maxImages);
    Completion.Config c = new Completion.Config(im, beta, y, FeatureSpec.basisName(features),
        steps, eta, occlude, seed);
    Engine be = DenseAM.open(backend);
    try {
      System.out.println("Image completion: " + c.describe() + "; backend " + be.backend());
      Progress p = noProgress ? Progress.silent() : new Progress(System.err, "complete", 11);
      Completion.Result r = Completion.run(c, be, p);
      p.finish();
      Files.createDirectories(out);
      List<Path> files = Completion.write(out, r);
      System.out.printf(Locale.ROOT, "%-12s %12s %12s %12s %10s %10s%n", "image",
          "rms Dr-Mr", "rms Mr-orig", "rms Dr-orig", "Mr ->", "Dr ->");
      int same = 0;
      for (Completion.Agreement a : Completion.agreement(r)) {
        System.out.printf(Locale.ROOT, "%-12s %12.4f %12.4f %12.4f %10s %10s%n", a.label(),
            a.rmsDrdamMrdam(), a.rmsMrdamOriginal(), a.rmsDrdamOriginal(),
            im.labels().get(a.nearestMrdam()), im.labels().get(a.nearestDrdam()));
        same += a.nearestMrdam() == a.nearestDrdam() ? 1 : 0;
      }
      System.out.printf(Locale.ROOT,
          "(rms over the occluded pixels, in [0, 1]; '->' is the stored image nearest to the fixed"
              + " point)%nDrDAM and MrDAM complete to the same stored image for %d of %d images;"
              + " finished in %s; wrote %s%n",
          same, im.count(), Format.duration(r.seconds()), files);
      return 0;
    } finally {
      be.close();
    }
  }
}
