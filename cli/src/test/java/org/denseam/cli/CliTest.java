package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.denseam.TestData;
import org.denseam.backend.Similarity;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.memory.ExactMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dam} commands end to end on files, including the error contract. */
class CliTest {
  @TempDir Path dir;
  Path mem;
  Path queries;
  final int k = 12, d = 8;
  double[] pats;

  @BeforeEach
  void files() throws IOException {
    pats = TestData.binary(k, d, 3);
    mem = dir.resolve("m.npy");
    Npy.write(mem, new Matrix(pats, k, d, false), false);
    queries = dir.resolve("q.npy");
    Npy.write(queries, new Matrix(TestData.uniform(3 * d, 0, 0.3, 4), 3, d, false), true);
  }

  DamRun dam(String... args) {
    return DamRun.of(args);
  }

  @Test
  void exactEnergyMatchesLibraryAndIsFloat64FromReference() throws IOException {
    Path out = dir.resolve("e.npy");
    DamRun r = dam("energy", "--memories", mem.toString(), "--queries", queries.toString(),
        "--beta", "5", "--backend", "reference", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    Matrix e = Npy.read(out);
    assertEquals(3, e.cols());
    assertTrue(e.vector());
    double[] expected = new double[3];
    new ExactMemory(pats, k, d, 5, Similarity.L2)
        .energyGrad(new ReferenceBackend(), Npy.read(queries).data(), 3, expected, null);
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], e.data()[i], 0.0);
    }
    assertTrue(new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1).contains("<f8"));
  }

  @Test
  void storeThenGradAndRetrieveFromStoreAgreeWithMemoriesPath() throws IOException {
    Path t = dir.resolve("t.dam");
    assertEquals(0, dam("store", "--memories", mem.toString(), "--beta", "10", "--features",
        "sincos", "--dim", "512", "--seed", "7", "--out", t.toString()).code());
    Path g1 = dir.resolve("g1.npy");
    Path g2 = dir.resolve("g2.npy");
    assertEquals(0, dam("grad", "--store", t.toString(), "--queries", queries.toString(),
        "--out", g1.toString()).code());
    assertEquals(0, dam("grad", "--memories", mem.toString(), "--beta", "10", "--dim", "512",
        "--seed", "7", "--queries", queries.toString(), "--out", g2.toString()).code());
    assertEquals(3, Npy.read(g1).rows());
    assertEquals(d, Npy.read(g1).cols());
    double[] a = Npy.read(g1).data();
    double[] b = Npy.read(g2).data();
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 0.0);
    }
    assertTrue(new String(Files.readAllBytes(g1), StandardCharsets.ISO_8859_1).contains("<f4"));

    Path x = dir.resolve("x.npy");
    Path trace = dir.resolve("trace.npy");
    Path mask = dir.resolve("mask.npy");
    double[] mk = new double[d];
    mk[0] = 1;
    Npy.write(mask, new Matrix(mk, 1, d, true), false);
    DamRun r = dam("retrieve", "--store", t.toString(), "--queries", queries.toString(), "--steps",
        "5", "--eta", "0.1", "--clamp", mask.toString(), "--trace", trace.toString(), "--out",
        x.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(6, Npy.read(trace).rows());
    Matrix xs = Npy.read(x);
    Matrix q = Npy.read(queries);
    for (int b2 = 0; b2 < 3; b2++) {
      assertEquals(q.data()[b2 * d], xs.data()[b2 * d], 0.0, "clamped pixel moved");
    }
  }

  @Test
  void badInputsExitTwoAndWriteNothing() throws IOException {
    Path out = dir.resolve("out.npy");
    Path nan = dir.resolve("nan.npy");
    double[] v = new double[d];
    v[3] = Double.NaN;
    Npy.write(nan, new Matrix(v, 1, d, true), false);
    Path wrongD = dir.resolve("wrong.npy");
    Npy.write(wrongD, new Matrix(new double[d + 1], 1, d + 1, true), false);
    Path truncated = dir.resolve("trunc.npy");
    byte[] bytes = Files.readAllBytes(mem);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 3));

    String m = mem.toString(), q = queries.toString(), o = out.toString();
    String[][] cases = {
      {"energy", "--memories", m, "--queries", nan.toString(), "--beta", "1", "--out", o},
      {"energy", "--memories", m, "--queries", wrongD.toString(), "--beta", "1", "--out", o},
      {"energy", "--memories", m, "--queries", q, "--beta", "0", "--out", o},
      {"energy", "--memories", m, "--queries", q, "--beta", "-3", "--out", o},
      {"energy", "--memories", m, "--queries", q, "--beta", "NaN", "--out", o},
      {"energy", "--memories", m, "--queries", q, "--beta", "1", "--dim", "0", "--out", o},
      {"energy", "--memories", m, "--queries", q, "--beta", "1", "--dim", "-4", "--out", o},
      {"energy", "--memories", m, "--queries", q, "--beta", "1", "--dim", "8", "--features",
        "gauss", "--out", o},
      {"energy", "--memories", truncated.toString(), "--queries", q, "--beta", "1", "--out", o},
      {"energy", "--memories", dir.resolve("none.npy").toString(), "--queries", q, "--beta", "1",
        "--out", o},
      {"energy", "--store", m, "--queries", q, "--out", o},
      {"energy", "--queries", q, "--beta", "1", "--out", o},
      {"grad", "--memories", m, "--queries", q, "--beta", "1", "--backend", "tornado", "--out", o},
      {"retrieve", "--memories", m, "--queries", q, "--beta", "1", "--steps", "3", "--eta", "0",
        "--out", o},
      {"store", "--memories", m, "--beta", "1", "--dim", "7", "--out", o},
      {"energy", "--memories", m, "--queries", q, "--beta", "x", "--out", o},
    };
    for (String[] c : cases) {
      DamRun r = dam(c);
      assertEquals(2, r.code(), String.join(" ", c) + " -> " + r.err());
      assertTrue(r.err().contains("dam: error:") || r.err().contains("Invalid value"),
          String.join(" ", c) + " -> " + r.err());
      assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
      assertFalse(Files.exists(out), String.join(" ", c) + " left an output file");
    }
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void demoRecallsWithBothModels() {
    DamRun r = dam("demo", "--k", "10", "--d", "32", "--dim", "8192", "--steps", "20");
    String out = r.out();
    assertEquals(0, r.code(), out + r.err());
    assertTrue(out.matches("(?s).*MrDAM\\s+10/10.*"), out);
    assertTrue(out.contains("DrDAM"), out);
  }

  /**
   * Without the Spark module on the class path, the usage message still lists {@code spark}, and
   * {@code dam help spark} and {@code dam spark ...} say how to get it.
   */
  @Test
  void helpListsSparkEvenWithoutTheSparkModule() {
    DamRun help = dam("--help");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().matches("(?s).*\\n  spark +Run store, energy, grad and retrieve on Apache "
        + "Spark.*\\n  help +.*"), help.out());
    DamRun helpSpark = dam("help", "spark");
    assertEquals(0, helpSpark.code(), helpSpark.err());
    assertTrue(helpSpark.out().startsWith("Usage: dam spark"), helpSpark.out());
    assertTrue(helpSpark.out().contains("./dam puts on the class path"), helpSpark.out());
    for (String[] args : new String[][] {{"spark"}, {"spark", "--help"},
        {"spark", "store", "--memories", "m", "--beta", "1", "--dim", "8", "--out", "T.dam"}}) {
      DamRun r = dam(args);
      assertEquals(2, r.code(), r.err());
      assertEquals("dam: error: 'dam spark' needs the denseam-spark module on the class path: run "
          + "it as './dam spark ...' or './dam help spark' (the launcher builds the module on "
          + "first use), or add spark/target/denseam-spark-0.1.0-SNAPSHOT.jar and spark/target/lib/* "
          + "to the class path\n", r.err());
    }
  }
}
