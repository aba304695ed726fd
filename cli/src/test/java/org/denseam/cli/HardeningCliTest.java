package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.denseam.TestData;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error contract on extreme numbers, outputs that would overwrite inputs, parse errors and
 * misleading inputs: exit 2, one line {@code dam: error: ...} naming the problem, no stack trace,
 * nothing written.
 */
class HardeningCliTest {
  @TempDir Path dir;
  Path mem;
  Path queries;
  final int k = 12, d = 8;

  @BeforeEach
  void files() throws IOException {
    mem = dir.resolve("m.npy");
    Npy.write(mem, new Matrix(TestData.binary(k, d, 3), k, d, false), false);
    queries = dir.resolve("q.npy");
    Npy.write(queries, new Matrix(TestData.uniform(3 * d, 0, 0.3, 4), 3, d, false), true);
  }

  /** Runs dam, checks the error contract, and returns the one error line. */
  private String fails(Path out, String... args) throws IOException {
    byte[] before = out != null && Files.exists(out) ? Files.readAllBytes(out) : null;
    DamRun r = DamRun.of(args);
    String cmd = String.join(" ", args);
    assertEquals(2, r.code(), cmd + " -> " + r.err());
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, cmd + ": one line expected, got " + r.err());
    assertTrue(lines[0].startsWith("dam: error: "), cmd + " -> " + r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    if (out != null) {
      if (before == null) {
        assertFalse(Files.exists(out), cmd + " left an output file");
      } else {
        assertArrayEquals(before, Files.readAllBytes(out), cmd + " changed " + out);
      }
    }
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
    return lines[0];
  }

  @Test
  void hugeBetaIsAnErrorNotANaNOutput() throws IOException {
    Path out = dir.resolve("g.npy");
    String msg = fails(out, "grad", "--memories", mem.toString(), "--queries",
        queries.toString(), "--beta", "1e308", "--backend", "jvm", "--out", out.toString());
    assertTrue(msg.contains("beta") && msg.contains("float32 range"), msg);
    assertFalse(msg.contains("Index"), msg);
    // In float64 the limit β → ∞ is well defined (the nearest memory): finite, or an error.
    DamRun r = DamRun.of("grad", "--memories", mem.toString(), "--queries", queries.toString(),
        "--beta", "1e308", "--backend", "reference", "--out", out.toString());
    if (r.code() == 0) {
      for (double v : Npy.read(out).data()) {
        assertTrue(Double.isFinite(v));
      }
    } else {
      assertEquals(2, r.code());
    }
    Path t = dir.resolve("t.dam");
    msg = fails(t, "store", "--memories", mem.toString(), "--beta", "1e30", "--dim", "64",
        "--out", t.toString());
    assertTrue(msg.contains("too large for sincos"), msg);
  }

  @Test
  void nonFiniteResultsAreErrors() throws IOException {
    // Inputs so large that the float64 reference's energies overflow.
    Path big = dir.resolve("big.npy");
    double[] v = TestData.uniform(3 * d, -1, 1, 9);
    for (int i = 0; i < v.length; i++) {
      v[i] *= 1e200;
    }
    Npy.write(big, new Matrix(v, 3, d, false), false);
    Path out = dir.resolve("e.npy");
    String msg = fails(out, "energy", "--memories", mem.toString(), "--queries", big.toString(),
        "--beta", "1", "--backend", "reference", "--out", out.toString());
    assertTrue(msg.contains("is not finite") && msg.contains("beta"), msg);
  }

  @Test
  void exactScoresBeyondFloatRangeAreNamedOnJvm() throws IOException {
    Path out = dir.resolve("e.npy");
    String msg = fails(out, "energy", "--memories", mem.toString(), "--queries",
        queries.toString(), "--beta", "1e39", "--out", out.toString());
    assertTrue(msg.contains("float32 range"), msg);
  }

