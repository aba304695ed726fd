package org.denseam.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.denseam.io.AtomicFile;

/**
 * Writes a file atomically, as the library writes its own ({@code .npy} and {@code T.dam}): the
 * content goes to a temporary file in the target's directory, which is renamed over the target
 * only once it is complete, so a reader sees the old file or the whole new one, never a part.
 *
 * <p>A failed write deletes the temporary file and leaves the target as it was; so does a JVM
 * shutdown (SIGTERM, SIGINT, {@code System.exit}) during a write. A new file is created with mode
 * 0666 less the umask; a file that replaces an existing one takes that file's permissions.
 *
 * <p>A target that is a symbolic link to an existing file is written through: the file it
 * resolves to is replaced and the link is kept. A target that is (or links to) a special file,
 * such as a device ({@code /dev/null}), a FIFO or a socket, is refused and never replaced. A
 * failure while writing (a full file system, a quota) names the target.
 */
public final class AtomicOutput {
  private AtomicOutput() {}

  /** What to write into the file. */
  @FunctionalInterface
  public interface Body {
    /**
     * Writes the file's whole content.
     *
     * @param out the (buffered) stream to the temporary file, closed by {@link #write(Path, Body)}
     *     once the body returns
     * @throws IOException on failure, which abandons the write
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code path} atomically: either the whole new content appears, or nothing changes.
   *
   * @param path the target; its directory must exist
   * @param body what to write
   * @throws IOException if the directory does not exist or the target is a directory or a
   *     special file (the message names the target), or the body or the file system fails; the
   *     temporary file is deleted first
   */
  public static void write(Path path, Body body) throws IOException {
    AtomicFile.write(path, body::write);
  }

  /**
   * What kind of special file a path is, following links: such a target is never written.
   *
   * @param path the path
   * @return {@code "a character device"}, {@code "a block device"}, {@code "a FIFO"}, {@code "a
   *     socket"} or {@code "a special file"}; null for a regular file, a directory or a missing
   *     path
   */
  public static String specialKind(Path path) {
    return AtomicFile.specialKind(path);
  }
}
