package org.denseam.cli;

import java.util.Map;
import org.denseam.experiments.Completion;
import picocli.CommandLine.Command;

/**
 * {@code dam experiment fig1 --images SRC --out DIR}: Figure 1 of the DrDAM paper at its settings,
 * each an option (see the command's description and {@link CompletionCommand}). Writes {@code
 * fig1.png}, {@code fig1.csv}, {@code fig1-energy.csv} and {@code fig1-energy.png}.
 */
@Command(name = "fig1", mixinStandardHelpOptions = true,
    defaultValueProvider = Fig1Command.Defaults.class,
    description = "Figure 1 of the DrDAM paper: 4 colour images of 64x64x3 (D = 12288), the"
        + " bottom two thirds occluded and the top third clamped; beta = 60; SinCos features,"
        + " the paper's 180000 projections (Y = 360000, the length of T); 300 steps of 0.1."
        + " Writes the image grid (occluded / DrDAM / MrDAM / original) in colour, the energy"
        + " traces and one line per image.")
final class Fig1Command extends CompletionCommand {
  /** The paper's settings for Figure 1. */
  static final class Defaults extends CompletionCommand.Defaults {
    /** The defaults. */
    Defaults() {
      super(Map.ofEntries(Map.entry("--size", "64"), Map.entry("--channels", "3"),
          Map.entry("--count", "4"), Map.entry("--occlude", "0.667"),
          Map.entry("--beta", "60"), Map.entry("--dim", "360000"),
          Map.entry("--features", "sincos"), Map.entry("--projection", "gaussian"),
          Map.entry("--steps", "300"), Map.entry("--eta", "0.1"), Map.entry("--seed", "1"),
          Map.entry("--backend", "jvm")));
    }
  }

  @Override
  String prefix() {
    return "fig1";
  }

  @Override
  Completion.Images builtIn() {
    throw new IllegalArgumentException("fig1 needs --images SRC (the images to store)");
  }
}
