package org.denseam.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.denseam.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The library example in README.md ("Using the library") compiles as it stands, against the
 * library alone, and runs: it is the first {@code java} block of that section, a whole program.
 */
@Execution(ExecutionMode.CONCURRENT)
class ReadmeExampleTest {
  @TempDir Path dir;

  /** The first ```java block after the heading "## Using the library". */
  static String example() throws IOException {
    Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path readme = Files.exists(cwd.resolve("README.md")) ? cwd.resolve("README.md")
        : cwd.getParent().resolve("README.md");
    String s = Files.readString(readme);
    int section = s.indexOf("\n## Using the library\n");
    assertTrue(section >= 0, "README.md has no section 'Using the library'");
    int start = s.indexOf("\n```java\n", section);
    int next = s.indexOf("\n## ", section + 1);
    assertTrue(start >= 0 && (next < 0 || start < next), "no java block in 'Using the library'");
    int end = s.indexOf("\n```\n", start + 9);
    return s.substring(start + 9, end + 1);
  }

  @Test
  void readmeLibraryExampleCompilesAndRuns() throws Exception {
    String src = example();
    assertTrue(src.contains("public class Example"), "the example is a whole program:\n" + src);
    Path file = dir.resolve("Example.java");
    Files.writeString(file, src);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "no Java compiler in this JDK");
    // Against the library's own classes only: no test classes, no dependencies of the tests.
    String lib = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
        .filter(e -> e.replace('\\', '/').endsWith("/target/classes")).findFirst()
        .orElseThrow(() -> new AssertionError("no target/classes on the class path"));
    StringWriter diag = new StringWriter();
    boolean ok = javac.getTask(diag, null, null,
        List.of("-d", dir.toString(), "-cp", lib, "-Xlint:none", "-proc:none"), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(file.toFile())).call();
    assertTrue(ok, "README's example does not compile:\n" + diag + "\n" + src);

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "--add-modules",
        "jdk.incubator.vector", "-XX:+UseSerialGC"));
    // The first-call JIT settings of ./dam: the kernels compiled after a few calls (2 s, not 5).
    cmd.add("@" + TestData.jitOptions());
    cmd.addAll(List.of("-cp", dir + File.pathSeparator + lib, "Example"));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example still runs after 120 s");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("Retrieval[states=Vectors[4 x 64, "), out);
    assertTrue(Files.size(dir.resolve("T.dam")) > 32768 * 4, "T.dam written");
  }
}