  @Test
  void divergingDescentIsAnError() throws IOException {
    Path out = dir.resolve("x.npy");
    String msg = fails(out, "retrieve", "--memories", mem.toString(), "--queries",
        queries.toString(), "--beta", "1", "--steps", "3", "--eta", "1e300", "--out",
        out.toString());
    assertTrue(msg.contains("descent diverged") && msg.contains("eta"), msg);
  }

  @Test
  void drdamBackendsAgreeOnQueriesBeyondTheFeatureRange() throws IOException {
    Path big = dir.resolve("big.npy");
    double[] v = TestData.uniform(3 * d, -1, 1, 9);
    for (int i = 0; i < v.length; i++) {
      v[i] *= 1e30;
    }
    Npy.write(big, new Matrix(v, 3, d, false), false);
    Path out = dir.resolve("e.npy");
    String jvm = fails(out, "energy", "--memories", mem.toString(), "--queries", big.toString(),
        "--beta", "1", "--dim", "64", "--backend", "jvm", "--out", out.toString());
    String ref = fails(out, "energy", "--memories", mem.toString(), "--queries", big.toString(),
        "--beta", "1", "--dim", "64", "--backend", "reference", "--out", out.toString());
    assertEquals(ref, jvm);
    assertTrue(jvm.contains("query 0 is too large for sincos features"), jvm);
  }

  @Test
  void featureDimensionIsCheckedAgainstTheHeapBeforeAllocating() throws IOException {
    Path out = dir.resolve("e.npy");
    String msg = fails(out, "energy", "--memories", mem.toString(), "--queries",
        queries.toString(), "--beta", "1", "--dim", "1000000000", "--out", out.toString());
    assertTrue(msg.contains("Y = 1000000000") && msg.contains("-Xmx"), msg);
  }

  @Test
  void outputsNeverOverwriteInputsOrEachOther() throws IOException {
    String q = queries.toString(), m = mem.toString();
    String msg = fails(queries, "energy", "--memories", m, "--queries", q, "--beta", "1",
        "--out", q);
    assertTrue(msg.contains("--out") && msg.contains("--queries"), msg);
    msg = fails(mem, "grad", "--memories", m, "--queries", q, "--beta", "1", "--out", m);
    assertTrue(msg.contains("--memories"), msg);
    Path x = dir.resolve("x.npy");
    msg = fails(x, "retrieve", "--memories", m, "--queries", q, "--beta", "1", "--steps", "2",
        "--eta", "0.1", "--trace", x.toString(), "--out", x.toString());
    assertTrue(msg.contains("--trace"), msg);
    // Another spelling of the same file is caught too.
    Path other = dir.resolve(".").resolve("q.npy");
    fails(queries, "energy", "--memories", m, "--queries", q, "--beta", "1", "--out",
        other.toString());
    msg = fails(mem, "store", "--memories", m, "--beta", "1", "--dim", "8", "--out", m);
    assertTrue(msg.contains("overwrite the input"), msg);
    msg = fails(queries, "sparse", "--memories", m, "--queries", q, "--beta", "1", "--alpha",
        "2", "--out", q);
    assertTrue(msg.contains("--queries"), msg);
  }

  @Test
  void parseErrorsAreOneLineNotTheUsage() throws IOException {
    String q = queries.toString(), m = mem.toString(), o = dir.resolve("o.npy").toString();
    String msg = fails(null, "energy", "--memories", m, "--queries", q, "--beta", "abc", "--out",
        o);
    assertTrue(msg.contains("'abc'") && msg.contains("dam energy --help"), msg);
    msg = fails(null, "energy", "--memories", m, "--queries", q, "--beta", "1");
    assertTrue(msg.contains("--out"), msg);
    msg = fails(null, "energy", "--bogus");
    assertTrue(msg.contains("'--bogus'"), msg);
    msg = fails(null, "frobnicate");
    assertTrue(msg.contains("frobnicate"), msg);
    msg = fails(null, "sparse", "--memories", m, "--queries", q, "--beta", "1", "--alpha", "2",
        "--max-steps", "-1", "--out", o);
    assertTrue(msg.contains("--max-steps"), msg);
  }

