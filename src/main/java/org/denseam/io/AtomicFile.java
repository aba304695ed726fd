package org.denseam.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file through a temporary sibling that is renamed over the target when complete. */
public final class AtomicFile {
  /** The body of a write. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the file's content.
     *
     * @param out the stream to write to
     * @throws IOException on failure
     */
    void write(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * Writes {@code path} atomically: either the whole new content appears, or nothing changes.
   *
   * @param path the target
   * @param body what to write
   * @throws IOException on failure, after deleting the temporary file
   */
  public static void write(Path path, Body body) throws IOException {
    Path abs = path.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new IOException(path + ": directory " + dir + " does not exist");
    }
    Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        body.write(out);
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
