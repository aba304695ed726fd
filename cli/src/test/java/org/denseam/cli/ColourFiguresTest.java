package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dam experiment fig1}, {@code fig2} and {@code fig4b} on tiny colour images the test
 * writes: a directory of PNG files and a CIFAR-10 batch. Checks what they write (a colour grid,
 * one CSV line per image or per fixed point, the summary line) and that the figures need their
 * images.
 */
class ColourFiguresTest {
  @TempDir Path dir;

  DamRun dam(String... args) {
    return DamRun.of(args);
  }

  /** Four 12 × 10 colour PNGs, each a different colour in its top and its bottom half. */
  private Path photos() throws IOException {
    Path d = Files.createDirectories(dir.resolve("photos"));
    int[][] colours = {{0xC03020, 0x2040E0}, {0x20C040, 0xE0E020}, {0x8020C0, 0x20E0E0},
        {0xE08020, 0x404040}};
    for (int i = 0; i < colours.length; i++) {
      BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 12; x++) {
          img.setRGB(x, y, colours[i][y < 5 ? 0 : 1] ^ (x * 3 + y));
        }
      }
      ImageIO.write(img, "png", d.resolve("p" + i + ".png").toFile());
    }
    return d;
  }

  private static boolean hasColour(BufferedImage img) {
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        if (((rgb >> 16) & 0xFF) != (rgb & 0xFF)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void fig1CompletesColourImagesAndWritesAColourGrid() throws IOException {
    Path out = dir.resolve("f1");
    var r = dam("experiment", "fig1", "--images", photos().toString(), "--size", "8",
        "--dim", "2000", "--steps", "30", "--no-progress", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("4 colour images of 8x8"), r.out());
    assertTrue(r.out().contains("D=192"), r.out());
    assertTrue(r.out().contains("bottom 5 of 8 rows occluded"), r.out());
    assertTrue(r.out().contains("DrDAM and MrDAM complete to the same stored image for"),
        r.out());
    BufferedImage grid = ImageIO.read(out.resolve("fig1.png").toFile());
    assertTrue(hasColour(grid), "the grid is drawn in colour");
    List<String> rows = Files.readAllLines(out.resolve("fig1.csv"));
    assertEquals(2 + 4, rows.size(), "a comment, a header and one line per image");
    assertEquals(1 + 31 * 4, Files.readAllLines(out.resolve("fig1-energy.csv")).size());
    assertTrue(Files.exists(out.resolve("fig1-energy.png")));
  }

  @Test
  void fig2TakesItsOwnDefaultsAndEveryOneIsAnOption() throws IOException {
    Path out = dir.resolve("f2");
    var r = dam("experiment", "fig2", "--images", photos().toString(), "--size", "8",
        "--count", "3", "--dim", "1000", "--steps", "2", "--occlude", "0.5", "--channels", "1",
        "--no-progress", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("3 grayscale images of 8x8"), r.out());
    assertTrue(r.out().contains("bottom 4 of 8 rows"), r.out());
    assertTrue(r.out().contains("beta=60"), r.out());
    assertTrue(r.out().contains("for 3 of 3 images") || r.out().contains("of 3 images"), r.out());
    assertTrue(Files.exists(out.resolve("fig2.png")));
  }

  @Test
  void fig4bRunsFromACifarBatch() throws IOException {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    for (int i = 0; i < 4; i++) {
      batch.write(i);
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < 1024; p++) {
          batch.write((p / 32 < 16 ? 40 * (i + 1) : 200 - 30 * i) + 10 * c);
        }
      }
    }
    Path bin = dir.resolve("data_batch_1.bin");
    Files.write(bin, batch.toByteArray());
    Path out = dir.resolve("f4b");
    var r = dam("experiment", "fig4b", "--images", bin.toString(), "--count", "4", "--size",
        "8", "--image", "2", "--betas", "20,80", "--ys", "64,512", "--steps", "20",
        "--no-progress", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    List<String> rows = Files.readAllLines(out.resolve("fig4b.csv"));
    assertEquals(2 + 2 * 3, rows.size(), "per beta: MrDAM and DrDAM at each Y");
    assertTrue(rows.get(2).startsWith("20,mrdam,0,0,"), rows.get(2));
    assertTrue(rows.get(4).startsWith("20,drdam,512,256,"), rows.get(4));
    // MrDAM at beta = 80 completes the masked half of image 2 to image 2 (the others differ).
    String mr80 = rows.get(5);
    assertTrue(mr80.startsWith("80,mrdam,") && mr80.endsWith(",cifar10:2"), mr80);
    BufferedImage panel = ImageIO.read(out.resolve("fig4b.png").toFile());
    assertTrue(hasColour(panel));
  }

  @Test
  void theFiguresNeedTheirImagesAndRefuseBadOnes() throws IOException {
    Path out = dir.resolve("none");
    var r = dam("experiment", "fig1", "--out", out.toString());
    assertEquals(2, r.code());
    assertEquals("dam: error: fig1 needs --images SRC (the images to store)\n", r.err());
    Path bad = dir.resolve("data_batch_1.bin");
    Files.write(bad, new byte[3000]);
    r = dam("experiment", "fig4b", "--images", bad.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("dam: error: ") && r.err().contains("data_batch_1.bin"),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    r = dam("experiment", "fig4b", "--images", photos().toString(), "--count", "4",
        "--image", "4", "--size", "8", "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--image must be in 0..3"), r.err());
    assertFalse(Files.exists(out));
  }
}
