package org.denseam.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tuning file: where it is, how it is read and keyed, and which value wins. */
class TuningTest {
  @TempDir Path dir;

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void locationPropertyThenEnvironmentThenXdgThenHome() {
    Map<String, String> env = Map.of("DAM_TUNING", "/e/t.properties", "XDG_CONFIG_HOME", "/x",
        "HOME", "/h");
    assertEquals(Path.of("/p/t.properties"),
        Tuning.location(env, props("denseam.tuning", "/p/t.properties")));
    assertEquals(Path.of("/e/t.properties"), Tuning.location(env, props()));
    assertEquals(Path.of("/x/denseam/tuning.properties"),
        Tuning.location(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h"), props()));
    assertEquals(Path.of("/h/.config/denseam/tuning.properties"),
        Tuning.location(Map.of("HOME", "/h"), props()));
    assertNull(Tuning.location(env, props("denseam.tuning", "none")));
    assertNull(Tuning.location(Map.of("DAM_TUNING", "none"), props()));
  }

  @Test
  void missingFileMeansTheDefaults() {
    Tuning t = Tuning.read(dir.resolve("absent.properties"));
    assertSame(Tuning.EMPTY, t);
    assertEquals(7, t.intValue("jvm|x", "tileBytes", "denseam.test.unset", 7));
  }

  @Test
  void entriesAreKeyedByMachine() throws IOException {
    Path f = dir.resolve("t.properties");
    Files.writeString(f, "# comment\njvm|A|8f|jdk25/tileBytes=65536\n"
        + "jvm|B|16f|jdk25/tileBytes = 262144\n");
    Tuning t = Tuning.read(f);
    assertEquals(f, t.file());
    assertEquals(65536, t.intValue("jvm|A|8f|jdk25", "tileBytes", "denseam.test.unset", 1));
    assertEquals(262144, t.intValue("jvm|B|16f|jdk25", "tileBytes", "denseam.test.unset", 1));
    assertEquals(1, t.intValue("jvm|C|8f|jdk25", "tileBytes", "denseam.test.unset", 1));
    assertEquals(1, t.intValue("jvm|A|8f|jdk25", "maxTileRows", "denseam.test.unset", 1));
  }

  @Test
  void anExplicitPropertyWinsOverTheFile() throws IOException {
    Path f = dir.resolve("t.properties");
    Files.writeString(f, "m/tileBytes=65536\n");
    Tuning t = Tuning.read(f);
    System.setProperty("denseam.test.tileBytes", "4096");
    try {
      assertEquals(4096, t.intValue("m", "tileBytes", "denseam.test.tileBytes", 1));
      System.setProperty("denseam.test.tileBytes", "junk"); // invalid: as if unset
      assertEquals(65536, t.intValue("m", "tileBytes", "denseam.test.tileBytes", 1));
    } finally {
      System.clearProperty("denseam.test.tileBytes");
    }
  }

  @Test
  void aMalformedFileIsIgnoredWithOneWarningNamingIt() throws IOException {
    Path bad = dir.resolve("bad.properties");
    Files.writeString(bad, "m/tileBytes=\\uZZZZ\n");
    Path noMachine = dir.resolve("nomachine.properties");
    Files.writeString(noMachine, "tileBytes=65536\n");
    for (Path f : new Path[] {bad, noMachine}) {
      String err = stderrOf(() -> assertSame(Tuning.EMPTY, Tuning.read(f)));
      // Lines of this test only: other test classes may run beside this one.
      assertEquals(1, err.lines().filter(l -> l.contains("tuning")).count(), err);
      assertTrue(err.contains(f.toString()) && err.contains("malformed"), err);
    }
  }

  @Test
  void anInvalidValueFallsBackToTheDefaultWithAWarning() throws IOException {
    Path f = dir.resolve("t.properties");
    Files.writeString(f, "m/tileBytes=lots\n");
    Tuning t = Tuning.read(f);
    String err = stderrOf(() -> assertEquals(9, t.intValue("m", "tileBytes", "denseam.x", 9)));
    assertTrue(err.contains(f.toString()) && err.contains("m/tileBytes=lots"), err);
  }

  @Test
  void machineKeysKeepOnlyPlainCharacters() {
    assertEquals("tornado|pthread-AMD_EPYC_7B13|OpenCL_C_1.2_PoCL|tornadovm5.2.0-jdk25|jdk"
        + MachineKey.jdk(), MachineKey.tornado("pthread-AMD EPYC 7B13", "OpenCL C 1.2 PoCL",
            "5.2.0-jdk25"));
    assertEquals("a_b|unknown", MachineKey.of("a|/b", " "));
    String jvm = MachineKey.jvm();
    assertTrue(jvm.matches("jvm\\|[A-Za-z0-9._+()-]+\\|\\d+f\\|jdk[0-9.]+"), jvm);
  }

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }
}
