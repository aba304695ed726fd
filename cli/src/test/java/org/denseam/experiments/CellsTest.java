package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --resume}: a run stopped after some cells and resumed writes the same files as an
 * uninterrupted one; other settings, a foreign file and a truncated last line are handled.
 */
class CellsTest {
  static Engine engine;

  @TempDir Path dir;

  @BeforeAll
  static void open() {
    engine = DenseAM.open("jvm");
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static Fig4a.Config fig4a(String projection, int steps) {
    return new Fig4a.Config(20, 5, new int[] {12}, new double[] {10, 30}, new int[] {64, 256},
        "sincos", projection, 0.1, 0.5, steps, 0, 3);
  }

  /** Runs a figure into {@code out}, stopping after {@code stop} new cells (0: never). */
  static Cells run(Figure f, Path out, boolean resume, int stop) throws IOException {
    Map<String, String> settings = new LinkedHashMap<>(f.settings());
    settings.put("--backend", "jvm");
    Cells cells = Cells.open(out.resolve(f.id() + ".csv"), f.id(), settings, resume);
    if (stop > 0) {
      cells.stopAfter(stop);
    }
    ErrorFigure fig = f.run(engine, Progress.silent(), cells);
    Files.createDirectories(out);
    fig.write(out, "t", "c", cells.settingsLine());
    return cells;
  }

  /** An uninterrupted run, and one stopped after two cells and resumed, write the same files. */
  static void assertResumeMatches(Figure f, Path base) throws IOException {
    Path full = base.resolve("full");
    run(f, full, false, 0);
    Path cut = base.resolve("cut");
    assertThrows(Cells.Stopped.class, () -> run(f, cut, false, 2));
    String partial = Files.readString(cut.resolve(f.id() + ".csv"));
    assertTrue(partial.startsWith(Cells.SETTINGS + f.id() + " "), partial);
    assertTrue(Files.readString(full.resolve(f.id() + ".csv")).startsWith(partial));
    Cells resumed = run(f, cut, true, 0);
    assertEquals(2, resumed.resumed());
    for (String file : List.of(".csv", "-fits.csv")) {
      assertEquals(Files.readString(full.resolve(f.id() + file)),
          Files.readString(cut.resolve(f.id() + file)), f.id() + file);
    }
  }

  @Test
  void resumedRunsWriteWhatUninterruptedRunsWrite() throws IOException {
    assertResumeMatches(fig4a("gaussian", 8), dir.resolve("4a"));
    assertResumeMatches(new Fig3.Config(20, 5, new int[] {12}, new double[] {10, 30},
        new int[] {64, 256}, "sincos", 0.1, 3), dir.resolve("3"));
    assertResumeMatches(new Fig5.Config(new int[] {5, 10, 20}, 5, new int[] {12},
        new double[] {10}, 128, "sincos", 0.1, 3), dir.resolve("5"));
  }

  @Test
  void otherSettingsAreRefusedInOneLine() throws IOException {
    Path out = dir.resolve("o");
    run(fig4a("gaussian", 4), out, false, 0);
    Path csv = out.resolve("fig4a.csv");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(fig4a("gaussian", 6), out, true, 0));
    assertEquals("--resume: " + csv + " was written with --steps 4, this run has --steps 6;"
        + " use another --out or drop --resume", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> run(fig4a("sorf", 4), out, true, 0));
    assertTrue(e.getMessage().contains("was written with --projection gaussian, this run has"
        + " --projection sorf"), e.getMessage());
    Files.copy(csv, out.resolve("fig3.csv"));
    e = assertThrows(IllegalArgumentException.class, () -> run(new Fig3.Config(20, 5,
        new int[] {12}, new double[] {10}, new int[] {64}, "sincos", 0.1, 3), out, true, 0));
    assertTrue(e.getMessage().contains("was written by fig4a, this run is fig3"), e.getMessage());
    Files.writeString(csv, ErrorPoint.CSV_HEADER + "\n");
    e = assertThrows(IllegalArgumentException.class,
        () -> run(fig4a("gaussian", 4), out, true, 0));
    assertTrue(e.getMessage().contains("has no settings line"), e.getMessage());
  }

  @Test
  void aTruncatedLastLineDropsItsCell() throws IOException {
    Fig4a.Config c = fig4a("gaussian", 5);
    Path full = dir.resolve("full");
    run(c, full, false, 0);
    String text = Files.readString(full.resolve("fig4a.csv"));
    Path cut = Files.createDirectories(dir.resolve("cut"));
    // Settings, header, 4 cells of 3 lines: keep 2 cells and half a line of the third.
    String[] lines = text.split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2 + 2 * 3 + 1; i++) {
      sb.append(lines[i]).append('\n');
    }
    sb.append(lines[9], 0, 10);
    Files.writeString(cut.resolve("fig4a.csv"), sb.toString());
    Cells resumed = run(c, cut, true, 0);
    assertEquals(2, resumed.resumed());
    assertEquals(text, Files.readString(cut.resolve("fig4a.csv")));
  }

  @Test
  void pointsSurviveTheirCsvLine() {
    ErrorPoint p = new ErrorPoint(12, 20, 256, 30, "sincos", "near", ErrorPoint.HAMMING,
        0.123456789, Double.NaN, 5, 12 / 256.0, "overflow");
    ErrorPoint q = ErrorPoint.parse(p.csv());
    assertEquals(p.csv(), q.csv());
    assertEquals(q, ErrorPoint.parse(q.csv()));
    assertThrows(IllegalArgumentException.class, () -> ErrorPoint.parse("1,2,3"));
  }

  @Test
  void sorfProjectionsRun() throws IOException {
    Fig4a.Config c = fig4a("sorf", 8);
    assertEquals("sorf", c.projection());
    assertTrue(c.describe().contains("sorf projections"), c.describe());
    ErrorFigure fig = c.run(engine, Progress.silent(), Cells.inMemory());
    assertEquals(12, fig.points().size());
    for (ErrorPoint p : fig.points()) {
      assertTrue(p.value() >= 0 && p.value() <= 1, p.csv());
    }
    assertTrue(Fig4a.cost(c) < Fig4a.cost(fig4a("gaussian", 8)));
    assertThrows(IllegalArgumentException.class, () -> new Fig4a.Config(20, 5, new int[] {12},
        new double[] {10}, new int[] {64}, "exp", "sorf", 0.1, 0.5, 8, 0, 3));
  }

  @Test
  void descentCostCountsTheEvaluationsOfTheQueriesStillMoving() {
    // Steps 0, 2, 2: 3 queries at step 0, 2 at steps 1 and 2.
    assertEquals(3 + 2 + 2, Fig4a.descentCost(new int[] {0, 2, 2}, n -> n), 0);
    assertEquals(4 * 3, Fig4a.descentCost(new int[] {3, 3, 3}, n -> n), 0);
  }
}
