package org.denseam.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
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
    description = "Dense Associative Memory: exact MrDAM and random-feature DrDAM retrieval.")
public final class Main implements Runnable {
  /**
   * The subcommands, in the order of the usage message. Only the one named on the command line is
   * registered (building picocli's model of every command takes longer than most commands run);
   * all of them for help, no command or an unknown one.
   */
  private static final Class<?>[] COMMANDS = {
    EnergyCommand.class,
    GradCommand.class,
    RetrieveCommand.class,
    StoreCommand.class,
    DemoCommand.class,
    DevicesCommand.class,
    SparseCommand.class,
    ExperimentCommand.class,
    BenchCommand.class,
    TuneCommand.class,
    CommandLine.HelpCommand.class
  };

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
   * The command line for a first argument: only the command it names (building picocli's model of
   * every command takes longer than most commands run), or all of them, those of other modules on
   * the class path included, for help, no command or an unknown one.
   *
   * @param first the first argument, or null
   * @return the root command with its subcommands
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    Class<?> only = null;
    for (Class<?> c : COMMANDS) {
      if (first != null && c != CommandLine.HelpCommand.class
          && c.getAnnotation(Command.class).name().equals(first)) {
        only = c;
      }
    }
    for (Class<?> c : COMMANDS) {
      if ((only == null || c == only) && c != CommandLine.HelpCommand.class) {
        cl.addSubcommand(c);
      }
    }
    if (only == null) { // subcommands of other modules on the class path (dam spark)
      for (Extension e : java.util.ServiceLoader.load(Extension.class)) {
        cl.addSubcommand(e);
      }
      if (!cl.getSubcommands().containsKey(SparkPlaceholder.NAME)) {
        cl.addSubcommand(new SparkPlaceholder());
      }
      cl.addSubcommand(CommandLine.HelpCommand.class);
    }
    return cl;
  }

  /**
   * Runs the CLI and returns its exit status instead of exiting.
   *
   * @param args command-line arguments
   * @return 0 on success, 2 on bad input or failure
   */
  public static int execute(String... args) {
    CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> fail(cmd.getErr(), message(ex), ex));
    cl.setParameterExceptionHandler((ex, argv) -> {
      CommandLine cmd = ex.getCommandLine();
      String name = cmd.getCommandSpec().qualifiedName();
      String msg = firstLine(ex.getMessage());
      // An unknown option is the real problem even when required options are missing too.
      CommandLine.ParseResult pr = cmd.getParseResult();
      if (!(ex instanceof CommandLine.UnmatchedArgumentException) && pr != null
          && !pr.unmatched().isEmpty()) {
        msg = "Unknown option or argument: '" + pr.unmatched().get(0) + "'";
      }
      return fail(cmd.getErr(), msg + " (see '" + name + " --help')", ex);
    });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // Released by now: the arrays that did not fit are gone with the failed command.
      return fail(cl.getErr(), "out of memory (" + e.getMessage() + "): the JVM may use at most "
          + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; use smaller sizes, or give it more"
          + " heap (e.g. DAM_JAVA_OPTS=-Xmx16g for ./dam)", e);
    }
  }

  /**
   * {@code dam spark} where the denseam-spark module is not on the class path: listed in the usage
   * message like the other commands, and any use of it says how to get the real one.
   */
  @Command(name = SparkPlaceholder.NAME,
      description = "Run store, energy, grad and retrieve on Apache Spark over sharded memories "
          + "and queries (module denseam-spark, which ./dam puts on the class path for 'dam "
          + "spark' and 'dam help spark').")
  static final class SparkPlaceholder implements Runnable {
    static final String NAME = "spark";

    @CommandLine.Unmatched java.util.List<String> args;

    @Override
    public void run() {
      throw new IllegalStateException("'dam spark' needs the denseam-spark module on the class "
          + "path: run it as './dam spark ...' or './dam help spark' (the launcher builds the "
          + "module on first use), or add spark/target/denseam-spark-0.1.0-SNAPSHOT.jar and "
          + "spark/target/lib/* to the class path");
    }
  }

  /** Prints the one-line error (and with DAM_DEBUG the stack trace); returns the exit status. */
  private static int fail(PrintWriter err, String msg, Throwable ex) {
    err.println("dam: error: " + msg);
    if (System.getenv("DAM_DEBUG") != null) {
      StringWriter sw = new StringWriter();
      ex.printStackTrace(new PrintWriter(sw));
      err.println(sw);
    }
    err.flush();
    return EXIT_BAD_INPUT;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "bad command line";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /**
   * A message on one line: control characters (a newline in a file name) escaped rather than cut
   * at, so that the whole name stays visible.
   */
  static String oneLine(String s) {
    return OutputPolicy.escape(s.strip(), false);
  }

  /** The message of a failure, with file-system errors spelled out. */
  static String message(Throwable ex) {
    if (ex instanceof java.nio.file.AccessDeniedException a) {
      return OutputPolicy.show(a.getFile()) + ": permission denied";
    }
    if (ex instanceof java.nio.file.NoSuchFileException n) {
      return OutputPolicy.show(n.getFile()) + ": no such file or directory";
    }
    if (ex instanceof java.nio.file.NotDirectoryException n) {
      return OutputPolicy.show(n.getFile()) + ": not a directory";
    }
    if (ex instanceof java.nio.file.FileSystemException f) {
      return OutputPolicy.show(f.getFile()) + ": " + oneLine(f.getReason() == null
          ? f.getClass().getSimpleName() : f.getReason());
    }
    if (ex instanceof OutOfMemoryError) {
      return "out of memory: the JVM may use at most " + (Runtime.getRuntime().maxMemory() >> 20)
          + " MiB; use smaller sizes, or give it more heap (e.g. DAM_JAVA_OPTS=-Xmx16g for ./dam)";
    }
    if (ex instanceof java.io.UncheckedIOException u && u.getCause() != null) {
      return message(u.getCause());
    }
    String msg = ex.getMessage();
    boolean userFacing = ex instanceof java.io.IOException
        || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
        || ex instanceof ArithmeticException || ex instanceof UnsupportedOperationException;
    if (!userFacing || msg == null || msg.isBlank()) {
      // An internal failure (a bug): its text means nothing to the user.
      return "internal error (" + ex.getClass().getSimpleName() + "); run with DAM_DEBUG=1 for"
          + " details and please report it";
    }
    return withAdvice(withFlags(oneLine(msg)));
  }

  /**
   * What the command line adds to a library message that tells a program what to put on its class
   * path: how {@code ./dam} does it.
   *
   * @param msg a message of the library
   * @return the message, with the command line's advice where it applies
   */
  static String withAdvice(String msg) {
    if (msg.contains("the TornadoVM kernels are not on the class path")) {
      return msg + ". With ./dam: install a TornadoVM SDK (5.2, JDK 25) and set TORNADOVM_HOME to"
          + " it; ./dam then builds the kernels and runs through TornadoVM (see 'dam devices')";
    }
    return msg;
  }

  /**
   * The flags that set the library's parameters where the flag's name is not the parameter's: the
   * library's messages name parameters as the paper does (Y, β, D, K), and a message that says
   * what one of these must be gets its flag added: "Y must be > 0" becomes "Y (--dim) must be >
   * 0".
   */
  private static final Map<String, String> FLAGS = Map.of("Y", "--dim");

  /** A library message with the flag of the parameter it starts with. */
  static String withFlags(String msg) {
    for (Map.Entry<String, String> f : FLAGS.entrySet()) {
      String p = f.getKey() + " must ";
      if (msg.startsWith(p)) {
        return f.getKey() + " (" + f.getValue() + ") " + msg.substring(f.getKey().length() + 1);
      }
    }
    return msg;
  }

  /**
   * Entry point.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    Prewarm.start(args);
    System.exit(execute(args));
  }
}
