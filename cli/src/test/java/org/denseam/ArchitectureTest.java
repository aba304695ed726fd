package org.denseam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.denseam.ArchitectureScan.Use;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line, the benchmarks and the Spark module use the core library through its public
 * packages, {@code org.denseam.api} and the SPI {@code org.denseam.backend}, except for the uses
 * listed in {@code docs/architecture-exceptions.txt}: a new use of an internal class fails, and
 * so does an entry of the list that is no longer used, so the list only shrinks. {@code
 * scripts/list-internal-imports} prints the current uses in the list's format.
 */
class ArchitectureTest {
  static Path root;
  static List<Use> uses;
  static Map<String, List<String>> allowed;

  @BeforeAll
  static void scan() {
    root = ArchitectureScan.root(Path.of(""));
    uses = ArchitectureScan.scan(root);
    allowed = ArchitectureScan.allowlist(ArchitectureScan.read(root.resolve(ArchitectureScan.ALLOWLIST)));
  }

  @Test
  void noInternalUseOutsideTheAllowlist() {
    List<String> bad = ArchitectureScan.unlisted(uses, allowed);
    if (!bad.isEmpty()) {
      fail("the command line, the benchmarks and Spark may use only org.denseam.api and "
          + "org.denseam.backend (docs/architecture.md, 'What the command line and the benchmarks "
          + "may use'); use the public API instead of:\n  " + String.join("\n  ", bad)
          + "\n(a command that times a backend's kernels on purpose may be added to "
          + ArchitectureScan.ALLOWLIST + ")");
    }
  }

  @Test
  void noStaleAllowlistEntry() {
    List<String> stale = ArchitectureScan.stale(uses, allowed);
    if (!stale.isEmpty()) {
      fail(ArchitectureScan.ALLOWLIST + " lists uses that are gone; remove these lines "
          + "(scripts/list-internal-imports prints the list as it should be):\n  "
          + String.join("\n  ", stale));
    }
  }

  @Test
  void allowlistHasNoDuplicates() {
    Set<String> seen = new HashSet<>();
    List<String> dup = new ArrayList<>();
    allowed.values().forEach(es -> es.stream().filter(e -> !seen.add(e)).forEach(dup::add));
    assertTrue(dup.isEmpty(), "listed twice: " + dup);
  }

  @Test
  void theAllowlistIsWhatTheListerPrints() {
    // A missing or stale entry is reported by the tests above; here only the order and layout.
    assumeTrue(ArchitectureScan.unlisted(uses, allowed).isEmpty()
        && ArchitectureScan.stale(uses, allowed).isEmpty());
    String text = ArchitectureScan.read(root.resolve(ArchitectureScan.ALLOWLIST));
    assertEquals(text, ArchitectureScan.format(text, uses), "regenerate the list: "
        + "scripts/list-internal-imports > " + ArchitectureScan.ALLOWLIST);
  }

  @Test
  void scansTheModulesAndKnowsTheCorePackages() {
    for (String dir : ArchitectureScan.SCANNED) {
      assertTrue(Files.isDirectory(root.resolve(dir)), dir);
    }
    Set<String> internal = ArchitectureScan.internalPackages(root);
    for (String p : List.of("org.denseam", "org.denseam.features", "org.denseam.memory",
        "org.denseam.io", "org.denseam.sparse", "org.denseam.backend.jvm",
        "org.denseam.backend.reference")) {
      assertTrue(internal.contains(p), p + " in " + internal);
    }
    assertFalse(internal.contains("org.denseam.api"));
    assertFalse(internal.contains("org.denseam.backend"));
    assertTrue(ArchitectureScan.corePackages(root).containsAll(ArchitectureScan.PUBLIC));
    // The scan finds the kernel benchmarks' uses, which are allowed, not forbidden.
    assertTrue(uses.stream().anyMatch(u -> u.file().startsWith("bench/")), "bench scanned");
  }

