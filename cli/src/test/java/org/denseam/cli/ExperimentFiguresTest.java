package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dam experiment fig3|fig4a|fig5|fig6|complete} end to end at tiny grids: the files appear,
 * the main trend holds, and bad input follows the error contract (exit 2, nothing written).
 */
class ExperimentFiguresTest {
  @TempDir Path dir;

  DamRun dam(String... args) {
    return DamRun.of(args);
  }

  /** value of (y, queries, metric) for β = 10 from a figure CSV. */
  static Map<String, Double> values(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.get(0).startsWith("# settings: ")) {
      lines = lines.subList(1, lines.size());
    }
    assertEquals("d,k,y,projections,beta,basis,queries,metric,value,stderr,n,bound_shape,note",
        lines.get(0));
    Map<String, Double> v = new HashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split(",", -1);
      v.put(f[2] + "|" + f[4] + "|" + f[6] + "|" + f[7], Double.parseDouble(f[8]));
    }
    return v;
  }

  @Test
  void fig3AtATinyGridWritesItsFilesAndTheErrorFallsWithY() throws IOException {
    Path out = dir.resolve("fig3");
    DamRun r = dam("experiment", "fig3", "--k", "60", "--queries", "30", "--dims", "12",
        "--betas", "10", "--ys", "64,4096", "--seed", "5", "--no-progress", "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    for (String f : List.of("fig3.csv", "fig3-fits.csv", "fig3.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    BufferedImage png = ImageIO.read(out.resolve("fig3.png").toFile());
    assertTrue(png.getWidth() > 1000 && png.getHeight() > 200);
    Map<String, Double> v = values(out.resolve("fig3.csv"));
    // 3 query sets and the guess, 2 metrics, 2 Y: 16 points.
    assertEquals(16, v.size());
    for (String set : List.of("at", "near", "far")) {
      for (String metric : List.of("energy", "gradient")) {
        double small = v.get("64|10|" + set + "|" + metric);
        double large = v.get("4096|10|" + set + "|" + metric);
        assertTrue(large < small, set + " " + metric + ": " + small + " -> " + large);
      }
    }
    // A curve entirely below the random guess gets a fitted eq. 13 constant.
    String fits = Files.readString(out.resolve("fig3-fits.csv"));
    assertTrue(fits.contains("random_guess,12,sincos,guess,gradient"), fits);
    assertTrue(fits.contains("bound_constant,12,sincos,at,gradient,10,"), fits);
  }

  @Test
  void fig4aFig5AndFig6RunAtTinyGrids(@TempDir Path data) throws IOException {
    Path o4 = dir.resolve("f4");
    DamRun r = dam("experiment", "fig4a", "--k", "40", "--queries", "10", "--dims", "12",
        "--betas", "10", "--ys", "64,2048", "--steps", "10", "--no-progress", "--out",
        o4.toString());
    assertEquals(0, r.code(), r.err());
    Map<String, Double> v = values(o4.resolve("fig4a.csv"));
    assertEquals(6, v.size());
    for (double h : v.values()) {
      assertTrue(h >= 0 && h <= 1, "Δ_H in [0, 1]: " + h);
    }
    assertTrue(Files.exists(o4.resolve("fig4a.png")));

    Path o5 = dir.resolve("f5");
    r = dam("experiment", "fig5", "--ks", "10,40", "--queries", "10", "--dims", "12",
        "--betas", "10", "--y", "512", "--no-progress", "--out", o5.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(o5.resolve("fig5.png")));
    // The settings line, the header and 16 points.
    assertEquals(18, Files.readAllLines(o5.resolve("fig5.csv")).size());

    // A user data file for fig6: 30 rows of 3 features (10 stored, 8 new).
    double[] x = new double[30 * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(1.7 * i) * 5 + i % 7;
    }
    Path npy = data.resolve("x.npy");
    Npy.write(npy, new Matrix(x, 30, 3, false), false);
    Path o6 = dir.resolve("f6");
    r = dam("experiment", "fig6", "--data", npy.toString(), "--k", "10", "--new", "8",
        "--features", "sincos,exp", "--betas", "1", "--ys", "64,256", "--no-progress", "--out",
        o6.toString());
    assertEquals(0, r.code(), r.err());
    v = values(o6.resolve("fig6.csv"));
    // 2 bases × 2 Y × 3 sets × 2 metrics, keyed without the basis: 12 distinct keys.
    assertEquals(12, v.size());
    assertTrue(Files.exists(o6.resolve("fig6.png")));
  }

  @Test
  void fig4aResumesFromItsCsvAndRefusesOtherSettings() throws IOException {
    Path out = dir.resolve("r");
    String[] grid = {"experiment", "fig4a", "--k", "30", "--queries", "5", "--dims", "12",
        "--betas", "10,30", "--ys", "64,256", "--no-progress", "--out", out.toString()};
    DamRun r = dam(with(grid, "--steps", "5", "--projection", "sorf"));
    assertEquals(0, r.code(), r.err());
    Path csv = out.resolve("fig4a.csv");
    String full = Files.readString(csv);
    assertTrue(full.startsWith("# settings: fig4a --scale small --k 30 --queries 5 --dims 12"
        + " --betas 10,30 --ys 64,256 --features sincos --projection sorf --near 0.1 --eta 0.5"
        + " --steps 5 --tol 1.0E-7 --seed 1 --backend jvm\n"), full);

    // A run killed after its first cell left the settings, the header and that cell's lines.
    String[] lines = full.split("\n");
    Files.writeString(csv, String.join("\n", List.of(lines).subList(0, 5)) + "\n");
    r = dam(with(grid, "--steps", "5", "--projection", "sorf", "--resume"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("--resume: 1 finished cells"), r.out());
    assertEquals(full, Files.readString(csv));

    r = dam(with(grid, "--steps", "6", "--projection", "sorf", "--resume"));
    assertEquals(2, r.code());
    assertEquals("dam: error: --resume: " + csv + " was written with --steps 5, this run has"
        + " --steps 6; use another --out or drop --resume", r.err().strip());
    assertEquals(full, Files.readString(csv));

    // Without --resume the run starts afresh over the old files, as before.
    r = dam(with(grid, "--steps", "6"));
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(csv).contains(" --steps 6 "));

    r = dam("experiment", "fig6", "--k", "10", "--new", "8", "--resume", "--no-progress",
        "--out", dir.resolve("r6").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("fig6 cannot resume"), r.err());
  }

  private static String[] with(String[] a, String... more) {
    String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, all, a.length, more.length);
    return all;
  }

  @Test
  void completeStoresOccludesAndRetrievesTinyImages() throws IOException {
    Path out = dir.resolve("c");
    DamRun r = dam("experiment", "complete", "--size", "8", "--dim", "512", "--steps", "5",
        "--beta", "20", "--no-progress", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    BufferedImage grid = ImageIO.read(out.resolve("complete.png").toFile());
    assertTrue(grid.getWidth() > 10 * 8 * 3 && grid.getHeight() >= 4 * 8 * 3);
    List<String> trace = Files.readAllLines(out.resolve("complete-energy.csv"));
    assertEquals(1 + 6 * 10, trace.size());
    // MrDAM's energy never rises along descent with a small step.
    Map<Integer, Double> last = new HashMap<>();
    for (String l : trace.subList(1, trace.size())) {
      String[] f = l.split(",");
      int img = Integer.parseInt(f[1]);
      double e = Double.parseDouble(f[3]);
      if (last.containsKey(img)) {
        assertTrue(e <= last.get(img) + 1e-6, l);
      }
      last.put(img, e);
    }
    assertTrue(Files.exists(out.resolve("complete-energy.png")));
    assertTrue(Files.exists(out.resolve("complete.csv")));
  }

  @Test
  void badInputExitsWithStatusTwoAndWritesNothing() throws IOException {
    Path out = dir.resolve("none");
    DamRun r = dam("experiment", "fig3", "--betas", "10,0", "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("beta"), r.err());
    assertFalse(Files.exists(out));

    r = dam("experiment", "fig5", "--betas", "-1", "--out", out.toString());
    assertEquals(2, r.code());
    assertFalse(Files.exists(out));

    r = dam("experiment", "fig6", "--data", dir.resolve("missing.npy").toString(), "--out",
        out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("missing.npy"), r.err());
    assertFalse(Files.exists(out));

    Path garbage = dir.resolve("garbage.npy");
    Files.writeString(garbage, "not an npy file");
    r = dam("experiment", "fig6", "--data", garbage.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertFalse(Files.exists(out));

    // Too few rows for 500 stored + 400 new patterns.
    Path small = dir.resolve("small.npy");
    Npy.write(small, new Matrix(new double[] {1, 2, 3, 4, 5, 6}, 3, 2, false), false);
    r = dam("experiment", "fig6", "--data", small.toString(), "--no-progress", "--out",
        out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("distinct rows"), r.err());
    assertFalse(Files.exists(out));

    r = dam("experiment", "fig3", "--scale", "huge", "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("scale"), r.err());

    r = dam("experiment", "fig4a", "--ys", "1001", "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("even"), r.err());

    Path empty = Files.createDirectory(dir.resolve("empty"));
    r = dam("experiment", "complete", "--images", empty.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("empty directory"), r.err());
    Files.writeString(empty.resolve("broken.png"), "not a png");
    r = dam("experiment", "complete", "--images", empty.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("broken.png"), r.err());
    assertFalse(Files.exists(out));

    // --out naming a file is refused before any work.
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    r = dam("experiment", "fig3", "--out", file.toString());
    assertEquals(2, r.code());
    assertEquals("x", Files.readString(file));
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }
}
