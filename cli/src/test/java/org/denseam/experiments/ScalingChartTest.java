package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time-against-D chart keeps tick labels with one or two D values. */
class ScalingChartTest {
  @TempDir Path dir;

  @Test
  void axesSpanningLessThanADecadeAreLinear() {
    assertFalse(ScalingChart.logAxis(List.of(64.0)));
    assertFalse(ScalingChart.logAxis(List.of(64.0, 256.0)));
    assertFalse(ScalingChart.logAxis(List.of(3.1, 4.7, 9.9)));
    assertTrue(ScalingChart.logAxis(List.of(64.0, 256.0, 1024.0)));
    assertTrue(ScalingChart.logAxis(List.of(0.5, 5.0)));
    assertFalse(ScalingChart.logAxis(List.of(0.0, 5.0)));
  }

  @Test
  void oneAndTwoDValuesAreDrawn() throws Exception {
    for (int[] ds : new int[][] {{64}, {64, 128}}) {
      Path png = dir.resolve("t" + ds.length + ".png");
      List<ScalingChart.Point> pts = new java.util.ArrayList<>();
      for (int d : ds) {
        pts.add(new ScalingChart.Point("sorf", d, 1e-3 * d / 64, 3e-3 * d / 64));
      }
      ScalingChart.write(png, "gradcomp", "sincos", pts);
      assertTrue(Files.size(png) > 1000);
    }
  }
}
