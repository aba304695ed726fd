package org.denseam.experiments;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Small helpers over XChart for the experiments' panels: one curve per β, reference lines. */
final class Charts {
  static final Color GUESS = new Color(0xD6, 0x27, 0x28);
  private static final Color[] ANCHORS = {
    new Color(0x06, 0x0B, 0x4F), new Color(0x28, 0x34, 0x8E), new Color(0x45, 0x8F, 0xBC),
    new Color(0x52, 0xA2, 0x8B), new Color(0x91, 0xC3, 0x6B), new Color(0xC9, 0xB0, 0x3A)
  };

  private Charts() {}

  /** An empty panel in the common style. */
  static XYChart panel(String title, String xTitle, String yTitle, int width, int height,
      boolean logX, boolean logY) {
    XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    var s = c.getStyler();
    s.setXAxisLogarithmic(logX);
    s.setYAxisLogarithmic(logY);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    s.setLegendPadding(3);
    s.setLegendSeriesLineLength(18);
    s.setChartPadding(6);
    s.setPlotGridLinesColor(new Color(0xE4, 0xE4, 0xE4));
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(Color.GRAY);
    s.setLegendBorderColor(Color.LIGHT_GRAY);
    s.setLegendBackgroundColor(new Color(255, 255, 255, 215));
    s.setMarkerSize(6);
    s.setLegendVisible(false);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    if (logX) {
      // A custom tick formatter would turn XChart's logarithmic axis linear: use a pattern.
      s.setXAxisDecimalPattern("#,##0");
    }
    s.setPlotGridLinesStroke(new BasicStroke(0.6f));
    s.setPlotGridVerticalLinesVisible(false);
    return c;
  }

  /** The kind of sample drawn in front of a legend label. */
  enum Sample {
    /** Markers joined by a line: a measured curve. */
    CURVE,
    /** A dashed line: a fitted bound. */
    DASHED,
    /** A red dashed line: the random guess. */
    GUESS
  }

  /**
   * A legend entry.
   *
   * @param label the text
   * @param color the color of the sample
   * @param sample what the sample looks like
   */
  record Item(String label, Color color, Sample sample) {}

