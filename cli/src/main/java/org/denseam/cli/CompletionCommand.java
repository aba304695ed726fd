package org.denseam.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.experiments.Completion;
import org.denseam.experiments.Format;
import org.denseam.experiments.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The image-completion commands ({@code complete}, {@code fig1}, {@code fig2}): one set of options,
 * each command with its own defaults ({@link Defaults}). Each writes {@code PREFIX.png} (the grid
 * occluded / DrDAM / MrDAM / original), {@code PREFIX.csv} (one line per image), {@code
 * PREFIX-energy.csv} and {@code PREFIX-energy.png} (the energy traces), and prints one line per
 * image and the summary {@code DrDAM and MrDAM complete to the same stored image for N of M
 * images}.
 */
abstract class CompletionCommand implements Callable<Integer> {
  /**
   * The defaults of one completion command, by option name: picocli asks for them as it parses.
   */
  abstract static class Defaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> values;

    Defaults(Map<String, String> values) {
      this.values = values;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
      if (arg instanceof OptionSpec o) {
        for (String name : o.names()) {
          if (values.containsKey(name)) {
            return values.get(name);
          }
        }
      }
      return null;
    }
  }

  @Option(names = "--images", paramLabel = "SRC",
      description = "Images: a directory of PNG/JPEG files (by name), a Tiny ImageNet tree,"
          + " CIFAR-10 batches, MNIST IDX files or an NPY array (the format is detected; see"
          + " docs/datasets.md), centre-cropped and resampled to --size x --size.")
  Path images;

  @Option(names = "--size", paramLabel = "S",
      description = "Image width and height in pixels (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--channels", paramLabel = "C",
      description = "3 for colour (R, G, B), 1 for luminance (default ${DEFAULT-VALUE}); D ="
          + " S*S*C.")
  int channels;

  @Option(names = {"--count", "--max-images"}, paramLabel = "N",
      description = "Images stored and queried: the first N of --images (default"
          + " ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--occlude", paramLabel = "F",
      description = "Fraction of rows hidden at the bottom (default ${DEFAULT-VALUE}); the rest"
          + " is visible and clamped.")
  double occlude;

  @Option(names = "--beta", paramLabel = "B",
      description = "Inverse temperature (default ${DEFAULT-VALUE}).")
  double beta;

  @Option(names = "--dim", paramLabel = "Y",
      description = "DrDAM feature dimension, the length of T (default ${DEFAULT-VALUE}).")
  int y;

  @Option(names = "--features", paramLabel = "F",
      description = "DrDAM basis (default ${DEFAULT-VALUE}).")
  String features;

  @Option(names = "--projection", paramLabel = "P",
      description = "DrDAM's random projections: gaussian (the paper's) or sorf (default"
          + " ${DEFAULT-VALUE}).")
  String projection;

  @Option(names = "--steps", paramLabel = "L",
      description = "Descent steps (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--eta", paramLabel = "H",
      description = "Step size (default ${DEFAULT-VALUE}).")
  double eta;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the random projections (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "jvm, reference or tornado (default ${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Output directory (created if missing).")
  Path out;

  @Option(names = "--no-progress", description = "Do not draw the progress bar on stderr.")
  boolean noProgress;

  /** File name prefix of the outputs, and the progress bar's label. */
  abstract String prefix();

  /** The images when --images is not given; fails if the command needs --images. */
  abstract Completion.Images builtIn();

  /** The images of --images. */
  Completion.Images read() throws java.io.IOException {
    return Completion.read(images, size, count, channels);
  }

  @Override
  public Integer call() throws Exception {
    Cli.checkOutDir(out, "--images", images);
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("--channels must be 1 or 3, not " + channels);
    }
    Completion.Images im = images == null ? builtIn() : read();
    Completion.Config c = new Completion.Config(im, beta, y, FeatureSpec.basisName(features),
        projection, steps, eta, occlude, seed);
    Engine be = DenseAM.open(backend);
    try {
      System.out.println("Image completion: " + c.describe() + "; backend " + be.backend());
      Progress p = noProgress ? Progress.silent() : new Progress(System.err, prefix(), 11);
      Completion.Result r = Completion.run(c, be, p);
      p.finish();
      Files.createDirectories(out);
      List<Path> files = Completion.write(out, prefix(), r);
      System.out.printf(Locale.ROOT, "%-16s %12s %12s %12s %16s %16s%n", "image",
          "rms Dr-Mr", "rms Mr-orig", "rms Dr-orig", "Mr ->", "Dr ->");
      int same = 0;
      for (Completion.Agreement a : Completion.agreement(r)) {
        System.out.printf(Locale.ROOT, "%-16s %12.4f %12.4f %12.4f %16s %16s%n", a.label(),
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