  @Test
  void theScannerReportsEveryFormOfUse() {
    Set<String> internal = Set.of("org.denseam", "org.denseam.features", "org.denseam.memory",
        "org.denseam.sparse", "org.denseam.backend.jvm", "org.denseam.rng", "org.denseam.io");
    String src = String.join("\n",
        "package org.denseam.cli;",
        "",
        "import static org.denseam.Checks.positive;",
        "import org.denseam.api.Engine;",
        "import org.denseam.backend.Backend;",
        "import org.denseam.backend.jvm.JvmBackend;",
        "import org.denseam.experiments.Format;",
        "import org.denseam.memory.*;",
        "import org.denseam . sparse . Cccp;",
        "",
        "/** See {@link org.denseam.io.Npy}. */",
        "class X {",
        "  // org.denseam.rng.Philox in a comment",
        "  String s = \"org.denseam.rng.Philox in a string\";",
        "  String t = \"\"\"",
        "      org.denseam.rng.Philox in a text block",
        "      \"\"\";",
        "  char c = '\"';",
        "  Object b = org.denseam.features.Basis.parse(\"sincos\");",
        "  Object r = org.denseam.sparse.Cccp.Result.class;",
        "}");
    List<Use> found = ArchitectureScan.uses("cli/X.java", src, internal);
    Set<String> types = new TreeSet<>();
    found.forEach(u -> types.add(u.type()));
    assertEquals(new TreeSet<>(List.of("org.denseam.Checks", "org.denseam.backend.jvm.JvmBackend",
        "org.denseam.features.Basis", "org.denseam.memory.*", "org.denseam.sparse.Cccp")), types);
    for (Use u : found) {
      if (u.type().equals("org.denseam.features.Basis")) {
        assertEquals(19, u.line());
      }
    }
    // A class declared in a core package reaches its internals without an import.
    List<Use> split = ArchitectureScan.uses("bench/Y.java", "package org.denseam.memory;\nclass Y {}\n",
        internal);
    assertEquals(List.of(new Use("bench/Y.java", "org.denseam.memory.*", 1)), split);
  }

  @Test
  void anUnlistedUseAndAStaleEntryAreReported() {
    String list = "# header\n\n" + ArchitectureScan.CATEGORY + "kernels\n"
        + "bench/A.java -> org.denseam.memory.ExactMemory\n"
        + "bench/A.java -> org.denseam.memory.Gone\n";
    List<Use> now = List.of(new Use("bench/A.java", "org.denseam.memory.ExactMemory", 3),
        new Use("bench/A.java", "org.denseam.features.Basis", 4),
        new Use("cli/B.java", "org.denseam.io.Npy", 5));
    Map<String, List<String>> allowed = ArchitectureScan.allowlist(list);
    assertEquals(List.of("bench/A.java:4 uses the core's internal org.denseam.features.Basis",
        "cli/B.java:5 uses the core's internal org.denseam.io.Npy"),
        ArchitectureScan.unlisted(now, allowed));
    assertEquals(List.of("bench/A.java -> org.denseam.memory.Gone"),
        ArchitectureScan.stale(now, allowed));
    // The lister keeps a file in its category and puts unknown files under a new one.
    String expected = "# header\n\n" + ArchitectureScan.CATEGORY + "kernels\n"
        + "bench/A.java -> org.denseam.features.Basis\n"
        + "bench/A.java -> org.denseam.memory.ExactMemory\n\n"
        + ArchitectureScan.CATEGORY + ArchitectureScan.NEW_CATEGORY + "\n"
        + "cli/B.java -> org.denseam.io.Npy\n";
    assertEquals(expected, ArchitectureScan.format(list, now));
    assertThrows(IllegalArgumentException.class,
        () -> ArchitectureScan.allowlist("bench/A.java uses org.denseam.memory.ExactMemory\n"));
  }

  @Test
  void aForbiddenImportInASourceIsReported() {
    Set<String> internal = ArchitectureScan.internalPackages(root);
    List<Use> found = ArchitectureScan.uses("cli/src/main/java/org/denseam/cli/New.java",
        "package org.denseam.cli;\nimport org.denseam.api.Engine;\nimport org.denseam.memory.ExactMemory;\n",
        internal);
    assertEquals(List.of("cli/src/main/java/org/denseam/cli/New.java:3 uses the core's internal "
        + "org.denseam.memory.ExactMemory"), ArchitectureScan.unlisted(found, allowed));
  }
}
