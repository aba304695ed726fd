package org.denseam.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.denseam.TestData;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.dynamics.Descent;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.io.DamFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A T beyond float32 (a valid T.dam written elsewhere, or edited with its CRC recomputed) is
 * refused by float32 backends as T's problem, naming the file, not blamed on the queries; the
 * float64 reference backend evaluates it.
 */
class FeatureMemoryFloat32Test {
  @TempDir Path dir;
  static final JvmBackend JVM = new JvmBackend(2);
  static final ReferenceBackend REF = new ReferenceBackend();
  final int d = 8;
  final double[] queries = TestData.uniform(3 * d, 0, 0.3, 4);

  @AfterAll
  static void close() {
    JVM.close();
  }

  private Path file(Basis basis, int y, java.util.function.Consumer<double[]> edit)
      throws IOException {
    FeatureMap map = new FeatureMap(basis, d, y, 7);
    FeatureMemory m = new FeatureMemory(map, 1.0);
    m.add(REF, TestData.binary(12, d, 3), 12);
    double[] t = m.t().clone();
    edit.accept(t);
    Path p = dir.resolve(basis.id() + ".dam");
    DamFile.write(p, map, 1.0, t, 12);
    return p;
  }

  @Test
  void anEntryBeyondFloat32IsTsProblemNamingTheFile() throws IOException {
    Path p = file(Basis.SINCOS, 64, t -> t[5] = 1e39);
    FeatureMemory m = FeatureMemory.read(p);
    double[] e = new double[3];
    m.energyGrad(REF, queries, 3, e, new double[3 * d]);
    for (double v : e) {
      assertTrue(Double.isFinite(v), "reference evaluates it: " + v);
    }
    ArithmeticException ex = assertThrows(ArithmeticException.class,
        () -> m.energyGrad(JVM, queries, 3, e, null));
    assertEquals(p + ": T holds 1.0E39 (entry 5), beyond the float32 range (3.4028235E38) of the"
        + " jvm backend; evaluate this memory with the float64 reference backend",
        ex.getMessage());
    ArithmeticException descent = assertThrows(ArithmeticException.class,
        () -> new Descent(3, 0.1, 0, null, false).run(m, JVM, queries.clone(), 3));
    assertEquals(ex.getMessage(), descent.getMessage());
    new Descent(3, 0.1, 0, null, false).run(m, REF, queries.clone(), 3);
  }

  @Test
  void entriesWithinFloat32WhoseSumsOverflowAreRefusedToo() throws IOException {
    Path p = file(Basis.COS, 64, t -> java.util.Arrays.fill(t, -3e37));
    FeatureMemory m = FeatureMemory.read(p);
    String msg = assertThrows(ArithmeticException.class,
        () -> m.energyGrad(JVM, queries, 3, new double[3], null)).getMessage();
    assertTrue(msg.startsWith(p + ": T is too large for float32: scale·Σ|T_j| = 3.39e+38"
        + " (largest entry -3.0E37, entry 0) exceeds 7.92e+28"), msg);
    assertTrue(msg.endsWith("evaluate this memory with the float64 reference backend"), msg);
  }

  @Test
  void exponentialBasesAndMemoriesBuiltInProcessAreChecked() throws IOException {
    FeatureMemory m = FeatureMemory.read(file(Basis.EXP, 64, t -> t[0] = -Double.MAX_VALUE));
    assertTrue(assertThrows(ArithmeticException.class,
        () -> m.energyGrad(JVM, queries, 3, new double[3], null)).getMessage()
        .contains(": T holds -1.7976931348623157E308 (entry 0), beyond the float32 range"));
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, 64, 7);
    double[] t = new double[64];
    t[3] = Float.MAX_VALUE * 2.0;
    FeatureMemory inProcess = new FeatureMemory(map, 1.0, t, 1);
    assertTrue(assertThrows(ArithmeticException.class,
        () -> inProcess.energyGrad(JVM, queries, 3, new double[3], null)).getMessage()
        .startsWith("T holds 6.805646932770577E38 (entry 3), beyond"));
  }

  @Test
  void anOrdinaryMemoryPassesOnEveryBackend() throws IOException {
    FeatureMemory m = FeatureMemory.read(file(Basis.SINCOS, 64, t -> { }));
    double[] e32 = new double[3];
    double[] e64 = new double[3];
    m.energyGrad(JVM, queries, 3, e32, null);
    m.energyGrad(JVM, queries, 3, e32, null); // checked once per T
    m.energyGrad(REF, queries, 3, e64, null);
    for (int b = 0; b < 3; b++) {
      assertEquals(e64[b], e32[b], 1e-3 * Math.max(1, Math.abs(e64[b])));
    }
  }
}
