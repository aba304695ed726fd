package org.denseam.experiments;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Memory;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Vectors;

/**
 * Figure 4B of the DrDAM paper: K images are stored; one of them, its bottom half masked (zero)
 * and its top half clamped, is the query of MrDAM and of DrDAM at every β of a list, DrDAM at
 * every feature dimension Y of a list. The panel shows, per β (a row), the query, DrDAM's fixed
 * points as Y grows, MrDAM's fixed point (the "ground truth") and the original.
 *
 * <p>Images are stored as in {@link Completion}: values p ∈ [0, 1] as {@code p/√D}.
 */
public final class Fig4b {
  /**
   * Parameters of a run.
   *
   * @param images the stored images
   * @param query index of the stored image that is queried
   * @param betas inverse temperatures β, one row each
   * @param ys DrDAM feature dimensions Y (lengths of T), one column each
   * @param basis DrDAM basis
   * @param projection {@code gaussian} or {@code sorf}
   * @param steps descent steps L
   * @param eta step size η
   * @param occlude fraction of rows masked at the bottom
   * @param seed seed of the projections
   */
  public record Config(Completion.Images images, int query, double[] betas, int[] ys,
      String basis, String projection, int steps, double eta, double occlude, long seed) {
    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException naming the first bad parameter
     */
    public Config {
      if (query < 0 || query >= images.count()) {
        throw new IllegalArgumentException("--image must be in 0.." + (images.count() - 1)
            + " (an image of the " + images.count() + " stored), got " + query);
      }
      betas = Models.betas(betas);
      ys = Models.positives("--ys", ys);
      basis = Models.checkMaps(basis, new int[] {images.d()}, ys);
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
          "image %s of %d stored %s images of %dx%d (%s), D=%d, bottom %d of %d rows masked;"
              + " betas %s; DrDAM: %s features, %s projections, Y in %s, seed %d; descent: %d"
              + " steps of eta=%s",
          images.labels().get(query), images.count(), images.channels() == 3 ? "colour"
              : "grayscale", images.width(), images.height(), images.name(), images.d(),
          Completion.occludedRows(images.height(), occlude), images.height(),
          Format.list(betas), basis, projection, java.util.Arrays.toString(ys), seed, steps,
          Format.num(eta));
    }
  }

  /**
   * One fixed point.
   *
   * @param beta β
   * @param y Y, or 0 for MrDAM
   * @param state the fixed point, D values in model units (pixel/√D)
   * @param energy its energy under its own model
   * @param rmsVsMrdam RMS pixel difference to MrDAM's fixed point at this β (0 for MrDAM)
   * @param rmsVsOriginal RMS pixel difference to the original image
   * @param nearest index of the stored image nearest to the fixed point
   */
  public record Point(double beta, int y, double[] state, double energy, double rmsVsMrdam,
      double rmsVsOriginal, int nearest) {}

  /**
   * What a run produced.
   *
   * @param config the configuration
   * @param query the masked query, D values in model units
   * @param points per β: MrDAM's point, then DrDAM's at each Y
   * @param seconds wall time
   */
  public record Result(Config config, double[] query, List<Point> points, double seconds) {}

  private Fig4b() {}

  /**
   * Runs the descents.
   *
   * @param c the configuration
   * @param be where the models run
   * @param progress progress reporter (one unit per descent)
   * @return the fixed points
   */
  public static Result run(Config c, Engine be, Progress progress) {
    Completion.Images im = c.images();
    int d = im.d();
    double[] stored = im.stored();
    int first = im.firstHidden(c.occlude());
    boolean[] clamp = new boolean[d];
    java.util.Arrays.fill(clamp, 0, first, true);
    double[] query = Models.rows(stored, c.query(), c.query() + 1, d);
    java.util.Arrays.fill(query, first, d, 0);
    RetrieveOptions descent = new RetrieveOptions(c.steps(), c.eta(), 0, clamp, false);
    Vectors memories = Vectors.view(stored, im.count(), d);
    long t0 = System.nanoTime();
    List<Point> points = new ArrayList<>();
    for (double beta : c.betas()) {
      Memory mr = be.exactMemory(memories, beta);
      var r = mr.retrieve(Vectors.view(query, 1, d), descent);
      double[] xMr = r.states().toArray();
      double eMr = r.energy()[0];
      progress.advance(1, "MrDAM beta=" + Format.num(beta));
      points.add(point(beta, 0, xMr, eMr, xMr, c, first));
      for (int y : c.ys()) {
        FeatureStore dr = be.featureMemory(d, beta, c.basis(), y,
            BinaryData.seed(c.seed(), 0x4B), c.projection());
        dr.add(memories);
        var rd = dr.retrieve(Vectors.view(query, 1, d), descent);
        points.add(point(beta, y, rd.states().toArray(), rd.energy()[0], xMr, c, first));
        progress.advance(1, "DrDAM beta=" + Format.num(beta) + " Y=" + y);
      }
    }
    return new Result(c, query, points, (System.nanoTime() - t0) * 1e-9);
  }

  private static Point point(double beta, int y, double[] x, double energy, double[] xMr,
      Config c, int first) {
    Completion.Images im = c.images();
    int d = im.d();
    double s = Math.sqrt(d);
    double dm = 0;
    double dorig = 0;
    for (int i = first; i < d; i++) {
      double p = x[i] * s;
      double m = xMr[i] * s;
      double o = im.pixels()[c.query() * d + i];
      dm += (p - m) * (p - m);
      dorig += (p - o) * (p - o);
    }
    int n = d - first;
    return new Point(beta, y, x, energy, Math.sqrt(dm / n), Math.sqrt(dorig / n),
        im.nearest(x, 0));
  }

  /**
   * Writes {@code fig4b.png} (the panel) and {@code fig4b.csv} (one line per fixed point: β, Y,
   * the paper's count of projections, energy, RMS to MrDAM's and to the original over the masked
   * pixels, nearest stored image).
   *
   * @param dir an existing directory
   * @param r the result
   * @return the paths written
   * @throws IOException if writing fails
   */
  public static List<Path> write(Path dir, Result r) throws IOException {
    Png.headless();
    Path png = dir.resolve("fig4b.png");
    Path csv = dir.resolve("fig4b.csv");
    Config c = r.config();
    StringBuilder sb = new StringBuilder("# " + c.describe() + "\n");
    sb.append("beta,model,y,projections,energy,rms_vs_mrdam,rms_vs_original,nearest\n");
    for (Point p : r.points()) {
      int projections = p.y() == 0 ? 0 : c.basis().equals("sincos") ? p.y() / 2 : p.y();
      sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%.5f,%.5f,%s%n", Format.num(p.beta()),
          p.y() == 0 ? "mrdam" : "drdam", p.y(), projections, Format.num(p.energy()),
          p.rmsVsMrdam(), p.rmsVsOriginal(), c.images().labels().get(p.nearest())));
    }
    TextFile.write(csv, sb.toString());
    Png.writeImage(png, panel(r, c.images().width() >= 48 ? 2 : 3));
    return List.of(png, csv);
  }

  /** Rows: one per β; columns: query, DrDAM at each Y, MrDAM, original. */
  static BufferedImage panel(Result r, int zoom) {
    Config c = r.config();
    Completion.Images im = c.images();
    int w = im.width() * zoom;
    int h = im.height() * zoom;
    int gap = 6;
    int labelW = 70;
    int head = 34;
    int cols = c.ys().length + 3;
    int rows = c.betas().length;
    int width = labelW + cols * (w + gap) + gap;
    int height = head + rows * (h + gap) + gap;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
    for (int col = 0; col < cols; col++) {
      String title = col == 0 ? "query" : col == cols - 2 ? "MrDAM" : col == cols - 1
          ? "original" : "Y=" + shortNumber(c.ys()[col - 1]);
      int left = labelW + gap + col * (w + gap);
      g.drawString(title, left + 2, head - (col > 0 && col < cols - 2 ? 18 : 8));
      if (col > 0 && col < cols - 2) {
        g.drawString("DrDAM", left + 2, head - 6);
      }
    }
    double s = Math.sqrt(im.d());
    int per = c.ys().length + 1;
    for (int row = 0; row < rows; row++) {
      int top = head + gap + row * (h + gap);
      g.setColor(Color.DARK_GRAY);
      g.drawString("β = " + Format.num(c.betas()[row]), 6, top + h / 2 + 4);
      List<Point> pts = r.points().subList(row * per, (row + 1) * per);
      Completion.Images one = new Completion.Images(im.name(), new double[im.d()], 1,
          im.width(), im.height(), im.channels(), List.of("x"));
      Completion.drawImage(g, one, r.query(), 0, s, labelW + gap, top, zoom);
      for (int col = 1; col <= c.ys().length; col++) {
        Completion.drawImage(g, one, pts.get(col).state(), 0, s,
            labelW + gap + col * (w + gap), top, zoom);
      }
      Completion.drawImage(g, one, pts.get(0).state(), 0, s,
          labelW + gap + (cols - 2) * (w + gap), top, zoom);
      Completion.drawImage(g, im, im.pixels(), c.query(), 1,
          labelW + gap + (cols - 1) * (w + gap), top, zoom);
    }
    g.dispose();
    return out;
  }

  private static String shortNumber(int y) {
    if (y >= 1000 && y % 1000 == 0) {
      return y / 1000 + "k";
    }
    return Integer.toString(y);
  }
}
