package org.denseam.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of the {@code dam} CLI with what it printed.
 *
 * @param code the exit status
 * @param out standard output
 * @param err standard error
 */
public record DamRun(int code, String out, String err) {
  /**
   * Runs {@code dam args...} through {@link Main#execute}, capturing stdout and stderr.
   *
   * @param args the command line
   * @return the status and the captured output
   */
  public static DamRun of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(args);
      return new DamRun(code, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
