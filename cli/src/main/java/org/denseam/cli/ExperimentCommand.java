package org.denseam.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code dam experiment}: reproductions of the papers' tables and figures, one subcommand each. To
 * add an experiment, write a {@code Callable<Integer>} command and list it in {@code subcommands}.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Reproduce a table or figure of the papers.",
    subcommands = {Table1Command.class, Fig3Command.class, Fig4aCommand.class,
        Fig5Command.class, Fig6Command.class, CompleteCommand.class, Fig1Command.class, Fig4bCommand.class,
        Fig2Command.class, SorfCommand.class})
final class ExperimentCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing experiment: one of " + spec.subcommands().keySet());
  }
}
