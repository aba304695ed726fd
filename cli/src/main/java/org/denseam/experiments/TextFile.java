package org.denseam.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.denseam.api.AtomicOutput;

/** The experiments' text outputs (CSV tables, summaries), written atomically in UTF-8. */
public final class TextFile {
  private TextFile() {}

  /**
   * Writes a text file in UTF-8.
   *
   * @param path the target file; replaced only once the whole text is written
   * @param text the text
   * @throws IOException if writing fails (then {@code path} is left as it was)
   */
  public static void write(Path path, String text) throws IOException {
    AtomicOutput.write(path, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
