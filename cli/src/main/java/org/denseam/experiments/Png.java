package org.denseam.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.denseam.api.AtomicOutput;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes XChart charts as PNG images, without a display. Several charts become one image, laid
 * out on a grid. Files are written atomically through {@link AtomicOutput}.
 */
public final class Png {
  private Png() {}

  /**
   * Switches AWT to headless mode ({@code java.awt.headless=true}). Must run before the first use
   * of AWT in the process; {@link #write} calls it.
   */
  public static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /**
   * Renders charts on a grid of {@code rows × cols} cells (row by row, each cell the size of its
   * chart) into one PNG file.
   *
   * @param path the target file; replaced only once the whole image is written
   * @param charts the charts, at most {@code rows × cols}
   * @param rows grid rows ≥ 1
   * @param cols grid columns ≥ 1
   * @throws IOException if writing fails (nothing is left at {@code path})
   * @throws IllegalArgumentException if there are no charts or they do not fit the grid
   */
  public static void write(Path path, List<? extends Chart<?, ?>> charts, int rows, int cols)
      throws IOException {
    if (charts == null || charts.isEmpty()) {
      throw new IllegalArgumentException("charts must hold at least one chart");
    }
    if (rows < 1 || cols < 1 || charts.size() > (long) rows * cols) {
      throw new IllegalArgumentException(
          charts.size() + " charts do not fit a grid of " + rows + " x " + cols);
    }
    headless();
    AtomicOutput.write(path, out -> BitmapEncoder.saveBitmap(
        charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG));
  }

  /**
   * Writes an image as a PNG file.
   *
   * @param path the target file; replaced only once the whole image is written
   * @param image the image
   * @throws IOException if writing fails (nothing is left at {@code path})
   */
  public static void writeImage(Path path, BufferedImage image) throws IOException {
    headless();
    AtomicOutput.write(path, out -> {
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer is available");
      }
    });
  }
}