  @Test
  void misleadingFileMessagesNameTheRealProblem() throws IOException {
    Path obj = dir.resolve("obj.npy");
    writeNpy(obj, "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
    Path out = dir.resolve("o.npy");
    String msg = fails(out, "energy", "--memories", obj.toString(), "--queries",
        queries.toString(), "--beta", "1", "--out", out.toString());
    assertTrue(msg.contains("dtype '|O' is not supported"), msg);
    Path huge = dir.resolve("huge.npy");
    writeNpy(huge, "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976, 4), }",
        new byte[64]);
    msg = fails(out, "energy", "--memories", huge.toString(), "--queries", queries.toString(),
        "--beta", "1", "--out", out.toString());
    assertTrue(msg.contains("too large") && !msg.contains("needs 64"), msg);
    Path folder = dir.resolve("folder.npy");
    Files.createDirectory(folder);
    msg = fails(out, "energy", "--memories", folder.toString(), "--queries", queries.toString(),
        "--beta", "1", "--out", out.toString());
    assertTrue(msg.contains("not a regular file"), msg);
  }

  @Test
  void fileSystemFailuresAreSpelledOut() {
    assertEquals("/x/out.npy: permission denied",
        Main.message(new java.nio.file.AccessDeniedException("/x/out.npy")));
    assertEquals("/x/in.npy: no such file or directory",
        Main.message(new java.nio.file.NoSuchFileException("/x/in.npy")));
    assertEquals("/x: Read-only file system",
        Main.message(new java.nio.file.FileSystemException("/x", null, "Read-only file system")));
    assertTrue(Main.message(new NullPointerException()).contains("DAM_DEBUG=1"));
    String internal = Main.message(new ArrayIndexOutOfBoundsException("Index -16 out of bounds"));
    assertTrue(internal.startsWith("internal error") && !internal.contains("-16"), internal);
    assertEquals("beta must be > 0", Main.message(new IllegalArgumentException("beta must be > 0")));
  }

  @Test
  void anOutputThatCannotBeCreatedNamesTheTarget() throws IOException {
    Path out = Path.of("/proc/dam-test-out.npy");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(out.getParent()), "no /proc");
    String msg = fails(null, "energy", "--memories", mem.toString(), "--queries",
        queries.toString(), "--beta", "1", "--out", out.toString());
    assertTrue(msg.startsWith("dam: error: " + out + ": cannot create a file in /proc"), msg);
  }

  @Test
  void permissionErrorsSaySo() throws IOException {
    Path locked = dir.resolve("locked");
    Files.createDirectory(locked);
    locked.toFile().setWritable(false, false);
    try {
      if (Files.isWritable(locked)) {
        return; // running as a user that ignores permissions (root): nothing to check
      }
      Path out = locked.resolve("e.npy");
      String msg = fails(out, "energy", "--memories", mem.toString(), "--queries",
          queries.toString(), "--beta", "1", "--out", out.toString());
      assertTrue(msg.contains("permission denied"), msg);
    } finally {
      locked.toFile().setWritable(true, false);
    }
  }

  @Test
  void oneDimensionalQueryKeepsItsShapeInPerQueryOutputs() throws IOException {
    Path q1 = dir.resolve("q1.npy");
    Npy.write(q1, new Matrix(TestData.uniform(d, 0, 0.3, 5), 1, d, true), false);
    Path e = dir.resolve("e.npy"), g = dir.resolve("g.npy"), w = dir.resolve("w.npy"),
        s = dir.resolve("s.npy");
    String m = mem.toString();
    assertEquals(0, DamRun.of("energy", "--memories", m, "--queries", q1.toString(), "--beta",
        "1", "--out", e.toString()).code());
    assertEquals(0, DamRun.of("grad", "--memories", m, "--queries", q1.toString(), "--beta", "1",
        "--out", g.toString()).code());
    assertEquals(0, DamRun.of("sparse", "--memories", m, "--queries", q1.toString(), "--beta",
        "1", "--alpha", "2", "--out", s.toString(), "--weights", w.toString()).code());
    assertEquals("(1,)", shape(e));
    assertEquals("(" + d + ",)", shape(g));
    assertEquals("(" + d + ",)", shape(s));
    assertEquals("(" + k + ",)", shape(w));
  }

