package org.denseam.experiments;

import java.util.Locale;

/** The size of an experiment's grid. */
public enum Scale {
  /** A reduced grid that runs in minutes on a few CPU cores and still shows the paper's trends. */
  SMALL,
  /** The paper's grid (hours on CPUs; meant for a GPU backend). */
  PAPER;

  /**
   * Parses {@code small} or {@code paper}, case-insensitively.
   *
   * @param s the name
   * @return the scale
   * @throws IllegalArgumentException for anything else
   */
  public static Scale parse(String s) {
    if (s != null) {
      for (Scale v : values()) {
        if (v.name().equalsIgnoreCase(s.trim())) {
          return v;
        }
      }
    }
    throw new IllegalArgumentException("unknown scale '" + s + "': expected small or paper");
  }

  /**
   * The lower-case name.
   *
   * @return {@code small} or {@code paper}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
