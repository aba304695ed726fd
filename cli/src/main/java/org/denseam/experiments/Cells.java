package org.denseam.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished cells of a figure's grid, kept in the figure's CSV as they finish, so that a killed
 * run can go on from its last finished cell ({@code --resume}).
 *
 * <p>A cell is one point of the grid (one D, β and Y, or D, β and K) with all its CSV lines. After
 * every cell the whole CSV is rewritten under a temporary name and renamed over the target, so a
 * kill leaves either the previous or the new file, never half a line. Its first line records the
 * run's settings ({@code # settings: ID --option value ...}: every parameter that affects the
 * results); then come the header and the points. Resuming reads the points back, keeps those of
 * cells whose lines are all there (a truncated last line, which only a file written by other means
 * can have, drops the last cell), and refuses, in one line, a file whose settings differ from the
 * run's.
 *
 * <p>Every point goes through its CSV text ({@link ErrorPoint#parse}), whether computed now or
 * read back: the figure, its fits and its CSV are then the same for a resumed run as for an
 * uninterrupted one.
 *
 * <p>Not thread-safe: a figure runs its cells in one thread.
 */
public final class Cells {
  /** The prefix of the settings line. */
  public static final String SETTINGS = "# settings: ";

  /** Thrown by the test hook {@link #stopAfter(int)} in place of a kill. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped(int cells) {
      super("stopped after " + cells + " cells");
    }
  }

  private final Path csv;
  private final String settingsLine;
  private final Map<String, List<ErrorPoint>> stored;
  private final List<ErrorPoint> points = new ArrayList<>();
  private int computed;
  private int stopAfter = Integer.MAX_VALUE;

  private Cells(Path csv, String settingsLine, Map<String, List<ErrorPoint>> stored) {
    this.csv = csv;
    this.settingsLine = settingsLine;
    this.stored = stored;
  }

  /**
   * Cells kept in memory only: a run that writes nothing while it goes.
   *
   * @return empty cells
   */
  public static Cells inMemory() {
    return new Cells(null, null, new LinkedHashMap<>());
  }

  /**
   * Cells of a run, written to a CSV after each cell.
   *
   * @param csv the figure's CSV; its directory is created when the first cell finishes
   * @param id the figure's identifier, for example {@code fig4a}
   * @param settings every parameter that affects the results, as option name (with its dashes)
   *     and value, in the order they are written; neither may contain blanks
   * @param resume whether to keep the cells of an existing {@code csv} (written with the same
   *     settings); false starts afresh and replaces the file when the first cell finishes
   * @return the cells, holding those read back when resuming
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException when resuming from a file without a settings line, of
   *     another figure, or written with other settings (the first that differs is named)
   */
  public static Cells open(Path csv, String id, Map<String, String> settings, boolean resume)
      throws IOException {
    StringBuilder line = new StringBuilder(SETTINGS).append(id);
    for (Map.Entry<String, String> e : settings.entrySet()) {
      line.append(' ').append(e.getKey()).append(' ').append(e.getValue());
    }
    String settingsLine = line.toString();
    Map<String, List<ErrorPoint>> stored = new LinkedHashMap<>();
    if (resume && Files.exists(csv)) {
      stored = read(csv, id, settings, settingsLine);
    }
    return new Cells(csv, settingsLine, stored);
  }

  /**
   * The settings line written at the top of the CSV.
   *
   * @return the line (no newline), or null for {@link #inMemory} cells
   */
  public String settingsLine() {
    return settingsLine;
  }

  /**
   * The number of cells read back when resuming.
   *
   * @return the count
   */
  public int resumed() {
    return stored.size();
  }

  /**
   * The key of a cell of a grid.
   *
   * @param d dimension D
   * @param beta β
   * @param axis Y, or K for a figure over K
   * @return the key
   */
  public static String key(int d, double beta, int axis) {
    return d + "|" + Format.num(beta) + "|" + axis;
  }

  /**
   * A settings value of integers: comma-separated, no blanks.
   *
   * @param values the values
   * @return for example {@code 30,100,500}
   */
  public static String ints(int[] values) {
    StringBuilder sb = new StringBuilder();
    for (int v : values) {
      sb.append(sb.length() == 0 ? "" : ",").append(v);
    }
    return sb.toString();
  }

  /**
   * A settings value of numbers: comma-separated in full precision ({@link Format#plain}).
   *
   * @param values the values
   * @return for example {@code 10,30,0.5}
   */
  public static String doubles(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (double v : values) {
      sb.append(sb.length() == 0 ? "" : ",").append(Format.plain(v));
    }
    return sb.toString();
  }

  /**
   * Whether a cell was finished by an earlier run (then {@link #reuse} takes its points).
   *
   * @param key the cell's key ({@link #key})
   * @return true if it is done
   */
  public boolean done(String key) {
    return stored.containsKey(key);
  }

  /**
   * Takes the points of a cell finished by an earlier run into this run, in the run's order.
   *
   * @param key the cell's key, {@link #done}
   */
  public void reuse(String key) {
    List<ErrorPoint> p = stored.get(key);
    if (p == null) {
      throw new IllegalStateException("cell " + key + " was not finished");
    }
    points.addAll(p);
  }

  /**
   * Records the points of a cell just computed and rewrites the CSV with every cell so far.
   *
   * @param computedPoints the cell's points
   * @throws IOException if the CSV cannot be written (then it is left as it was)
   */
  public void finish(List<ErrorPoint> computedPoints) throws IOException {
    for (ErrorPoint p : computedPoints) {
      points.add(ErrorPoint.parse(p.csv()));
    }
    if (csv != null) {
      Files.createDirectories(csv.toAbsolutePath().getParent());
      TextFile.write(csv, text(settingsLine, points));
    }
    if (++computed >= stopAfter) {
      throw new Stopped(computed);
    }
  }

  /**
   * Every point of the run so far, in the run's order.
   *
   * @return the points
   */
  public List<ErrorPoint> points() {
    return List.copyOf(points);
  }

  /** Test hook: stop (as if killed) once this many cells have been computed. */
  Cells stopAfter(int cells) {
    stopAfter = cells;
    return this;
  }

  /**
   * The text of a figure's CSV: the settings line (if any), the header and one line per point.
   *
   * @param settingsLine the settings line, or null for none
   * @param points the points
   * @return the text
   */
  static String text(String settingsLine, List<ErrorPoint> points) {
    StringBuilder sb = new StringBuilder();
    if (settingsLine != null) {
      sb.append(settingsLine).append('\n');
    }
    sb.append(ErrorPoint.CSV_HEADER).append('\n');
    for (ErrorPoint p : points) {
      sb.append(p.csv()).append('\n');
    }
    return sb.toString();
  }

  private static Map<String, List<ErrorPoint>> read(Path csv, String id,
      Map<String, String> settings, String settingsLine) throws IOException {
    String text = Files.readString(csv, StandardCharsets.UTF_8);
    String where = "--resume: " + csv;
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    // The last element is what follows the last newline: empty, or a truncated line.
    lines.remove(lines.size() - 1);
    boolean truncated = !text.isEmpty() && !text.endsWith("\n");
    if (lines.isEmpty() || !lines.get(0).startsWith(SETTINGS)) {
      throw new IllegalArgumentException(where + " has no settings line (it was not written by"
          + " a dam experiment that can resume); use another --out or drop --resume");
    }
    checkSettings(where, lines.get(0), id, settings);
    if (lines.size() < 2 || !lines.get(1).equals(ErrorPoint.CSV_HEADER)) {
      if (lines.size() < 2 && truncated) {
        return new LinkedHashMap<>();
      }
      throw new IllegalArgumentException(where + " has no CSV header after its settings line;"
          + " use another --out or drop --resume");
    }
    Map<String, List<ErrorPoint>> cells = new LinkedHashMap<>();
    String last = null;
    for (int i = 2; i < lines.size(); i++) {
      ErrorPoint p;
      try {
        p = ErrorPoint.parse(lines.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ", line " + (i + 1) + ": " + e.getMessage()
            + "; use another --out or drop --resume");
      }
      last = key(p.d(), p.beta(), axis(id, p));
      cells.computeIfAbsent(last, k -> new ArrayList<>()).add(p);
    }
    if (truncated && last != null) {
      // The cell of the truncated line may miss further lines: compute it again.
      cells.remove(last);
    }
    return cells;
  }

  /** The grid coordinate of a point besides D and β: K for the figure over K, else Y. */
  private static int axis(String id, ErrorPoint p) {
    return id.equals("fig5") ? p.k() : p.y();
  }

  private static void checkSettings(String where, String line, String id,
      Map<String, String> settings) {
    String[] tokens = line.substring(SETTINGS.length()).trim().split(" +");
    if (!tokens[0].equals(id)) {
      throw new IllegalArgumentException(where + " was written by " + tokens[0] + ", this run is "
          + id + "; use another --out or drop --resume");
    }
    Map<String, String> written = new LinkedHashMap<>();
    for (int i = 1; i + 1 < tokens.length; i += 2) {
      written.put(tokens[i], tokens[i + 1]);
    }
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String was = written.get(e.getKey());
      if (!e.getValue().equals(was)) {
        throw new IllegalArgumentException(where + (was == null ? " was written without "
            + e.getKey() : " was written with " + e.getKey() + " " + was) + ", this run has "
            + e.getKey() + " " + e.getValue() + "; use another --out or drop --resume");
      }
    }
    for (Map.Entry<String, String> e : written.entrySet()) {
      if (!settings.containsKey(e.getKey())) {
        throw new IllegalArgumentException(where + " was written with " + e.getKey() + " "
            + e.getValue() + ", this run has no " + e.getKey()
            + "; use another --out or drop --resume");
      }
    }
  }
}
