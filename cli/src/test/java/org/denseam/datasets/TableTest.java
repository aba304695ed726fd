package org.denseam.datasets;

import static org.denseam.datasets.TestFiles.refused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.denseam.api.NpyFile;
import org.denseam.cli.DamRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableTest {
  @TempDir Path dir;

  private static String letterLine(char c, int seed) {
    StringBuilder b = new StringBuilder().append(c);
    for (int j = 0; j < 16; j++) {
      b.append(',').append((seed * 7 + j * 3) % 16);
    }
    return b.toString();
  }

  @Test
  void readsTheLetterData() throws IOException {
    Path f = dir.resolve("letter-recognition.data");
    Files.writeString(f, letterLine('T', 1) + "\n" + letterLine('I', 2) + "\r\n\n"
        + letterLine('D', 3) + "\n");
    assertTrue(Datasets.isLetters(f));
    Table t = Datasets.table(f, 100);
    assertEquals(3, t.rows());
    assertEquals(16, t.d());
    assertEquals(List.of("T", "I", "D"), t.labels());
    assertEquals(7 % 16, t.values()[0]);
    assertEquals((14 + 3) % 16, t.row(1)[1]);
    assertEquals(List.of("T", "I"), Datasets.table(f, 2).labels());
  }

  @Test
  void badLetterLinesAreRefused() throws IOException {
    Path f = dir.resolve("letter-recognition.data");
    String good = letterLine('A', 0) + "\n";
    Files.writeString(f, good.repeat(6) + "B,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n");
    refused(f, "line 7: expected a letter and 16 integers, got 16 fields",
        () -> Datasets.table(f, 100));
    Files.writeString(f, good + "b" + good.substring(1));
    refused(f, "line 2: 'b' is not a capital letter A..Z", () -> Datasets.table(f, 100));
    Files.writeString(f, good + good.replaceFirst(",\\d+", ",16"));
    refused(f, "line 2: attribute 1 '16' is not an integer 0..15", () -> Datasets.table(f, 100));
    Files.writeString(f, good + good.replaceFirst(",\\d+", ",x"));
    refused(f, "line 2: attribute 1 'x' is not an integer 0..15", () -> Datasets.table(f, 100));
    Path text = dir.resolve("t.csv");
    Files.writeString(text, "1,2,3\n");
    refused(text, "not a recognised table", () -> Datasets.table(text, 100));
    Path empty = Files.createFile(dir.resolve("e.data"));
    refused(empty, "empty file", () -> Datasets.table(empty, 100));
    refused(dir, "a directory", () -> Datasets.table(dir, 100));
    assertThrows(IllegalArgumentException.class, () -> Datasets.table(f, 0));
    assertFalse(Datasets.isLetters(dir.resolve("missing")));
  }

  @Test
  void readsNpyTables() throws IOException {
    Path f = dir.resolve("x.npy");
    NpyFile.write(f, new double[] {1, 2, 3, 4, 5, 6}, 3, 2, false);
    assertFalse(Datasets.isLetters(f));
    Table t = Datasets.table(f, 2);
    assertEquals(2, t.rows());
    assertArrayEquals(new double[] {1, 2, 3, 4}, t.values());
    assertEquals(List.of("#0", "#1"), t.labels());
    Path v = dir.resolve("v.npy");
    NpyFile.write(v, new double[] {1, 2}, false);
    refused(v, "a 1-D array", () -> Datasets.table(v, 2));
    Path nan = dir.resolve("nan.npy");
    NpyFile.write(nan, new double[] {1, Double.NaN}, 1, 2, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Datasets.table(nan, 2));
    assertTrue(e.getMessage().contains(nan.toString()), e.getMessage());
  }

  @Test
  void fig6ReadsTheLetterData() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      b.append((char) ('A' + i % 26)).append(',').append(i % 16).append(',').append(i / 16)
          .append(",3,4,5,6,7,8,9,10,11,12,13,14,15,0\n");
    }
    Path f = dir.resolve("letter-recognition.data");
    Files.writeString(f, b);
    // Read as data (not refused as an NPY file): the run stops at the count of distinct rows,
    // which is checked before any work (a whole run is in ExperimentFiguresTest).
    DamRun r = DamRun.of("experiment", "fig6", "--data", f.toString(), "--out",
        dir.resolve("none").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("dam: error: data has 30 distinct rows, but 900 are needed"),
        r.err());
    Files.writeString(f, b + "A,1\n");
    r = DamRun.of("experiment", "fig6", "--data", f.toString(), "--out",
        dir.resolve("none").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("dam: error: " + f + ": line 31: expected a letter and 16"
        + " integers, got 2 fields"), r.err());
    assertFalse(Files.exists(dir.resolve("none")));
  }
}