  private static String shape(Path p) throws IOException {
    String h = new String(Arrays.copyOf(Files.readAllBytes(p), 128), StandardCharsets.ISO_8859_1);
    int i = h.indexOf("'shape': ") + 9;
    return h.substring(i, h.indexOf(')', i) + 1);
  }

  private static void writeNpy(Path p, String header, byte[] data) throws IOException {
    StringBuilder h = new StringBuilder(header);
    while ((10 + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[10 + hb.length + data.length];
    all[0] = (byte) 0x93;
    System.arraycopy("NUMPY".getBytes(StandardCharsets.ISO_8859_1), 0, all, 1, 5);
    all[6] = 1;
    all[8] = (byte) hb.length;
    all[9] = (byte) (hb.length >> 8);
    System.arraycopy(hb, 0, all, 10, hb.length);
    System.arraycopy(data, 0, all, 10 + hb.length, data.length);
    Files.write(p, all);
  }

  /** A backend that cannot run is listed by {@code dam devices} with the reason it gives. */
  @Test
  void devicesListsTornadoAsUnavailableWithItsReason() {
    org.denseam.api.BackendInfo t = org.denseam.api.DenseAM.backends().stream()
        .filter(i -> i.name().equals("tornado")).findFirst()
        .orElseThrow(() -> new AssertionError("tornado is not listed"));
    assertFalse(t.available());
    DamRun r = DamRun.of("devices");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("tornado (unavailable: " + t.reason() + ". With ./dam: install a"
        + " TornadoVM SDK (5.2, JDK 25) and set TORNADOVM_HOME to it; ./dam then builds the kernels"
        + " and runs through TornadoVM (see 'dam devices'))"), r.out());
    assertFalse(t.reason().contains("./dam"), "the library's reason speaks of the library");
  }

  /**
   * Memories are streamed from their file and checked as they are read: a NaN in the last row,
   * found by the computation, gives one line naming the file and the row, exit 2 and no output,
   * for the exact energy, a descent and ProcMems; a file cut short is refused before any work.
   */
  @Test
  void badMemoriesFoundWhileStreamingNameTheFileAndTheRow() throws IOException {
    int rows = 600;
    double[] m = TestData.uniform(rows * d, -0.5, 0.5, 8);
    m[(rows - 1) * d + 5] = Double.NaN;
    Path nan = dir.resolve("nan.npy");
    Npy.write(nan, new Matrix(m, rows, d, false), true);
    Path out = dir.resolve("o.npy");
    String where = nan + ": non-finite value (NaN) at row " + (rows - 1) + ", column 5";
    for (String backend : new String[] {"jvm", "reference"}) {
      assertEquals("dam: error: " + where, fails(out, "energy", "--memories", nan.toString(),
          "--queries", queries.toString(), "--beta", "2", "--backend", backend, "--out",
          out.toString()));
      assertEquals("dam: error: " + where, fails(out, "retrieve", "--memories", nan.toString(),
          "--queries", queries.toString(), "--beta", "2", "--steps", "3", "--eta", "0.1",
          "--backend", backend, "--out", out.toString()));
    }
    Path t = dir.resolve("t.dam");
    assertEquals("dam: error: " + where, fails(t, "store", "--memories", nan.toString(),
        "--beta", "2", "--dim", "256", "--out", t.toString()));
    byte[] all = Files.readAllBytes(mem);
    Path cut = dir.resolve("cut.npy");
    Files.write(cut, Arrays.copyOf(all, all.length - 3));
    String line = fails(out, "energy", "--memories", cut.toString(), "--queries",
        queries.toString(), "--beta", "2", "--out", out.toString());
    assertTrue(line.startsWith("dam: error: " + cut + ": truncated"), line);
  }
}
