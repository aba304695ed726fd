package org.denseam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds where the command line, the benchmarks and the Spark module use internal classes of the
 * core library, and reads and writes the list of those uses that are allowed ({@link #ALLOWLIST}).
 *
 * <p>The core's packages are the folders of {@code src/main/java} and {@code src/main/java22} that
 * hold Java files; all of them are internal except {@link #PUBLIC}, the API and the backend SPI
 * (that package itself, not its subpackages). A use is an {@code import} (static, single-type or
 * on demand), a fully qualified name in code ({@code org.denseam.features.Basis.parse(...)}), or a
 * {@code package} declaration in a core package; comments and string literals do not count. Each
 * use is recorded as the file, relative to the repository root, and the top-level class used
 * ({@code org.denseam.sparse.Cccp} for {@code org.denseam.sparse.Cccp.Result}; {@code
 * org.denseam.features.*} for an on-demand import or a package declaration).
 *
 * <p>Depends on the JDK alone, so that {@code scripts/list-internal-imports} can run it as a
 * source file: {@code java ArchitectureScan.java [repository root]} prints the current uses in
 * the allowlist's format, keeping each file under the category it has in the allowlist.
 */
public final class ArchitectureScan {
  /** The modules' source folders that may use only the public packages, from the repository root. */
  public static final List<String> SCANNED =
      List.of("cli/src/main/java", "bench/src/main/java", "spark/src/main/java");
  /** The core library's source folders, from the repository root. */
  public static final List<String> CORE = List.of("src/main/java", "src/main/java22");
  /** The core packages other modules may use. */
  public static final Set<String> PUBLIC = Set.of("org.denseam.api", "org.denseam.backend");
  /** The allowlist, from the repository root. */
  public static final String ALLOWLIST = "docs/architecture-exceptions.txt";
  /** Starts a category in the allowlist: {@code # == title}. */
  static final String CATEGORY = "# == ";
  /** Where the list puts files that have no category yet. */
  static final String NEW_CATEGORY = "not yet categorised: move each file under its category, "
      + "or better, use org.denseam.api instead";

  private static final Pattern QUALIFIED =
      Pattern.compile("(?<![\\w.$])org\\.denseam((?:\\s*\\.\\s*[\\p{L}_$][\\p{L}\\p{N}_$]*)+)(\\s*\\.\\s*\\*)?");
  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.\\s]+?)\\s*;");
  private static final Pattern ENTRY = Pattern.compile("(\\S+) -> (org\\.denseam\\.\\S+)");

  private ArchitectureScan() {}

  /**
   * One use of an internal class.
   *
   * @param file the source file, relative to the repository root, with {@code /} separators
   * @param type the top-level class used, or {@code package.*}
   * @param line the first line (from 1) where the file uses it
   */
  public record Use(String file, String type, int line) {
    /**
     * The use as an allowlist entry.
     *
     * @return {@code file -> type}
     */
    public String entry() {
      return file + " -> " + type;
    }
  }

  /**
   * The repository root: the working directory or the nearest folder above it that holds the core
   * library's sources and the command line's module.
   *
   * @param start where to start looking, e.g. the working directory of a module's tests
   * @return the root
   * @throws IllegalStateException if no folder above start qualifies
   */
  public static Path root(Path start) {
    for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("src/main/java/org/denseam"))
          && Files.isRegularFile(p.resolve("cli/pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (src/main/java/org/denseam and cli/pom.xml) "
        + "at or above " + start.toAbsolutePath());
  }

  /**
   * The core packages, found as folders holding Java files under {@link #CORE}.
   *
   * @param root the repository root
   * @return the package names, sorted
   */
  public static Set<String> corePackages(Path root) {
    Set<String> out = new TreeSet<>();
    for (String dir : CORE) {
      Path base = root.resolve(dir);
      for (Path f : javaFiles(base)) {
        Path rel = base.relativize(f.getParent());
        out.add(rel.toString().replace(rel.getFileSystem().getSeparator(), "."));
      }
    }
    return out;
  }

  /**
   * The internal core packages: {@link #corePackages} less {@link #PUBLIC}.
   *
   * @param root the repository root
   * @return the package names, sorted
   */
  public static Set<String> internalPackages(Path root) {
    Set<String> out = corePackages(root);
    out.removeAll(PUBLIC);
    return out;
  }

  /**
   * Every use of an internal class in the source files of {@link #SCANNED}.
   *
   * @param root the repository root
   * @return the uses, one per file and class, ordered by file and class
   */
  public static List<Use> scan(Path root) {
    Set<String> internal = internalPackages(root);
    List<Use> out = new ArrayList<>();
    for (String dir : SCANNED) {
      for (Path f : javaFiles(root.resolve(dir))) {
        String file = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
        out.addAll(uses(file, read(f), internal));
      }
    }
    out.sort((a, b) -> a.entry().compareTo(b.entry()));
    return out;
  }

  /**
   * The uses of internal classes in one source file.
   *
   * @param file the file's name, as the uses should report it
   * @param source the file's text
   * @param internal the internal packages
   * @return one use per class, in order of the class name
   */
  public static List<Use> uses(String file, String source, Set<String> internal) {
    String code = code(source);
    Map<String, Integer> first = new TreeMap<>();
    Matcher pkg = PACKAGE.matcher(code);
    if (pkg.find()) {
      String name = pkg.group(1).replaceAll("\\s", "");
      if (internal.contains(name)) {
        first.putIfAbsent(name + ".*", lineOf(code, pkg.start(1)));
      }
    }
    Matcher m = QUALIFIED.matcher(code);
    while (m.find()) {
      String[] parts = m.group(1).replaceAll("\\s", "").substring(1).split("\\.");
      StringBuilder p = new StringBuilder("org.denseam");
      String type = null;
      for (String s : parts) {
        if (Character.isUpperCase(s.charAt(0))) {
          type = s;
          break;
        }
        p.append('.').append(s);
      }
      String used;
      if (type != null) {
        used = p + "." + type;
      } else if (m.group(2) != null) {
        used = p + ".*";
      } else {
        continue; // a package name alone, e.g. in a package declaration
      }
      if (internal.contains(p.toString())) {
        first.putIfAbsent(used, lineOf(code, m.start()));
      }
    }
    List<Use> out = new ArrayList<>();
    first.forEach((type, line) -> out.add(new Use(file, type, line)));
    return out;
  }

  /**
   * The source with comments and the contents of string, text-block and character literals
   * replaced by spaces; line breaks are kept, so offsets and line numbers are those of the source.
   *
   * @param source Java source text
   * @return the code alone
   */
  public static String code(String source) {
    char[] c = source.toCharArray();
    int i = 0, n = c.length;
    while (i < n) {
      if (c[i] == '/' && i + 1 < n && c[i + 1] == '/') {
        while (i < n && c[i] != '\n') {
          c[i++] = ' ';
        }
      } else if (c[i] == '/' && i + 1 < n && c[i + 1] == '*') {
        c[i++] = ' ';
        c[i++] = ' ';
        while (i < n && !(c[i] == '*' && i + 1 < n && c[i + 1] == '/')) {
          blank(c, i++);
        }
        for (int k = 0; k < 2 && i < n; k++) {
          c[i++] = ' ';
        }
      } else if (c[i] == '"' && i + 2 < n && c[i + 1] == '"' && c[i + 2] == '"') {
        i += 3;
        while (i < n && !(c[i] == '"' && i + 2 < n && c[i + 1] == '"' && c[i + 2] == '"')) {
          if (c[i] == '\\' && i + 1 < n) {
            blank(c, i++);
          }
          blank(c, i++);
        }
        i += 3;
      } else if (c[i] == '"' || c[i] == '\'') {
        char q = c[i++];
        while (i < n && c[i] != q && c[i] != '\n') {
          if (c[i] == '\\' && i + 1 < n) {
            blank(c, i++);
          }
          blank(c, i++);
        }
        i++;
      } else {
        i++;
      }
    }
    return new String(c);
  }

  /**
   * Reads the allowlist: its entries by category, in the file's order. Lines starting with
   * {@code #} are comments, except {@code # == title}, which starts a category; blank lines are
   * skipped; every other line must be an entry {@code file -> org.denseam.Type}.
   *
   * @param text the allowlist's text
   * @return category title to entries (entries before the first category under "")
   * @throws IllegalArgumentException on a malformed line
   */
  public static Map<String, List<String>> allowlist(String text) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String category = "";
    int no = 0;
    for (String line : text.split("\n", -1)) {
      no++;
      String s = line.strip();
      if (s.startsWith(CATEGORY.strip())) {
        category = s.substring(CATEGORY.strip().length()).strip();
        out.computeIfAbsent(category, k -> new ArrayList<>());
      } else if (!s.isEmpty() && !s.startsWith("#")) {
        if (!ENTRY.matcher(s).matches()) {
          throw new IllegalArgumentException(
              ALLOWLIST + ":" + no + ": not 'file -> org.denseam.Class': " + line);
        }
        out.computeIfAbsent(category, k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }

  /**
   * The uses the allowlist does not list.
   *
   * @param uses the current uses
   * @param allowed the allowlist's entries by category
   * @return one line per use, {@code file:line uses the core's internal type}
   */
  public static List<String> unlisted(List<Use> uses, Map<String, List<String>> allowed) {
    Set<String> ok = new TreeSet<>();
    allowed.values().forEach(ok::addAll);
    List<String> out = new ArrayList<>();
    for (Use u : uses) {
      if (!ok.contains(u.entry())) {
        out.add(u.file() + ":" + u.line() + " uses the core's internal " + u.type());
      }
    }
    return out;
  }

  /**
   * The allowlist's entries that no current use matches.
   *
   * @param uses the current uses
   * @param allowed the allowlist's entries by category
   * @return the stale entries, in the list's order
   */
  public static List<String> stale(List<Use> uses, Map<String, List<String>> allowed) {
    Set<String> used = new TreeSet<>();
    uses.forEach(u -> used.add(u.entry()));
    List<String> out = new ArrayList<>();
    allowed.values().forEach(es -> es.stream().filter(e -> !used.contains(e)).forEach(out::add));
    return out;
  }

  /**
   * The allowlist that lists exactly the given uses: the old list's leading comment, then each
   * category of the old list with the current entries of its files (a category left empty is
   * dropped), then the files the old list does not know under {@link #NEW_CATEGORY}.
   *
   * @param old the allowlist's current text
   * @param uses the current uses
   * @return the new text
   */
  public static String format(String old, List<Use> uses) {
    Map<String, List<String>> categories = allowlist(old);
    Map<String, String> categoryOf = new TreeMap<>();
    categories.forEach((title, entries) -> {
      for (String e : entries) {
        categoryOf.putIfAbsent(e.substring(0, e.indexOf(" -> ")), title);
      }
    });
    Map<String, Set<String>> current = new LinkedHashMap<>();
    for (String title : categories.keySet()) {
      current.put(title, new TreeSet<>());
    }
    for (Use u : uses) {
      String title = categoryOf.getOrDefault(u.file(), NEW_CATEGORY);
      current.computeIfAbsent(title, k -> new TreeSet<>()).add(u.entry());
    }
    StringBuilder sb = new StringBuilder();
    for (String line : old.split("\n", -1)) {
      if (line.strip().startsWith(CATEGORY.strip()) || ENTRY.matcher(line.strip()).matches()) {
        break;
      }
      sb.append(line).append('\n');
    }
    while (sb.length() > 1 && sb.charAt(sb.length() - 1) == '\n' && sb.charAt(sb.length() - 2) == '\n') {
      sb.setLength(sb.length() - 1);
    }
    current.forEach((title, entries) -> {
      if (entries.isEmpty()) {
        return;
      }
      if (!title.isEmpty()) {
        sb.append(sb.isEmpty() ? "" : "\n").append(CATEGORY).append(title).append('\n');
      }
      entries.forEach(e -> sb.append(e).append('\n'));
    });
    return sb.toString();
  }

  /**
   * Prints the current uses in the allowlist's format, the categories taken from the allowlist.
   *
   * @param args optionally the repository root (default: found from the working directory)
   */
  public static void main(String[] args) {
    Path root = root(args.length > 0 ? Path.of(args[0]) : Path.of(""));
    Path list = root.resolve(ALLOWLIST);
    String old = Files.exists(list) ? read(list) : "";
    System.out.print(format(old, scan(root)));
  }

  /**
   * Reads a UTF-8 text file.
   *
   * @param f the file
   * @return its text, line breaks as {@code \n}
   */
  static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> javaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void blank(char[] c, int i) {
    if (c[i] != '\n') {
      c[i] = ' ';
    }
  }

  private static int lineOf(String s, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
