package org.denseam.cli;

import java.util.Map;
import org.denseam.experiments.Completion;
import picocli.CommandLine.Command;

/**
 * {@code dam experiment fig2 --images SRC --out DIR}: Figure 2 of the DrDAM paper at its settings,
 * each an option (see the command's description and {@link CompletionCommand}). Writes {@code
 * fig2.png}, {@code fig2.csv}, {@code fig2-energy.csv} and {@code fig2-energy.png}.
 */
@Command(name = "fig2", mixinStandardHelpOptions = true,
    defaultValueProvider = Fig2Command.Defaults.class,
    description = "Figure 2 of the DrDAM paper: 20 colour images of 64x64x3 (D = 12288), the"
        + " bottom 40%% occluded and the top clamped; beta = 60; SinCos features, the paper's"
        + " 200000 projections (Y = 400000, the length of T); 1000 steps of 0.1."
        + " Writes the image grid (occluded / DrDAM / MrDAM / original) in colour, the energy"
        + " traces and one line per image.")
final class Fig2Command extends CompletionCommand {
  /** The paper's settings for Figure 2. */
  static final class Defaults extends CompletionCommand.Defaults {
    /** The defaults. */
    Defaults() {
      super(Map.ofEntries(Map.entry("--size", "64"), Map.entry("--channels", "3"),
          Map.entry("--count", "20"), Map.entry("--occlude", "0.4"),
          Map.entry("--beta", "60"), Map.entry("--dim", "400000"),
          Map.entry("--features", "sincos"), Map.entry("--projection", "gaussian"),
          Map.entry("--steps", "1000"), Map.entry("--eta", "0.1"), Map.entry("--seed", "1"),
          Map.entry("--backend", "jvm")));
    }
  }

  @Override
  String prefix() {
    return "fig2";
  }

  @Override
  Completion.Images builtIn() {
    throw new IllegalArgumentException("fig2 needs --images SRC (the images to store)");
  }
}
