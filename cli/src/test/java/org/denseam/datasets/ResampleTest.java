package org.denseam.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResampleTest {
  private static Picture gray(int h, int w, float... v) {
    return new Picture(v, h, w, 1);
  }

  @Test
  void shrinkingAveragesBlocks() {
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = i / 16f;
    }
    float[] out = Resample.square(gray(4, 4, v), 2);
    // Blocks {0,1,4,5}, {2,3,6,7}, {8,9,12,13}, {10,11,14,15}, each / 16.
    assertArrayEquals(new float[] {2.5f / 16, 4.5f / 16, 10.5f / 16, 12.5f / 16}, out, 1e-7f);
  }

  @Test
  void shrinkingByAFractionWeighsOverlaps() {
    // 3 pixels to 2: output 0 covers [0, 1.5): pixel 0 whole, half of pixel 1.
    float[] out = Resample.square(gray(3, 3, 0, 0.3f, 0.9f, 0, 0.3f, 0.9f, 0, 0.3f, 0.9f), 2);
    float a = (float) ((0 + 0.5 * 0.3) / 1.5), b = (float) ((0.5 * 0.3 + 0.9) / 1.5);
    assertArrayEquals(new float[] {a, b, a, b}, out, 1e-6f);
  }

  @Test
  void nonSquareImagesAreCentreCropped() {
    // 2 x 4: the middle two columns are kept.
    float[] out = Resample.square(gray(2, 4, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f), 2);
    assertArrayEquals(new float[] {0.2f, 0.3f, 0.6f, 0.7f}, out);
    // 5 x 2: rows 1 and 2 ((5 - 2) / 2 = 1, rounded down).
    out = Resample.square(gray(5, 2, 0, 0, 0.1f, 0.2f, 0.3f, 0.4f, 0, 0, 0, 0), 2);
    assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, out);
  }

  @Test
  void enlargingIsBilinearBetweenPixelCentres() {
    // 2 to 4: samples at -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    float[] out = Resample.square(gray(2, 2, 0, 1, 0, 1), 4);
    float[] row = {0, 0.25f, 0.75f, 1};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals(row[x], out[y * 4 + x], 1e-7f);
      }
    }
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f},
        Resample.square(gray(1, 1, 0.5f), 2));
  }

  @Test
  void colourChannelsAreResampledApart() {
    Picture p = new Picture(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1}, 2, 2, 3);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, Resample.square(p, 1), 1e-7f);
  }
}
