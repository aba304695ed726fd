package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK finder of {@code scripts/jdk.sh}, which {@code ./dam} and {@code ./run-tests} source: the
 * feature version read from a JDK's {@code release} file with the shell's own commands (every form
 * of {@code JAVA_VERSION} the JDKs write, a file without a final newline), {@code java -version}
 * where the file is missing, and the newest JDK ≥ 21 chosen.
 */
class JdkFinderTest {
  @TempDir Path dir;

  /** A fake JDK: bin/java and bin/javac that print {@code version "V"}, and a release file. */
  private Path jdk(String name, String release, String javaVersion) throws IOException {
    Path home = dir.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    for (String tool : new String[] {"java", "javac"}) {
      Path p = home.resolve("bin").resolve(tool);
      Files.writeString(p, "#!/bin/sh\necho 'openjdk version \"" + javaVersion + "\"' >&2\n");
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    if (release != null) {
      Files.writeString(home.resolve("release"), release);
    }
    return home;
  }

  /** Runs {@code script} in bash after sourcing scripts/jdk.sh; returns its stdout, trimmed. */
  private static String shell(String script, String... env) throws Exception {
    Path jdkSh = ProcessGroup.damLauncher().resolveSibling("scripts").resolve("jdk.sh");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". '" + jdkSh + "'; " + script);
    pb.environment().remove("DAM_JAVA_HOME");
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String version(Path home) throws Exception {
    return shell("_dam_jdk_version \"$H\"", "H", home.toString());
  }

  @Test
  void readsTheFeatureVersionFromTheReleaseFile() throws Exception {
    assertEquals("25", version(jdk("a", "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\n"
        + "JAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n", "1")));
    assertEquals("21", version(jdk("b", "JAVA_VERSION=\"21\"\n", "1")));
    assertEquals("8", version(jdk("c", "JAVA_VERSION=\"1.8.0_292\"\n", "1")));
    // No newline after the last line.
    assertEquals("17", version(jdk("d", "OS_NAME=\"Linux\"\nJAVA_VERSION=\"17.0.2\"", "1")));
    // A line that only starts like the key is not it.
    assertEquals("22", version(jdk("e", "JAVA_VERSION_DATE=\"2024-01-16\"\nJAVA_VERSION=\"22\"\n",
        "1")));
  }

  @Test
  void asksJavaWhereTheReleaseFileSaysNothing() throws Exception {
    assertEquals("23", version(jdk("f", null, "23.0.1")));
    assertEquals("24", version(jdk("g", "IMPLEMENTOR=\"x\"\n", "24")));
    assertEquals("8", version(jdk("h", null, "1.8.0_202")));
  }

  @Test
  void isEmptyForWhatIsNotAJdk() throws Exception {
    Path jre = dir.resolve("jre");
    Files.createDirectories(jre.resolve("bin"));
    Files.writeString(jre.resolve("release"), "JAVA_VERSION=\"25\"\n");
    assertEquals("", version(jre)); // no bin/java, no bin/javac
    assertEquals("", version(dir.resolve("missing")));
  }

  @Test
  void picksTheNewestJdkOfAtLeast21() throws Exception {
    Path newest = jdk("newest", "JAVA_VERSION=\"99.0.1\"\n", "1");
    Path old = jdk("old", "JAVA_VERSION=\"1.8.0_292\"\n", "1");
    assertEquals(newest.toString(), shell("_dam_find_jdk >/dev/null && echo \"$JAVA_HOME\"",
        "DAM_JAVA_HOME", newest.toString(), "JAVA_HOME", old.toString()));
    assertEquals(newest.toString(), shell("_dam_find_jdk >/dev/null && echo \"$JAVA_HOME\"",
        "DAM_JAVA_HOME", old.toString(), "JAVA_HOME", newest.toString()));
  }
}
