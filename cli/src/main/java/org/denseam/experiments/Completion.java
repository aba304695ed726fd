package org.denseam.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.denseam.api.Engine;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Retrieval;
import org.denseam.api.Memory;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.datasets.Datasets;
import org.denseam.datasets.ImageSet;
import org.knowm.xchart.XYChart;

/**
 * Image completion as in Figures 1 and 2 of the DrDAM paper: grayscale or colour images are
 * stored in MrDAM and DrDAM, the bottom part of each is occluded (set to zero), the visible pixels
 * are clamped (their gradient is zeroed, {@link RetrieveOptions#clamp()}), and both models
 * descend their energies from the occluded images. The fixed points are drawn in a grid (occluded
 * / DrDAM / MrDAM / original) and the energy traces written out.
 *
 * <p>An image is the vector of its pixels row by row, the channels of a pixel next to each other
 * (height × width × channels, R G B for colour): D = height · width · channels, 12288 for the
 * paper's 64 × 64 × 3. Values p ∈ [0, 1] are stored as {@code p/√D} so that images lie in {@code
 * [0, 1/√D]^D}, as in the paper's Figure 4B.
 */
public final class Completion {
  /**
   * A set of equally sized grayscale or colour images.
   *
   * @param name where they came from
   * @param pixels count × (height·width·channels) values in [0, 1]: image after image, row after
   *     row, the channels of a pixel next to each other
   * @param count number of images
   * @param width width in pixels
   * @param height height in pixels
   * @param channels 1 (grayscale) or 3 (R, G, B)
   * @param labels a short label per image
   */
  public record Images(String name, double[] pixels, int count, int width, int height,
      int channels, List<String> labels) {
    /**
     * Validates the shape.
     *
     * @throws IllegalArgumentException on inconsistent sizes
     */
    public Images {
      Models.positive("number of images", count);
      Models.positive("image width", width);
      Models.positive("image height", height);
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("images have 1 or 3 channels, not " + channels);
      }
      Models.finiteMatrix("images", pixels, count, width * height * channels);
      if (labels.size() != count) {
        throw new IllegalArgumentException(labels.size() + " labels for " + count + " images");
      }
      labels = List.copyOf(labels);
    }

    /**
     * Grayscale images.
     *
     * @param name where they came from
     * @param pixels count × (height·width) values in [0, 1], row-major, image after image
     * @param count number of images
     * @param width width in pixels
     * @param height height in pixels
     * @param labels a short label per image
     * @throws IllegalArgumentException on inconsistent sizes
     */
    public Images(String name, double[] pixels, int count, int width, int height,
        List<String> labels) {
      this(name, pixels, count, width, height, 1, labels);
    }

    /**
     * D, values per image: height · width · channels.
     *
     * @return D
     */
    public int d() {
      return width * height * channels;
    }

    /** Values per row of pixels: width · channels. */
    int rowSize() {
      return width * channels;
    }

    /**
     * Index of the first hidden value of an image whose bottom {@code occlude} of rows is
     * occluded: the values before it are visible (and clamped), those from it on are zero in the
     * query.
     */
    int firstHidden(double occlude) {
      return (height - occludedRows(height, occlude)) * rowSize();
    }

    /**
     * Checks that {@code occlude} hides some but not all rows.
     *
     * @throws IllegalArgumentException naming --occlude
     */
    void checkOcclude(double occlude) {
      if (!(occlude > 0 && occlude < 1)) {
        throw new IllegalArgumentException("--occlude must be in (0, 1), got " + occlude);
      }
      if (occludedRows(height, occlude) == 0 || occludedRows(height, occlude) == height) {
        throw new IllegalArgumentException("--occlude " + occlude + " hides no row or every row of "
            + height + "-pixel-high images");
      }
    }

    /** The images in model units: every value p as p/√D, image after image. */
    double[] stored() {
      double scale = 1 / Math.sqrt(d());
      double[] stored = new double[pixels.length];
      for (int i = 0; i < stored.length; i++) {
        stored[i] = pixels[i] * scale;
      }
      return stored;
    }

