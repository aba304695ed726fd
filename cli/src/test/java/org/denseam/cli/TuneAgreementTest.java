package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.denseam.TestData;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Every candidate of {@code dam tune --backend jvm} gives the default's gradients within the
 * suite's tolerance (relative error ≤ {@link TuneCommandTest#TOL}): exact (MrDAM) and DrDAM with
 * Gaussian and SORF projections, each candidate in a child JVM (the tunables are read once per
 * JVM). The class mostly waits on its child JVMs, so it runs beside the other test classes; it
 * prints nothing.
 */
@Execution(ExecutionMode.CONCURRENT)
class TuneAgreementTest {
  static final double TOL = TuneCommandTest.TOL;
  @TempDir Path dir;

  @Test
  void everyCandidateAgreesWithTheDefault() throws Exception {
    int k = 2400, d = 256, b = 16;
    Path mem = dir.resolve("m.npy");
    Path queries = dir.resolve("q.npy");
    Npy.write(mem, new Matrix(TestData.binary(k, d, 3), k, d, false), false);
    Npy.write(queries, new Matrix(TestData.uniform(b * d, -1, 1, 4), b, d, false), false);
    List<double[][]> results = new ArrayList<>();
    List<TuneCandidate> cands = TuneCandidate.jvm(false);
    int def = -1;
    for (int i = 0; i < cands.size(); i++) {
      Path out = Files.createDirectories(dir.resolve("c" + i));
      List<String> flags = new ArrayList<>(List.of("-Ddenseam.tuning=none"));
      for (Map.Entry<String, String> e : cands.get(i).properties().entrySet()) {
        flags.add("-D" + e.getKey() + "=" + e.getValue());
      }
      TuneCommandTest.child(flags, TuneAgreementChild.class.getName(), out.toString(), mem.toString(),
          queries.toString());
      double[][] r = new double[3][];
      String[] names = {"exact", "gaussian", "sorf"};
      for (int j = 0; j < 3; j++) {
        r[j] = Npy.read(out.resolve(names[j] + ".npy")).data();
      }
      results.add(r);
      def = cands.get(i).builtIn() ? i : def;
    }
    for (int i = 0; i < cands.size(); i++) {
      for (int j = 0; j < 3; j++) {
        double err = TestData.relMaxError(results.get(i)[j], results.get(def)[j]);
        boolean same = java.util.Arrays.equals(results.get(i)[j], results.get(def)[j]);
        assertTrue(err <= TOL, cands.get(i).label() + " kernel " + j + ": rel. difference " + err
            + (same ? " (bit-identical)" : " (bits differ)"));
      }
    }
  }
}
