package org.denseam.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.denseam.TestData;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.MachineKey;
import org.denseam.backend.Similarity;
import org.denseam.backend.TileSizes;
import org.denseam.backend.Tuning;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.rng.GaussianVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TileSizes}: the rows rule, the tuning file, and every candidate of {@code dam tune
 * --backend jvm} against the built-in choice, in one JVM (a backend takes its tile sizes as a
 * value). The exact (MrDAM) energies and gradients of each candidate are within the suite's
 * tolerance ({@link JvmBackendTest#TOL}) of the default's, and bit-identical where the candidate
 * cuts the memories into tiles of the same rows. DrDAM's T, energies and gradients, with Gaussian
 * and SORF projections, are bit-identical under every candidate: a tile of projections changes
 * where the regenerated Ω is cut, not the order of any sum.
 */
class TileSizesTest {
  @TempDir Path dir;

  @Test
  void rowsFollowTheBytesAndTheBounds() {
    TileSizes t = TileSizes.DEFAULT;
    assertEquals(126, t.rows(256), "131072 / 4 / 256 = 128, down to a multiple of 3");
    assertEquals(240, t.rows(16), "capped at maxTileRows");
    assertEquals(63, t.rows(4096), "raised to minTileRows");
    assertEquals(6, TileSizes.candidates(false).size());
    assertEquals(3, TileSizes.candidates(true).size());
    assertTrue(TileSizes.candidates(false).contains(TileSizes.DEFAULT));
    assertTrue(TileSizes.candidates(true).contains(TileSizes.DEFAULT));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TileSizes(65536, 64, 63))
        .getMessage().contains("64..63"));
    assertThrows(IllegalArgumentException.class, () -> new TileSizes(512, 63, 240));
  }

  @Test
  void theTuningFileSetsThisMachinesEntriesOnly() throws Exception {
    Path f = dir.resolve("tuning.properties");
    Files.writeString(f, MachineKey.jvm() + "/tileBytes=65536\n" + MachineKey.jvm()
        + "/maxTileRows=120\nother|machine/minTileRows=9\n");
    assertEquals(new TileSizes(65536, 63, 120), TileSizes.of(Tuning.read(f)));
    assertEquals(TileSizes.DEFAULT, TileSizes.of(Tuning.EMPTY));
    Files.writeString(f, MachineKey.jvm() + "/minTileRows=300\n");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TileSizes.of(Tuning.read(f)))
        .getMessage().contains("300..240"));
  }

  @Test
  void everyCandidateAgreesWithTheDefault() {
    int k = 2400, d = 256, b = 16, y = 8192;
    double beta = 5;
    double[] pats = TestData.binary(k, d, 3);
    double[] x = TestData.uniform(b * d, -1, 1, 4);
    FeatureMap gaussian = new FeatureMap(Basis.SINCOS, d, y, 12, Projection.GAUSSIAN);
    FeatureMap sorf = new FeatureMap(Basis.SINCOS, d, y, 12, Projection.SORF);
    int dp = GaussianVector.paddedDim(d);
    List<TileSizes> cands = TileSizes.candidates(false);
    Map<TileSizes, List<double[]>> results = new LinkedHashMap<>();
    Set<Integer> rows = new TreeSet<>();
    for (TileSizes c : cands) {
      rows.add(c.rows(dp));
      List<double[]> r = new ArrayList<>();
      try (JvmBackend jvm = new JvmBackend(2, 0, c)) {
        double[] e = new double[b], g = new double[b * d];
        jvm.exact(new ExactPatterns(pats, k, d, beta, Similarity.L2), x, b, e, g);
        r.add(e);
        r.add(g);
        for (FeatureMap map : List.of(gaussian, sorf)) {
          double[] t = new double[map.y()];
          jvm.procMems(map, beta, pats, k, 1, t);
          double[] em = new double[b], gm = new double[b * d];
          jvm.gradComp(new DistributedPatterns(map, beta, t), x, b, em, gm);
          r.add(t);
          r.add(em);
          r.add(gm);
        }
      }
      results.put(c, r);
    }
    assertTrue(rows.size() >= 4, "the candidates must cut D = " + d + " differently: " + rows);
    String[] names = {"exact energy", "exact gradient", "Gaussian T", "Gaussian energy",
        "Gaussian gradient", "SORF T", "SORF energy", "SORF gradient"};
    List<double[]> def = results.get(TileSizes.DEFAULT);
    for (TileSizes c : cands) {
      List<double[]> r = results.get(c);
      for (int j = 0; j < names.length; j++) {
        String what = c + " " + names[j];
        double err = TestData.relMaxError(r.get(j), def.get(j));
        assertTrue(err <= JvmBackendTest.TOL, what + ": relative difference " + err);
        if (c.rows(dp) == TileSizes.DEFAULT.rows(dp) || j >= 2) { // DrDAM: always the same bits
          assertArrayEquals(def.get(j), r.get(j), 0.0, what + ": the same tiles, other bits");
        }
      }
    }
    // Candidates with the same rows as each other (not as the default) agree bit for bit too.
    for (TileSizes c : cands) {
      for (TileSizes o : cands) {
        if (c != o && c.rows(dp) == o.rows(dp)) {
          for (int j = 0; j < names.length; j++) {
            assertArrayEquals(results.get(c).get(j), results.get(o).get(j), 0.0,
                c + " vs " + o + " " + names[j]);
          }
        }
      }
    }
  }
}
