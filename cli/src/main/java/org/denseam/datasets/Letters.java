package org.denseam.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UCI Letter Recognition data ({@code letter-recognition.data}): one sample a line, a capital
 * letter then 16 integer attributes 0..15, comma-separated. Blank lines are skipped; fields may
 * have spaces around them; lines are counted from 1.
 */
final class Letters {
  static final int ATTRIBUTES = 16;

  private Letters() {}

  /** Whether a file's first line starts like a line of the data: a capital letter and a comma. */
  static boolean looksLike(Path f) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(f)) {
      head = in.readNBytes(2);
    }
    return head.length == 2 && head[0] >= 'A' && head[0] <= 'Z' && head[1] == ',';
  }

  /** Reads the first {@code max} samples. */
  static Table read(Path f, int max) throws IOException {
    List<double[]> rows = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
      String line;
      int no = 0;
      while (rows.size() < max && (line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length != ATTRIBUTES + 1) {
          throw Bad.file(f, "line " + no + ": expected a letter and 16 integers, got "
              + fields.length + " field" + (fields.length == 1 ? "" : "s"));
        }
        String letter = fields[0].strip();
        if (letter.length() != 1 || letter.charAt(0) < 'A' || letter.charAt(0) > 'Z') {
          throw Bad.file(f, "line " + no + ": '" + shorten(letter) + "' is not a capital letter"
              + " A..Z");
        }
        double[] v = new double[ATTRIBUTES];
        for (int j = 0; j < ATTRIBUTES; j++) {
          String t = fields[j + 1].strip();
          int x = -1;
          if (t.length() <= 2 && !t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            x = Integer.parseInt(t);
          }
          if (x < 0 || x > 15) {
            throw Bad.file(f, "line " + no + ": attribute " + (j + 1) + " '" + shorten(t)
                + "' is not an integer 0..15");
          }
          v[j] = x;
        }
        rows.add(v);
        labels.add(letter);
      }
    }
    if (rows.isEmpty()) {
      throw Bad.file(f, "holds no rows");
    }
    double[] all = new double[rows.size() * ATTRIBUTES];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, all, i * ATTRIBUTES, ATTRIBUTES);
    }
    return new Table(f.toString(), rows.size(), ATTRIBUTES, all, labels);
  }

  /** Text from the file for a message: at most 20 characters, control characters escaped. */
  private static String shorten(String s) {
    String t = s.length() > 20 ? s.substring(0, 20) + "..." : s;
    StringBuilder b = new StringBuilder();
    for (char c : t.toCharArray()) {
      b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
