package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SorfStudyTest {
  @Test
  void tinyGridMeasuresBothProjectionsAndWritesTheTables(@TempDir Path dir) throws Exception {
    SorfStudy.Config c = new SorfStudy.Config(40, 6, new int[] {16}, new double[] {10},
        new int[] {256, 4096}, 2, 3);
    List<SorfStudy.Cell> cells;
    try (Engine jvm = DenseAM.open("jvm")) {
      cells = SorfStudy.run(c, jvm, Progress.silent());
    }
    assertEquals(2 * 2 * 3 * 2, cells.size()); // seeds x Y x sets x metrics
    for (SorfStudy.Cell cell : cells) {
      assertTrue(cell.gaussian() > 0 && Double.isFinite(cell.gaussian()), cell.toString());
      assertTrue(cell.sorf() > 0 && Double.isFinite(cell.sorf()), cell.toString());
    }
    // More features, smaller error, for both projections (at the stored patterns).
    for (String metric : new String[] {ErrorPoint.ENERGY, ErrorPoint.GRADIENT}) {
      double[][] mean = new double[2][2];
      for (SorfStudy.Cell cell : cells) {
        if (cell.set().equals("at") && cell.metric().equals(metric)) {
          int yi = cell.y() == 256 ? 0 : 1;
          mean[yi][0] += cell.gaussian();
          mean[yi][1] += cell.sorf();
        }
      }
      assertTrue(mean[1][0] < mean[0][0] && mean[1][1] < mean[0][1], metric);
    }
    String summary = SorfStudy.write(dir, cells);
    assertTrue(summary.contains("mean over the grid"), summary);
    assertEquals(1 + cells.size(), Files.readAllLines(dir.resolve("sorf.csv")).size());
    assertEquals(1 + 2 * 3 * 2, Files.readAllLines(dir.resolve("sorf-ratios.csv")).size());
  }
}
