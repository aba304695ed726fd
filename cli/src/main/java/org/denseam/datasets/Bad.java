package org.denseam.datasets;

import java.nio.file.Path;

/** The one-line refusal of a data file: {@code PATH: PROBLEM}. */
final class Bad {
  private Bad() {}

  static IllegalArgumentException file(Path path, String problem) {
    return new IllegalArgumentException(path + ": " + problem);
  }
}
