package org.denseam.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.denseam.api.AtomicOutput;

/**
 * Where a {@code dam} command may write: the one policy of every command's outputs, those of
 * {@code dam spark} included. Checked before any work, so that a refused output costs nothing and
 * changes nothing. An output is refused when it
 *
 * <ul>
 *   <li>is, or is inside, an input (a file, or a directory of shards): it would overwrite it;
 *   <li>is the same file as another output;
 *   <li>is (or is a link to) a special file: a device such as {@code /dev/null}, a FIFO, a socket;
 *       outputs are written to a temporary file renamed over the target, which would replace it;
 *   <li>is a directory where a file is written, or an existing non-directory where a directory
 *       is.
 * </ul>
 *
 * <p>Paths are compared once resolved: symbolic links, {@code ..} and relative paths are followed
 * to the real path (of the deepest existing ancestor for a path that does not exist yet), and two
 * names of one file (hard links) are the same file.
 */
public final class OutputPolicy {
  private final List<Object[]> outputs = new ArrayList<>();
  private final List<Object[]> inputs = new ArrayList<>();

  private OutputPolicy() {}

  /** Starts a check. @return an empty policy check */
  public static OutputPolicy check() {
    return new OutputPolicy();
  }

  /**
   * Adds an output file.
   *
   * @param option the option that names it, e.g. {@code --out}
   * @param path the path; null is skipped
   * @return this
   */
  public OutputPolicy file(String option, Path path) {
    if (path != null) {
      outputs.add(new Object[] {option, path, false});
    }
    return this;
  }

  /**
   * Adds an output directory (created if missing; the command writes files inside it).
   *
   * @param option the option that names it
   * @param path the path; null is skipped
   * @return this
   */
  public OutputPolicy directory(String option, Path path) {
    if (path != null) {
      outputs.add(new Object[] {option, path, true});
    }
    return this;
  }

  /**
   * Adds an input: a file, or a directory of shards (nothing inside it may be written).
   *
   * @param option the option that names it, e.g. {@code --queries}
   * @param path the path; null is skipped
   * @return this
   */
  public OutputPolicy input(String option, Path path) {
    if (path != null) {
      inputs.add(new Object[] {option, path});
    }
    return this;
  }

  /**
   * Applies the policy.
   *
   * @throws IllegalArgumentException naming the output, and the input it would overwrite, if it
   *     is refused
   * @throws IOException if a path cannot be resolved
   */
  public void verify() throws IOException {
    for (int i = 0; i < outputs.size(); i++) {
      String opt = (String) outputs.get(i)[0];
      Path out = (Path) outputs.get(i)[1];
      boolean dir = (Boolean) outputs.get(i)[2];
      String kind = AtomicOutput.specialKind(out);
      if (kind != null) {
        throw new IllegalArgumentException(opt + " " + show(out) + " is " + kind
            + (dir ? ", not a directory" : ", not a regular file")
            + ": it is not written to; choose a file name");
      }
      if (dir && Files.exists(out) && !Files.isDirectory(out)) {
        throw new IllegalArgumentException(opt + " " + show(out)
            + " exists and is not a directory");
      }
      if (!dir && Files.isDirectory(out)) {
        throw new IllegalArgumentException(opt + " " + show(out) + " is a directory");
      }
      Path realOut = real(out);
      for (Object[] in : inputs) {
        overlap(opt, out, realOut, (String) in[0], (Path) in[1], true);
      }
      for (int j = 0; j < outputs.size(); j++) {
        if (j != i) {
          overlap(opt, out, realOut, (String) outputs.get(j)[0], (Path) outputs.get(j)[1], false);
        }
      }
    }
  }

  private static void overlap(String opt, Path out, Path realOut, String otherOpt, Path other,
      boolean input) throws IOException {
    Path realOther = real(other);
    boolean same = realOut.equals(realOther)
        || (Files.exists(out) && Files.exists(other) && Files.isSameFile(out, other));
    if (same) {
      throw new IllegalArgumentException(opt + " " + show(out) + " is the same "
          + (Files.isDirectory(other) ? "directory" : "file") + " as " + otherOpt + " "
          + show(other) + (input ? ": it would overwrite the input" : "")
          + "; choose another name");
    }
    if (input && realOut.startsWith(realOther) && Files.isDirectory(realOther)) {
      throw new IllegalArgumentException(opt + " " + show(out) + " is inside " + otherOpt + " "
          + show(other) + ": it would overwrite the input; choose another name");
    }
  }

  /**
   * The real path of a path that may not exist yet: the real path of its deepest existing
   * ancestor (links followed) with the rest of the name, {@code ..} resolved.
   */
  static Path real(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      real = existing; // a magic link of /proc (a pipe): compared as named
    }
    return real.resolve(existing.relativize(abs)).normalize();
  }

  /**
   * A file name as messages show it: as it is, unless it holds a control character (a newline,
   * an escape, ...) or a quote, when it is quoted with those characters escaped, so that an error
   * stays on one line and shows the whole name.
   *
   * @param p the path
   * @return the name to print
   */
  public static String show(Object p) {
    String s = String.valueOf(p);
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = !Character.isISOControl(c) && c != '\'' && c != '\u2028' && c != '\u2029';
    }
    return plain ? s : "'" + escape(s, true) + "'";
  }

  /**
   * Escapes control characters: {@code \n}, {@code \r}, {@code \t}, others as {@code \xNN} (or
   * {@code \\uNNNN}).
   *
   * @param s the text
   * @param quote whether backslashes and single quotes are escaped too (inside quotes)
   * @return the text on one line
   */
  static String escape(String s, boolean quote) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\\' -> b.append(quote ? "\\\\" : "\\");
        case '\'' -> b.append(quote ? "\\'" : "'");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            b.append(c < 0x100 ? String.format("\\x%02x", (int) c)
                : String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
