package org.denseam.spark.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a failed Spark job back into the one-line message of its cause. */
final class Errors {
  private static final Pattern IAE =
      Pattern.compile("java\\.lang\\.IllegalArgumentException: ([^\\n]*)");

  private Errors() {}

  /**
   * The message to show for a failure: the message of the first {@link IllegalArgumentException}
   * (bad input, raised on the driver or in a task) in the cause chain, else the innermost message.
   */
  static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        Matcher m = IAE.matcher(t.getMessage());
        if (m.find()) {
          return m.group(1).trim();
        }
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.toString()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }
}