  /**
   * Renders panels on a grid below a header with a title line, an optional second line and one
   * shared legend.
   */
  static BufferedImage compose(List<XYChart> charts, int rows, int cols, String title,
      String subtitle, List<Item> legend) {
    List<BufferedImage> imgs = new ArrayList<>();
    int cw = 0;
    int ch = 0;
    for (XYChart c : charts) {
      BufferedImage b = BitmapEncoder.getBufferedImage(c);
      imgs.add(b);
      cw = Math.max(cw, b.getWidth());
      ch = Math.max(ch, b.getHeight());
    }
    int width = cols * cw;
    Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    Font textFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    // Lay out the legend entries on as many lines as needed.
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    FontMetrics fm = pg.getFontMetrics(textFont);
    pg.dispose();
    int sampleW = 30;
    int lineH = 20;
    List<List<Item>> lines = new ArrayList<>();
    List<Item> line = new ArrayList<>();
    int x = 10;
    for (Item it : legend) {
      int w = sampleW + 6 + fm.stringWidth(it.label()) + 22;
      if (!line.isEmpty() && x + w > width - 10) {
        lines.add(line);
        line = new ArrayList<>();
        x = 10;
      }
      line.add(it);
      x += w;
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    List<String> sub = new ArrayList<>();
    if (subtitle != null) {
      StringBuilder cur = new StringBuilder();
      for (String word : subtitle.split(" ")) {
        if (cur.length() > 0 && fm.stringWidth(cur + " " + word) > width - 20) {
          sub.add(cur.toString());
          cur.setLength(0);
        }
        cur.append(cur.length() == 0 ? "" : " ").append(word);
      }
      if (cur.length() > 0) {
        sub.add(cur.toString());
      }
    }
    int header = 10 + 20 + sub.size() * 17 + lines.size() * lineH + 6;
    BufferedImage out = new BufferedImage(width, header + rows * ch, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(titleFont);
    int y = 24;
    g.drawString(title, 10, y);
    g.setFont(textFont);
    g.setColor(Color.DARK_GRAY);
    for (String l : sub) {
      y += 17;
      g.drawString(l, 10, y);
    }
    y += 6;
    for (List<Item> l : lines) {
      y += lineH;
      int lx = 10;
      for (Item it : l) {
        int mid = y - 4;
        g.setColor(it.color());
        switch (it.sample()) {
          case CURVE -> {
            g.setStroke(new BasicStroke(1.6f));
            g.drawLine(lx, mid, lx + sampleW, mid);
            g.fillOval(lx + sampleW / 2 - 4, mid - 4, 8, 8);
          }
          case DASHED, GUESS -> {
            g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 4f}, 0f));
            g.drawLine(lx, mid, lx + sampleW, mid);
          }
          default -> { }
        }
        g.setColor(Color.BLACK);
        g.drawString(it.label(), lx + sampleW + 6, y);
        lx += sampleW + 6 + fm.stringWidth(it.label()) + 22;
      }
    }
    for (int i = 0; i < imgs.size(); i++) {
      g.drawImage(imgs.get(i), (i % cols) * cw, header + (i / cols) * ch, null);
    }
    g.dispose();
    return out;
  }

  /**
   * Color of the i-th of n curves, from dark blue (first) through teal to ochre (last); light
   * enough colors are avoided so that every curve reads on white.
   */
  static Color color(int i, int n) {
    if (n <= 1) {
      return ANCHORS[1];
    }
    double t = (double) i / (n - 1) * (ANCHORS.length - 1);
    int a = Math.min(ANCHORS.length - 2, (int) Math.floor(t));
    double f = t - a;
    Color c0 = ANCHORS[a];
    Color c1 = ANCHORS[a + 1];
    return new Color(
        (int) Math.round(c0.getRed() + f * (c1.getRed() - c0.getRed())),
        (int) Math.round(c0.getGreen() + f * (c1.getGreen() - c0.getGreen())),
        (int) Math.round(c0.getBlue() + f * (c1.getBlue() - c0.getBlue())));
  }

  /**
   * A measured curve: markers joined by a thin line, with error bars where they stay positive on a
   * logarithmic axis. Points with a non-finite value are left out (on a log axis also those ≤ 0).
   *
   * @return the series, or null if no point is left
   */
  static XYSeries curve(XYChart chart, String name, double[] x, double[] y, double[] se,
      Color color, boolean logY) {
    List<double[]> pts = new ArrayList<>();
    boolean bars = se != null;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(y[i]) && (!logY || y[i] > 0)) {
        double e = se == null || !Double.isFinite(se[i]) ? 0 : se[i];
        if (logY && y[i] - e <= 0) {
          bars = false;
        }
        pts.add(new double[] {x[i], y[i], e});
      }
    }
    if (pts.isEmpty()) {
      return null;
    }
    double[] px = new double[pts.size()];
    double[] py = new double[pts.size()];
    double[] pe = new double[pts.size()];
    for (int i = 0; i < px.length; i++) {
      px[i] = pts.get(i)[0];
      py[i] = pts.get(i)[1];
      pe[i] = pts.get(i)[2];
    }
    XYSeries s = bars ? chart.addSeries(name, px, py, pe) : chart.addSeries(name, px, py);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(color);
    s.setLineColor(color);
    s.setLineWidth(1.4f);
    s.setLineStyle(new BasicStroke(1.4f));
    return s;
  }

  /** A reference curve without markers (a fitted bound). */
  static XYSeries dashed(XYChart chart, String name, double[] x, double[] y, Color color,
      float width) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
        new float[] {6f, 4f}, 0f));
    s.setShowInLegend(false);
    return s;
  }

  /** A horizontal red dashed line at {@code level} from x0 to x1 (the random guess). */
  static XYSeries level(XYChart chart, String name, double x0, double x1, double level) {
    XYSeries s = chart.addSeries(name, new double[] {x0, x1}, new double[] {level, level});
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(GUESS);
    s.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
        new float[] {5f, 4f}, 0f));
    return s;
  }
}
