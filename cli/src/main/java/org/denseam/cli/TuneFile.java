package org.denseam.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/** Writes {@code dam tune}'s choice into a tuning file ({@link org.denseam.backend.Tuning}). */
final class TuneFile {
  private TuneFile() {}

  /**
   * Replaces a machine's entries in a tuning file, keeping the other machines' entries: writes a
   * temporary file beside it, then renames it over the file (atomically where the file system
   * can), so that a backend starting meanwhile reads the old file or the new one, never a part.
   * A malformed existing file is replaced.
   *
   * @param file the tuning file (its directory is created if missing)
   * @param machine the machine's key
   * @param entries name → value of this machine's tunables
   * @throws IOException if the file cannot be written
   */
  static void write(Path file, String machine, Map<String, String> entries) throws IOException {
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Properties p = new Properties();
    if (Files.isRegularFile(abs)) {
      try (InputStream in = Files.newInputStream(abs)) {
        p.load(in);
      } catch (IllegalArgumentException e) {
        System.err.println("dam tune: replacing the malformed tuning file " + abs);
        p.clear();
      }
    }
    p.stringPropertyNames().stream().filter(k -> k.startsWith(machine + "/"))
        .forEach(p::remove);
    entries.forEach((k, v) -> p.setProperty(machine + "/" + k, v));
    Path tmp = Files.createTempFile(abs.getParent(), ".tuning", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        p.store(out, "DenseAM tuning, written by dam tune: MACHINE/NAME=VALUE");
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
