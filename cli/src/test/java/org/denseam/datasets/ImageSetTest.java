package org.denseam.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSetTest {
  private static ImageSet twoRgbPixels() {
    // Two images of 1 x 2 pixels, RGB.
    float[] v = {0.1f, 0.2f, 0.3f, 1f, 1f, 1f, 0f, 0.5f, 1f, 0.25f, 0.25f, 0.25f};
    return new ImageSet("x", 2, 1, 2, 3, v, List.of("a", "b"));
  }

  @Test
  void accessesImagesAndPixelsInHwcOrder() {
    ImageSet s = twoRgbPixels();
    assertEquals(6, s.imageSize());
    assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.25f, 0.25f, 0.25f}, s.image(1));
    assertEquals(0.5f, s.pixel(1, 0, 0, 1));
    assertEquals(0.3f, s.pixel(0, 0, 0, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> s.image(2));
    assertThrows(IndexOutOfBoundsException.class, () -> s.pixel(0, 1, 0, 0));
  }

  @Test
  void grayIsBt601Luma() {
    ImageSet s = twoRgbPixels();
    float[] g = s.gray(1);
    assertEquals((float) (0.587 * 0.5f + 0.114), g[0]);
    assertEquals((float) (0.299 * 0.25f + 0.587 * 0.25f + 0.114 * 0.25f), g[1]);
    assertEquals(1f, s.gray(0)[1]); // 0.299 + 0.587 + 0.114 rounds to 1
    ImageSet gs = s.toGray();
    assertEquals(1, gs.channels());
    assertEquals(List.of("a", "b"), gs.labels());
    assertArrayEquals(s.gray(0), gs.image(0));
    assertSame(gs, gs.toGray());
  }

  @Test
  void refusesWrongShapesAndValues() {
    assertThrows(IllegalArgumentException.class,
        () -> new ImageSet("x", 1, 1, 1, 2, new float[2], List.of("a")));
    assertThrows(IllegalArgumentException.class,
        () -> new ImageSet("x", 1, 1, 2, 1, new float[1], List.of("a")));
    assertThrows(IllegalArgumentException.class,
        () -> new ImageSet("x", 1, 1, 1, 1, new float[1], List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> new ImageSet("x", 1, 1, 1, 1, new float[] {Float.NaN}, List.of("a")));
    assertThrows(IllegalArgumentException.class,
        () -> new ImageSet("x", 1, 1, 1, 1, new float[] {1.5f}, List.of("a")));
    assertThrows(IllegalArgumentException.class,
        () -> new ImageSet("x", 1, 0, 1, 1, new float[0], List.of("a")));
  }

  @Test
  void tableChecksItsShape() {
    Table t = new Table("t", 2, 2, new double[] {1, 2, 3, 4}, List.of("A", "B"));
    assertArrayEquals(new double[] {3, 4}, t.row(1));
    assertThrows(IllegalArgumentException.class,
        () -> new Table("t", 2, 2, new double[3], List.of("A", "B")));
    assertThrows(IllegalArgumentException.class,
        () -> new Table("t", 1, 1, new double[] {Double.NaN}, List.of("A")));
    assertThrows(IllegalArgumentException.class,
        () -> new Table("t", 1, 1, new double[1], List.of()));
  }
}
