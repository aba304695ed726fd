package org.denseam.datasets;

/**
 * Centre-crops an image to a square and resamples it to {@code size × size}, deterministically.
 *
 * <p>The crop keeps the central {@code s × s} square, {@code s = min(height, width)}, starting at
 * row {@code (height − s) / 2} and column {@code (width − s) / 2} (rounded down). Each axis is then
 * resampled on its own (separably), in double precision:
 *
 * <ul>
 *   <li>shrinking ({@code s > size}): area averaging. Output pixel {@code i} covers the source
 *       interval {@code [i·s/size, (i+1)·s/size)}, and each source pixel weighs the length of its
 *       overlap with that interval, divided by {@code s/size}; a 4 × 4 image shrunk to 2 × 2
 *       averages its 2 × 2 blocks;
 *   <li>enlarging ({@code s < size}): bilinear interpolation between pixel centres. Output pixel
 *       {@code i} samples the source at {@code (i + 0.5)·s/size − 0.5}, clamped to {@code [0,
 *       s − 1]};
 *   <li>{@code s = size}: the values are copied.
 * </ul>
 *
 * Results are rounded to float and clamped to [0, 1] (rounding can step just outside).
 */
final class Resample {
  private Resample() {}

  /** The weights of one axis: output {@code i} is {@code Σ_k w[i][k] · in[start[i] + k]}. */
  private record Axis(int[] start, double[][] w) {}

  static float[] square(Picture p, int size) {
    int s = Math.min(p.height(), p.width());
    int top = (p.height() - s) / 2;
    int left = (p.width() - s) / 2;
    int c = p.channels();
    float[] in = p.pixels();
    float[] out = new float[size * size * c];
    if (s == size) {
      for (int y = 0; y < s; y++) {
        System.arraycopy(in, ((top + y) * p.width() + left) * c, out, y * size * c, size * c);
      }
      return out;
    }
    Axis a = axis(s, size);
    // Along x: s rows of size pixels.
    double[] rows = new double[s * size * c];
    for (int y = 0; y < s; y++) {
      int base = ((top + y) * p.width() + left) * c;
      for (int j = 0; j < size; j++) {
        double[] w = a.w()[j];
        int from = base + a.start()[j] * c;
        for (int ch = 0; ch < c; ch++) {
          double v = 0;
          for (int k = 0; k < w.length; k++) {
            v += w[k] * in[from + k * c + ch];
          }
          rows[(y * size + j) * c + ch] = v;
        }
      }
    }
    // Along y.
    for (int i = 0; i < size; i++) {
      double[] w = a.w()[i];
      int y0 = a.start()[i];
      for (int j = 0; j < size * c; j++) {
        double v = 0;
        for (int k = 0; k < w.length; k++) {
          v += w[k] * rows[(y0 + k) * size * c + j];
        }
        out[i * size * c + j] = (float) Math.min(1.0, Math.max(0.0, v));
      }
    }
    return out;
  }

  private static Axis axis(int s, int size) {
    int[] start = new int[size];
    double[][] w = new double[size][];
    for (int i = 0; i < size; i++) {
      if (s > size) {
        // In units of 1/size of a source pixel: output i covers [i·s, (i+1)·s), source pixel y
        // covers [y·size, (y+1)·size).
        long lo = (long) i * s, hi = (long) (i + 1) * s;
        int y0 = (int) (lo / size), y1 = (int) ((hi - 1) / size);
        start[i] = y0;
        w[i] = new double[y1 - y0 + 1];
        for (int y = y0; y <= y1; y++) {
          long overlap = Math.min(hi, (long) (y + 1) * size) - Math.max(lo, (long) y * size);
          w[i][y - y0] = (double) overlap / s;
        }
      } else {
        double x = Math.min(s - 1, Math.max(0.0, (i + 0.5) * s / size - 0.5));
        int x0 = (int) Math.floor(x);
        double f = x - x0;
        start[i] = x0;
        w[i] = x0 + 1 < s ? new double[] {1 - f, f} : new double[] {1};
      }
    }
    return new Axis(start, w);
  }
}
