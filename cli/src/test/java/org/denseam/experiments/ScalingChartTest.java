package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void theTitleSaysWhatEachPointIs() {
    List<ScalingChart.Point> one = List.of(
        new ScalingChart.Point("gaussian", 64, 16384, 0, 256, 1e-3, Double.NaN),
        new ScalingChart.Point("gaussian", 256, 16384, 0, 256, 2e-3, Double.NaN));
    assertEquals("Y = 16384, B = 256", ScalingChart.cells(one));
    List<ScalingChart.Point> many = List.of(
        new ScalingChart.Point("gaussian", 64, 4096, 0, 1, 1e-3, Double.NaN),
        new ScalingChart.Point("gaussian", 64, 16384, 0, 1, 2e-3, Double.NaN),
        new ScalingChart.Point("gaussian", 64, 4096, 0, 256, 3e-3, Double.NaN));
    assertEquals("fastest at each D of Y ∈ {4096, 16384} × B ∈ {1, 256}",
        ScalingChart.cells(many));
  }

  @Test
  void tickLabelsHaveALeadingZeroAndEnoughDecimals() {
    assertEquals("#,##0.00", ScalingChart.tickPattern(List.of(0.08, 0.1, 0.12), true));
    assertEquals("#,##0.0", ScalingChart.tickPattern(List.of(16.7, 20.0, 32.7), false));
    assertEquals("#,##0.0000", ScalingChart.tickPattern(List.of(0.031, 0.034, 0.036), false));
    assertEquals("#,##0", ScalingChart.tickPattern(List.of(10.0, 200.0, 3000.0), true));
    java.text.DecimalFormat f = new java.text.DecimalFormat(
        ScalingChart.tickPattern(List.of(0.08, 0.1), true),
        java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    assertEquals("0.08", f.format(0.08));
    assertEquals("0.10", f.format(0.1));
  }
}
