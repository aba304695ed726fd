package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.denseam.backend.Backends;
import org.denseam.backend.Similarity;
import org.denseam.backend.Tuning;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The backend with a tuning file of each variant (tiles with two work-group sizes, panels): the
 * shape follows the file's entries for the device, and GradComp (Gaussian and SORF) and the exact
 * gradient match the reference within {@link TornadoKernelsTest#TOL}.
 */
class TornadoTuningTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"tiles, 16x16", "tiles, 8x8", "panels, 16x16"})
  void kernelsMatchTheReferenceWithEachTuning(String shape, String workgroup) throws IOException {
    // An explicit system property outranks the file (scripts/kernel-suite-shapes sets them).
    Assumptions.assumeTrue(System.getProperty("denseam.tornado.shape") == null
        && System.getProperty("denseam.tornado.workgroup") == null,
        "denseam.tornado.shape or .workgroup is set: the tuning file's entries are overridden");
    TornadoDevice device;
    try (TornadoBackend any = (TornadoBackend) Backends.create("tornado")) {
      device = any.device();
    }
    String key = TornadoShape.machineKey(device);
    Path file = dir.resolve("tuning.properties");
    Files.writeString(file, key + "/shape=" + shape + "\n" + key + "/workgroup=" + workgroup
        + "\nother|device/shape=tiles\n");
    TornadoShape s = TornadoShape.forDevice(device, Tuning.read(file));
    assertEquals(shape.equals("panels"), s.panels());
    assertEquals(workgroup, s.lx() + "x" + s.ly());
    int k = 150, d = 24, y = 2048, b = 9;
    double beta = 10;
    double[] pats = TornadoKernelsTest.binary(k, d, 3);
    double[] x = TornadoKernelsTest.binary(b, d, 4);
    ReferenceBackend ref = new ReferenceBackend();
    try (TornadoBackend tornado = new TornadoBackend(device, s)) {
      for (Projection p : Projection.values()) {
        FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 5, p);
        FeatureMemory m = new FeatureMemory(map, beta);
        m.add(ref, pats, k);
        double[] eR = new double[b], gR = new double[b * d];
        double[] eT = new double[b], gT = new double[b * d];
        m.energyGrad(ref, x, b, eR, gR);
        m.energyGrad(tornado, x, b, eT, gT);
        TornadoKernelsTest.assertClose(gR, gT, shape + " " + workgroup + " GradComp " + p);
        TornadoKernelsTest.assertClose(eR, eT, shape + " " + workgroup + " energy " + p);
      }
      ExactMemory em = new ExactMemory(pats, k, d, beta, Similarity.L2);
      double[] eR = new double[b], gR = new double[b * d];
      double[] eT = new double[b], gT = new double[b * d];
      em.energyGrad(ref, x, b, eR, gR);
      em.energyGrad(tornado, x, b, eT, gT);
      TornadoKernelsTest.assertClose(gR, gT, shape + " " + workgroup + " exact gradient");
    }
  }
}
