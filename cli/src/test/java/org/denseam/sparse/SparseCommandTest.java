package org.denseam.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.denseam.cli.DamRun;
import org.denseam.experiments.Table1;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code dam sparse} and {@code dam experiment table1} end to end. */
class SparseCommandTest {
  static final int N = 7, D = 4, B = 5;
  static final double[] X = SparseMemoryTest.sphere(new SplittableRandom(41), N, D);
  static final double[] Q = SparseMemoryTest.gaussian(new SplittableRandom(42), B * D, 0.7);

  @TempDir Path dir;

  static DamRun dam(String... args) {
    return DamRun.of(args);
  }

  Path write(String name, double[] data, int rows, int cols, boolean vector) throws IOException {
    Path p = dir.resolve(name);
    Npy.write(p, new Matrix(data, rows, cols, vector), false);
    return p;
  }

  static String header(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    return new String(b, 10, Math.min(118, b.length - 10), StandardCharsets.ISO_8859_1);
  }

  @Test
  void writesStatesAndWeights() throws IOException {
    Path x = write("X.npy", X, N, D, false);
    Path q = write("Q.npy", Q, B, D, false);
    Path out = dir.resolve("Qstar.npy");
    Path w = dir.resolve("P.npy");
    DamRun r = dam("sparse", "--memories", x.toString(), "--queries", q.toString(), "--beta", "3",
        "--alpha", "1.5", "--out", out.toString(), "--weights", w.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(header(out).contains("'<f8'") && header(w).contains("'<f8'"), "float64 outputs");
    Matrix qs = Npy.read(out);
    Matrix ps = Npy.read(w);
    assertEquals(B, qs.rows());
    assertEquals(D, qs.cols());
    assertEquals(B, ps.rows());
    assertEquals(N, ps.cols());
    Cccp.Result expected = new SparseMemory(X, N, D, 3, 1.5).retrieve(Q, B, Cccp.toConvergence());
    assertArrayEquals(expected.states(), qs.data(), 0);
    assertArrayEquals(expected.weights(), ps.data(), 0);
    for (int b = 0; b < B; b++) {
      double s = 0;
      for (int i = 0; i < N; i++) {
        assertTrue(ps.data()[b * N + i] >= 0);
        s += ps.data()[b * N + i];
      }
      assertEquals(1, s, 1e-12);
    }
  }

  @Test
  void fixedStepsAndVectorQuery() throws IOException {
    Path x = write("X.npy", X, N, D, false);
    double[] one = SparseMemoryTest.row(Q, 2, D);
    Path q = write("q.npy", one, 1, D, true);
    Path out = dir.resolve("q1.npy");
    Path w = dir.resolve("p.npy");
    DamRun r = dam("sparse", "--memories", x.toString(), "--queries", q.toString(), "--beta", "2",
        "--alpha", "1.33", "--steps", "1", "--out", out.toString(), "--weights", w.toString());
    assertEquals(0, r.code(), r.err());
    Matrix m = Npy.read(out);
    assertTrue(m.vector());
    double[] expected = new double[D];
    new SparseMemory(X, N, D, 2, 1.33).update(one, 1, expected);
    assertArrayEquals(expected, m.data(), 0);
    assertTrue(Npy.read(w).vector());
    assertEquals(N, Npy.read(w).cols());
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("nan", List.of("--beta", "1", "--alpha", "2"), "memories"),
        Arguments.of("dim", List.of("--beta", "1", "--alpha", "2"), "columns"),
        Arguments.of("ok", List.of("--beta", "0", "--alpha", "2"), "beta"),
        Arguments.of("ok", List.of("--beta", "1", "--alpha", "0.5"), "alpha"),
        Arguments.of("ok", List.of("--beta", "1", "--alpha", "NaN"), "alpha"),
        Arguments.of("ok", List.of("--beta", "1", "--alpha", "2", "--steps", "-1"), "steps"),
        Arguments.of("ok", List.of("--beta", "1", "--alpha", "2", "--steps", "3", "--tol", "0"), "--steps"),
        Arguments.of("ok", List.of("--beta", "1", "--alpha", "2", "--tol", "-1"), "tol"),
        Arguments.of("missing", List.of("--beta", "1", "--alpha", "2"), "no such file"),
        Arguments.of("ok", List.of("--alpha", "2"), "--beta"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badInputs")
  void badInputExitsTwoWithoutOutput(String memories, List<String> opts, String mentions)
      throws IOException {
    double[] x = X.clone();
    if (memories.equals("nan")) {
      x[3] = Double.NaN;
    }
    Path xp = switch (memories) {
      case "missing" -> dir.resolve("absent.npy");
      case "dim" -> write("X.npy", new double[N * (D + 1)], N, D + 1, false); // D + 1 columns
      default -> write("X.npy", x, N, D, false);
    };
    Path q = write("Q.npy", Q, B, D, false);
    Path out = dir.resolve("Qstar.npy");
    Path w = dir.resolve("P.npy");
    List<String> args = new ArrayList<>(List.of("sparse", "--memories", xp.toString(),
        "--queries", q.toString(), "--out", out.toString(), "--weights", w.toString()));
    args.addAll(opts);
    DamRun r = dam(args.toArray(String[]::new));
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(mentions), "stderr should mention " + mentions + ": " + r.err());
    assertFalse(Files.exists(out), "no output file");
    assertFalse(Files.exists(w), "no weights file");
  }

  @Test
  void experimentTable1WritesCsvAndPng() throws IOException {
    Path outDir = dir.resolve("t1");
    DamRun r = dam("experiment", "table1", "--trials", "60", "--seed", "3", "--out", outDir.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("total variation"), r.out());
    List<String> csv = Files.readAllLines(outDir.resolve("table1.csv"));
    assertEquals(11, csv.size());
    assertEquals("support_size,alpha1_ours,alpha1_paper,alpha1.5_ours,alpha1.5_paper,alpha2_ours,alpha2_paper",
        csv.get(0));
    Table1.Result expected = Table1.run(60, 3, Table1.toConvergence());
    for (int k = 1; k <= Table1.N; k++) {
      String[] f = csv.get(k).split(",");
      assertEquals(String.valueOf(k), f[0]);
      for (int c = 0; c < 3; c++) {
        assertEquals(expected.percent(c)[k - 1], Double.parseDouble(f[1 + 2 * c]), 0.05);
        assertEquals(Table1.paperPercent(c)[k - 1], Double.parseDouble(f[2 + 2 * c]), 1e-9);
      }
    }
    assertEquals(4, Files.readAllLines(outDir.resolve("table1-summary.csv")).size());
    byte[] png = Files.readAllBytes(outDir.resolve("table1.png"));
    assertTrue(png.length > 1000);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
  }

  @Test
  void experimentNeedsASubcommand() {
    DamRun r = dam("experiment");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("table1"), r.err());
    assertEquals(2, dam("experiment", "table1", "--trials", "0", "--out", dir.resolve("z").toString()).code());
    assertFalse(Files.exists(dir.resolve("z")));
  }
}