    /**
     * The stored image nearest (in pixel units) to row {@code row} of {@code x}, a matrix of
     * states in model units with D columns.
     */
    int nearest(double[] x, int row) {
      int d = d();
      double s = Math.sqrt(d);
      int best = -1;
      double bestDist = Double.POSITIVE_INFINITY;
      for (int mu = 0; mu < count; mu++) {
        double dist = 0;
        for (int i = 0; i < d; i++) {
          double v = x[row * d + i] * s - pixels[mu * d + i];
          dist += v * v;
        }
        if (dist < bestDist) {
          bestDist = dist;
          best = mu;
        }
      }
      return best;
    }
  }

  /**
   * Parameters of a run.
   *
   * @param images the images to store (all are also queried)
   * @param beta inverse temperature β
   * @param y DrDAM feature dimension Y (length of T)
   * @param basis DrDAM basis
   * @param projection DrDAM's random projections: {@code gaussian} (the paper's) or {@code sorf}
   * @param steps descent steps L
   * @param eta step size η
   * @param occlude fraction of rows occluded at the bottom, in (0, 1)
   * @param seed seed of the projections
   */
  public record Config(Images images, double beta, int y, String basis, String projection,
      int steps, double eta, double occlude, long seed) {
    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException naming the first bad parameter
     */
    public Config {
      if (images == null) {
        throw new IllegalArgumentException("images must be given");
      }
      Models.beta(beta);
      basis = Models.checkMaps(basis, new int[] {images.d()}, new int[] {y});
      projection = FeatureSpec.projectionName(projection);
      new RetrieveOptions(steps, eta, 0, null, false);
      images.checkOcclude(occlude);
    }

    /**
     * One line describing the configuration.
     *
     * @return the description
     */
    public String describe() {
      return String.format(Locale.ROOT,
          "%d %s images of %dx%d (%s), D=%d, bottom %d of %d rows occluded and the rest"
              + " clamped; beta=%s; DrDAM: %s features, Y=%d, %s projections, seed %d;"
              + " descent: %d steps of eta=%s",
          images.count(), images.channels() == 3 ? "colour" : "grayscale", images.width(),
          images.height(), images.name(), images.d(), occludedRows(images.height(), occlude),
          images.height(), Format.num(beta), basis, y, projection, seed, steps,
          Format.num(eta));
    }
  }

  /**
   * What a run produced.
   *
   * @param config the configuration
   * @param queries the occluded images, count × D, in model units (pixel/√D)
   * @param mrdam MrDAM's fixed points, count × D
   * @param drdam DrDAM's fixed points, count × D
   * @param traceMrdam MrDAM's energy after each step (L + 1 rows of count values)
   * @param traceDrdam DrDAM's own energy after each step (L + 1 rows of count values)
   * @param seconds wall time of the two descents
   */
  public record Result(Config config, double[] queries, double[] mrdam, double[] drdam,
      List<double[]> traceMrdam, List<double[]> traceDrdam, double seconds) {}

  private Completion() {}

  static int occludedRows(int height, double occlude) {
    return (int) Math.round(height * occlude);
  }

  /**
   * Runs the completion with both models.
   *
   * @param c the configuration
   * @param be where both models run
   * @param progress progress reporter (two steps: MrDAM, then DrDAM)
   * @return the fixed points and traces
   */
  public static Result run(Config c, Engine be, Progress progress) {
    Images im = c.images();
    int d = im.d();
    int k = im.count();
    double[] stored = im.stored();
    int firstHidden = im.firstHidden(c.occlude());
    boolean[] clamp = new boolean[d];
    for (int i = 0; i < firstHidden; i++) {
      clamp[i] = true;
    }
    double[] queries = stored.clone();
    for (int b = 0; b < k; b++) {
      for (int i = firstHidden; i < d; i++) {
        queries[b * d + i] = 0;
      }
    }
    RetrieveOptions descent = new RetrieveOptions(c.steps(), c.eta(), 0, clamp, true);
    long t0 = System.nanoTime();
    Memory mr = Models.exact(be, stored, k, d, c.beta());
    Retrieval rMr = Models.descend(mr, queries, k, descent);
    double[] xMr = rMr.states().toArray();
    progress.advance(1, "DrDAM");
    FeatureStore dr = be.featureMemory(d, c.beta(), c.basis(), c.y(),
        BinaryData.seed(c.seed(), 0x5EED), c.projection());
    dr.add(org.denseam.api.Vectors.view(stored, k, d));
    Retrieval rDr = Models.descend(dr, queries, k, descent);
    double[] xDr = rDr.states().toArray();
    progress.advance(10, "done");
    return new Result(c, queries, xMr, xDr, rMr.trace(), rDr.trace(),
        (System.nanoTime() - t0) * 1e-9);
  }

  /**
   * Per-image agreement: root-mean-square pixel differences over the occluded pixels, and which
   * stored image each fixed point is closest to.
   *
   * @param image image index
   * @param label its label
   * @param rmsDrdamMrdam RMS pixel difference between DrDAM's and MrDAM's completions
   * @param rmsMrdamOriginal RMS pixel difference between MrDAM's completion and the original
   * @param rmsDrdamOriginal RMS pixel difference between DrDAM's completion and the original
   * @param nearestMrdam index of the stored image nearest to MrDAM's fixed point
   * @param nearestDrdam index of the stored image nearest to DrDAM's fixed point
   */
  public record Agreement(int image, String label, double rmsDrdamMrdam, double rmsMrdamOriginal,
      double rmsDrdamOriginal, int nearestMrdam, int nearestDrdam) {}

  /**
   * Compares the completions with each other and with the originals.
   *
   * @param r a result
   * @return one entry per image
   */
  public static List<Agreement> agreement(Result r) {
    Images im = r.config().images();
    int d = im.d();
    double s = Math.sqrt(d);
    int first = im.firstHidden(r.config().occlude());
    List<Agreement> out = new ArrayList<>();
    for (int b = 0; b < im.count(); b++) {
      double dm = 0;
      double mo = 0;
      double dor = 0;
      for (int i = first; i < d; i++) {
        double pm = r.mrdam()[b * d + i] * s;
        double pd = r.drdam()[b * d + i] * s;
        double po = im.pixels()[b * d + i];
        dm += (pd - pm) * (pd - pm);
        mo += (pm - po) * (pm - po);
        dor += (pd - po) * (pd - po);
      }
      int n = d - first;
      out.add(new Agreement(b, im.labels().get(b), Math.sqrt(dm / n), Math.sqrt(mo / n),
          Math.sqrt(dor / n), im.nearest(r.mrdam(), b), im.nearest(r.drdam(), b)));
    }
    return out;
  }

  // ---------------------------------------------------------------- images

  /**
   * The built-in image set: ten procedurally drawn grayscale shapes (disc, ring, frame, plus,
   * cross, stripes, checkerboard, triangle, tee, corner) of similar brightness on a dark
   * background, anti-aliased with Java2D, each with a different top part so that the visible
   * pixels identify it. No fonts or files are involved, so the set is the same everywhere.
   *
   * @param size width and height in pixels (8 to 256)
   * @return the images
   */
  public static Images builtIn(int size) {
    if (size < 8 || size > 256) {
      throw new IllegalArgumentException("--size must be in [8, 256], got " + size);
    }
    String[] names = {"disc", "ring", "frame", "plus", "cross", "stripes", "checker",
        "triangle", "tee", "corner"};
    double[] pixels = new double[names.length * size * size];
    for (int i = 0; i < names.length; i++) {
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(gray(0.06f));
      g.fillRect(0, 0, size, size);
      g.setColor(gray(0.7f + 0.02f * (i % 5)));
      double s = size;
      double m = 0.12 * s;
      switch (i) {
        case 0 -> g.fill(new Ellipse2D.Double(m, m, s - 2 * m, s - 2 * m));
        case 1 -> {
          g.setStroke(new BasicStroke((float) (0.12 * s)));
          g.draw(new Ellipse2D.Double(1.2 * m, 1.2 * m, s - 2.4 * m, s - 2.4 * m));
        }
        case 2 -> {
          g.setStroke(new BasicStroke((float) (0.12 * s)));
          g.draw(new Rectangle2D.Double(m, m, s - 2 * m, s - 2 * m));
        }
        case 3 -> {
          g.fill(new Rectangle2D.Double(0.39 * s, 0.5 * m, 0.22 * s, s - m));
          g.fill(new Rectangle2D.Double(0.5 * m, 0.39 * s, s - m, 0.22 * s));
        }
        case 4 -> {
          g.setStroke(new BasicStroke((float) (0.15 * s), BasicStroke.CAP_BUTT,
              BasicStroke.JOIN_MITER));
          g.draw(new java.awt.geom.Line2D.Double(m, m, s - m, s - m));
          g.draw(new java.awt.geom.Line2D.Double(s - m, m, m, s - m));
        }
        case 5 -> {
          for (int c = 0; c < 4; c++) {
            g.fill(new Rectangle2D.Double((0.08 + 0.24 * c) * s, 0.5 * m, 0.12 * s, s - m));
          }
        }
        case 6 -> {
          double c = s / 4;
          for (int r = 0; r < 4; r++) {
            for (int col = 0; col < 4; col++) {
              if ((r + col) % 2 == 1) {
                g.fill(new Rectangle2D.Double(col * c, r * c, c, c));
              }
            }
          }
        }
        case 7 -> g.fill(poly(s / 2, m * 0.5, s - m * 0.5, s - m * 0.7, m * 0.5, s - m * 0.7));
        case 8 -> {
          g.fill(new Rectangle2D.Double(0.5 * m, 0.5 * m, s - m, 0.2 * s));
          g.fill(new Rectangle2D.Double(0.4 * s, 0.5 * m, 0.2 * s, s - m));
        }
        default -> {
          g.fill(new Rectangle2D.Double(0.5 * m, 0.5 * m, 0.2 * s, s - m));
          g.fill(new Rectangle2D.Double(0.5 * m, s - 0.5 * m - 0.2 * s, s - m, 0.2 * s));
        }
      }
      g.dispose();
      toGray(img, pixels, i * size * size);
    }
    return new Images("built-in shapes", pixels, names.length, size, size, List.of(names));
  }

  private static Color gray(float v) {
    float c = Math.max(0, Math.min(1, v));
    return new Color(c, c, c);
  }

  private static Path2D poly(double... xy) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(xy[0], xy[1]);
    for (int i = 2; i < xy.length; i += 2) {
      p.lineTo(xy[i], xy[i + 1]);
    }
    p.closePath();
    return p;
  }

  /** Luminance in [0, 1] of every pixel, row-major. */
  private static void toGray(BufferedImage img, double[] out, int off) {
    int w = img.getWidth();
    for (int yy = 0; yy < img.getHeight(); yy++) {
      for (int xx = 0; xx < w; xx++) {
        int rgb = img.getRGB(xx, yy);
        double r = (rgb >> 16) & 0xFF;
        double gg = (rgb >> 8) & 0xFF;
        double b = rgb & 0xFF;
        out[off + yy * w + xx] = (0.299 * r + 0.587 * gg + 0.114 * b) / 255.0;
      }
    }
  }

  /**
   * The images of a data set in any format {@link Datasets#images} reads (a directory of PNG/JPEG
   * files, a Tiny ImageNet tree, CIFAR-10 batches, IDX files, NPY), centre-cropped and resampled to
   * {@code size × size}.
   *
   * @param src the data set
   * @param size width and height after resampling (8 to 256)
   * @param max most images to read, the first ones in the data set's order
   * @param channels 3 for R, G, B; 1 for luminance
   * @return the images
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException naming the file if the data set is malformed
   */
  public static Images read(Path src, int size, int max, int channels) throws IOException {
    if (size < 8 || size > 256) {
      throw new IllegalArgumentException("--size must be in [8, 256], got " + size);
    }
    Models.positive("--count", max);
    ImageSet set = Datasets.images(src, max, size, channels);
    double[] pixels = new double[set.pixels().length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = set.pixels()[i];
    }
    return new Images(set.name(), pixels, set.count(), set.width(), set.height(),
        set.channels(), set.labels());
  }

  // ---------------------------------------------------------------- output

  /**
   * Writes {@code PREFIX.png} (the grid), {@code PREFIX-energy.csv} and {@code PREFIX-energy.png}
   * (the traces) and {@code PREFIX.csv} (one line per image: the agreement).
   *
   * @param dir an existing directory
   * @param prefix file name prefix, e.g. {@code complete} or {@code fig1}
   * @param r the result
   * @return the paths written
   * @throws IOException if writing fails
   */
  public static List<Path> write(Path dir, String prefix, Result r) throws IOException {
    Png.headless();
    Path grid = dir.resolve(prefix + ".png");
    Path traceCsv = dir.resolve(prefix + "-energy.csv");
    Path tracePng = dir.resolve(prefix + "-energy.png");
    Path summary = dir.resolve(prefix + ".csv");
    Png.writeImage(grid, grid(r, r.config().images().width() >= 48 ? 2 : 3));
    StringBuilder sb = new StringBuilder("step,image,label,energy_mrdam,energy_drdam\n");
    Images im = r.config().images();
    for (int t = 0; t < r.traceMrdam().size(); t++) {
      for (int b = 0; b < im.count(); b++) {
        sb.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s%n", t, b, im.labels().get(b),
            Format.num(r.traceMrdam().get(t)[b]), Format.num(r.traceDrdam().get(t)[b])));
      }
    }
    TextFile.write(traceCsv, sb.toString());
    tracePlot(tracePng, r);
    StringBuilder s = new StringBuilder("# " + r.config().describe() + "\n");
    s.append("image,label,rms_drdam_vs_mrdam,rms_mrdam_vs_original,rms_drdam_vs_original,"
        + "nearest_mrdam,nearest_drdam\n");
    for (Agreement a : agreement(r)) {
      s.append(String.format(Locale.ROOT, "%d,%s,%.4f,%.4f,%.4f,%s,%s%n", a.image(), a.label(),
          a.rmsDrdamMrdam(), a.rmsMrdamOriginal(), a.rmsDrdamOriginal(),
          im.labels().get(a.nearestMrdam()), im.labels().get(a.nearestDrdam())));
    }
    TextFile.write(summary, s.toString());
    return List.of(grid, summary, traceCsv, tracePng);
  }

  /** The image grid: rows occluded, DrDAM, MrDAM, original; one column per image. */
  static BufferedImage grid(Result r, int zoom) {
    Images im = r.config().images();
    int w = im.width() * zoom;
    int h = im.height() * zoom;
    int gap = 4;
    int labelW = 78;
    int cols = im.count();
    String[] rowNames = {"occluded", "DrDAM", "MrDAM", "original"};
    int width = labelW + cols * (w + gap) + gap;
    int height = 4 * (h + gap) + gap;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    double s = Math.sqrt(im.d());
    for (int row = 0; row < 4; row++) {
      int top = gap + row * (h + gap);
      g.setColor(Color.DARK_GRAY);
      g.drawString(rowNames[row], 6, top + h / 2 + 5);
      for (int c = 0; c < cols; c++) {
        int left = labelW + gap + c * (w + gap);
        double[] x = switch (row) {
          case 0 -> r.queries();
          case 1 -> r.drdam();
          case 2 -> r.mrdam();
          default -> im.pixels();
        };
        drawImage(g, im, x, c, row == 3 ? 1 : s, left, top, zoom);
      }
    }
    g.dispose();
    return out;
  }

  /**
   * Draws image {@code index} of {@code x} (values × {@code scale} in [0, 1], clipped) with its
   * top-left corner at (left, top), each pixel a zoom × zoom square.
   */
  static void drawImage(Graphics2D g, Images im, double[] x, int index, double scale, int left,
      int top, int zoom) {
    int ch = im.channels();
    for (int yy = 0; yy < im.height(); yy++) {
      for (int xx = 0; xx < im.width(); xx++) {
        int i = index * im.d() + (yy * im.width() + xx) * ch;
        int red = level(x[i] * scale);
        int green = ch == 3 ? level(x[i + 1] * scale) : red;
        int blue = ch == 3 ? level(x[i + 2] * scale) : red;
        g.setColor(new Color(red, green, blue));
        g.fillRect(left + xx * zoom, top + yy * zoom, zoom, zoom);
      }
    }
  }

  private static int level(double v) {
    return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
  }

  private static void tracePlot(Path png, Result r) throws IOException {
    Images im = r.config().images();
    int n = r.traceMrdam().size();
    List<XYChart> charts = new ArrayList<>();
    String[] titles = {"MrDAM energy E(x_t)", "DrDAM energy Ê(x_t)"};
    for (int panel = 0; panel < 2; panel++) {
      List<double[]> trace = panel == 0 ? r.traceMrdam() : r.traceDrdam();
      XYChart c = Charts.panel(titles[panel], "step t", panel == 0 ? "energy" : "", 480, 330,
          false, false);
      c.getStyler().setLegendVisible(panel == 1);
      c.getStyler().setXAxisTickMarkSpacingHint(70);
      c.getStyler().setYAxisDecimalPattern("0.000");
      c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
      for (int b = 0; b < im.count(); b++) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
          x[t] = t;
          y[t] = trace.get(t)[b];
        }
        var series = c.addSeries(im.labels().get(b), x, y);
        series.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        series.setLineColor(Charts.color(b, im.count()));
        series.setLineWidth(1.5f);
      }
      charts.add(c);
    }
    Png.write(png, charts, 1, 2);
  }
}
