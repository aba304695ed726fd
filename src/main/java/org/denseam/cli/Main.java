package org.denseam.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dam} command line. Errors in the input (bad shapes, NaN/Inf, β ≤ 0, Y ≤ 0, missing or
 * damaged files) print one message on stderr and exit with status 2, leaving no output file.
 */
@Command(
    name = "dam",
    mixinStandardHelpOptions = true,
    version = "dam 0.1.0",
    description = "Dense Associative Memory: exact MrDAM and random-feature DrDAM retrieval.",
    subcommands = {
      EnergyCommand.class,
      GradCommand.class,
      RetrieveCommand.class,
      StoreCommand.class,
      DemoCommand.class,
      DevicesCommand.class,
      SparseCommand.class,
      ExperimentCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit status for bad input or a failed command. */
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The root command; use {@link #execute(String...)} to run the CLI. */
  public Main() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /**
   * Runs the CLI and returns its exit status instead of exiting.
   *
   * @param args command-line arguments
   * @return 0 on success, 2 on bad input or failure
   */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    for (Extension e : java.util.ServiceLoader.load(Extension.class)) {
      cl.addSubcommand(e);
    }
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
      cmd.getErr().println("dam: error: " + msg);
      if (System.getenv("DAM_DEBUG") != null) {
        StringWriter sw = new StringWriter();
        ex.printStackTrace(new PrintWriter(sw));
        cmd.getErr().println(sw);
      }
      return EXIT_BAD_INPUT;
    });
    return cl.execute(args);
  }

  /**
   * Entry point.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
