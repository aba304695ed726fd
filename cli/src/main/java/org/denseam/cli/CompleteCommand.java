package org.denseam.cli;

import java.util.Map;
import org.denseam.experiments.Completion;
import picocli.CommandLine.Command;

/**
 * {@code dam experiment complete}: image completion with MrDAM and DrDAM, in the spirit of Figures
 * 1 and 2 of the DrDAM paper, on small grayscale images (by default ten built-in shapes). Writes
 * {@code complete.png}, {@code complete.csv}, {@code complete-energy.csv} and {@code
 * complete-energy.png}.
 */
@Command(name = "complete", mixinStandardHelpOptions = true,
    defaultValueProvider = CompleteCommand.Defaults.class,
    description = "Image completion (DrDAM paper, Figures 1-2) at a small scale: store images,"
        + " occlude the bottom of each, clamp the visible pixels and retrieve with MrDAM and DrDAM;"
        + " writes the image grid (occluded / DrDAM / MrDAM / original) and the energy traces."
        + " Without --images: ten built-in grayscale shapes.")
final class CompleteCommand extends CompletionCommand {
  /** Defaults of {@code complete}. */
  static final class Defaults extends CompletionCommand.Defaults {
    /** The defaults. */
    Defaults() {
      super(Map.ofEntries(Map.entry("--size", "32"), Map.entry("--channels", "1"),
          Map.entry("--count", "16"), Map.entry("--occlude", "0.5"), Map.entry("--beta", "60"),
          Map.entry("--dim", "100000"), Map.entry("--features", "sincos"),
          Map.entry("--projection", "gaussian"), Map.entry("--steps", "60"),
          Map.entry("--eta", "0.2"), Map.entry("--seed", "1"), Map.entry("--backend", "jvm")));
    }
  }

  @Override
  String prefix() {
    return "complete";
  }

  @Override
  Completion.Images builtIn() {
    if (channels != 1) {
      throw new IllegalArgumentException("the built-in shapes are grayscale: --channels 1");
    }
    return Completion.builtIn(size);
  }
}
