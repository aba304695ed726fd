package org.denseam.experiments;

import java.util.Locale;

/**
 * How the command line and the experiments write numbers: in CSV files and plot labels ({@link
 * #num}), in lists of a grid's values ({@link #list}), when echoing a parameter as given ({@link
 * #plain}), and as sizes and durations ({@link #bytes}, {@link #duration}). Every format uses
 * {@link Locale#ROOT}.
 */
public final class Format {
  private Format() {}

  /**
   * Formats a number for CSV files and labels: integers without a decimal point, others with six
   * significant digits, NaN as {@code NaN}.
   *
   * @param v the number
   * @return the text, for example {@code 40}, {@code 0.5}, {@code 1.23457e-05}
   */
  public static String num(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    String t = String.format(Locale.ROOT, "%.6g", v);
    int e = t.indexOf('e');
    String mantissa = e < 0 ? t : t.substring(0, e);
    if (mantissa.contains(".")) {
      mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return e < 0 ? mantissa : mantissa + t.substring(e);
  }

  /**
   * Formats values as a bracketed list of {@link #num}s.
   *
   * @param values the values
   * @return the text, for example {@code [10, 30, 0.5]}
   */
  public static String list(double[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(num(values[i]));
    }
    return sb.append(']').toString();
  }

  /**
   * Formats a parameter as the user gave it: integral values without a decimal point, others in
   * full ({@link Double#toString}).
   *
   * @param v the number
   * @return the text, for example {@code 40} or {@code 0.123456789}
   */
  public static String plain(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }

  /**
   * Formats a number of bytes in B, KiB, MiB or GiB (one decimal above bytes).
   *
   * @param b bytes
   * @return the text, for example {@code 824 B} or {@code 3.3 KiB}
   */
  public static String bytes(double b) {
    String[] units = {"B", "KiB", "MiB", "GiB"};
    int u = 0;
    while (Math.abs(b) >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }

  /**
   * Formats seconds as {@code 1h02m}, {@code 3m05s} or {@code 42s}.
   *
   * @param seconds a duration
   * @return the text
   */
  public static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
