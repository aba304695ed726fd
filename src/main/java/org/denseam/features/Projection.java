package org.denseam.features;

import java.util.Locale;

/** How the random projections {@code ω_α} of a feature map are drawn. */
public enum Projection {
  /** I.i.d. Gaussian rows, {@code ω_{α,i} ~ N(0, 1)}: O(D) per projection. */
  GAUSSIAN(0),
  /**
   * Structured orthogonal random features ({@link Sorf}): blocks of P = 2^⌈log₂ D⌉ orthogonal
   * rows {@code H S₁ H S₂ H S₃} with χ_D-distributed row norms: O(log D) per projection.
   * Trigonometric bases only.
   */
  SORF(1);

  private final int code;

  Projection(int code) {
    this.code = code;
  }

  /**
   * Stable integer code, used in {@code T.dam} headers.
   *
   * @return 0 for Gaussian, 1 for SORF
   */
  public int code() {
    return code;
  }

  /**
   * The lower-case name used by the CLI.
   *
   * @return {@code "gaussian"} or {@code "sorf"}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Looks a projection up by its code.
   *
   * @param code the value of {@link #code()}
   * @return the projection
   * @throws IllegalArgumentException for an unknown code
   */
  public static Projection ofCode(int code) {
    for (Projection p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown projection code " + code);
  }

  /**
   * Parses a projection name, case-insensitively.
   *
   * @param name {@code gaussian} or {@code sorf}
   * @return the projection
   * @throws IllegalArgumentException naming the accepted values for anything else
   */
  public static Projection parse(String name) {
    if (name != null) {
      for (Projection p : values()) {
        if (p.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("unknown projection '" + name + "': expected gaussian or sorf");
  }
}
