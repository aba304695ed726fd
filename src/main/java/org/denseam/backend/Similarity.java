package org.denseam.backend;

import java.util.Locale;

/** The similarity inside MrDAM's log-sum-exp energy. */
public enum Similarity {
  /**
   * Negative squared distance: {@code E(x) = -(1/β) log Σ_μ exp(-β/2 ||x - ξ_μ||²)}, gradient
   * {@code x - Σ_μ softmax_μ(-β/2 ||x - ξ_μ||²) ξ_μ}.
   */
  L2,
  /**
   * Dot product: {@code E(x) = -(1/β) log Σ_μ exp(β <ξ_μ, x>) + ½ ||x||²}, gradient {@code x - Σ_μ
   * softmax_μ(β <ξ_μ, x>) ξ_μ}.
   */
  DOT;

  /**
   * Parses a similarity name, case-insensitively.
   *
   * @param name {@code l2} or {@code dot}
   * @return the similarity
   * @throws IllegalArgumentException naming the accepted values for anything else
   */
  public static Similarity parse(String name) {
    if (name != null) {
      for (Similarity s : values()) {
        if (s.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException("unknown similarity '" + name + "': expected l2 or dot");
  }
}
