package org.denseam.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary sibling that is renamed over the target when complete.
 *
 * <p>The temporary file is created like any new file (its mode is 0666 less the umask); a file
 * that replaces an existing one takes that file's permissions. When the JVM shuts down (SIGTERM,
 * SIGINT, {@code System.exit}) while a write is in progress, a shutdown hook deletes the temporary
 * file and the target is left as it was.
 */
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

  /** Temporary files being written; guarded by the class lock. */
  private static final Set<Path> PENDING = new LinkedHashSet<>();
  /** Set once the JVM shuts down: no rename may happen after it. */
  private static boolean shuttingDown;
  private static boolean hooked;

  private AtomicFile() {}

  /**
   * Writes {@code path} atomically: either the whole new content appears, or nothing changes.
   *
   * @param path the target
   * @param body what to write
   * @throws IOException on failure, after deleting the temporary file
   */
  public static void write(Path path, Body body) throws IOException {
    Path abs = target(path);
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new IOException(path + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new IOException(path + ": is a directory");
    }
    String kind = specialKind(abs);
    if (kind != null) {
      throw new IOException(path + ": is " + kind + ", not a regular file; it is not replaced");
    }
    Path tmp = create(dir, abs.getFileName().toString(), path);
    try {
      try (OutputStream out = new BufferedOutputStream(
          new Named(Files.newOutputStream(tmp, StandardOpenOption.WRITE), path), 1 << 16)) {
        body.write(out);
      }
      synchronized (AtomicFile.class) {
        if (shuttingDown) {
          throw new IOException(path + ": not written, the program is shutting down");
        }
        keepPermissions(abs, tmp);
        try {
          Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      synchronized (AtomicFile.class) {
        PENDING.remove(tmp);
      }
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The file a write replaces: the path itself, or, when it is a symbolic link to an existing
   * file, the file the link resolves to (the link is kept, as {@code cp} keeps it).
   */
  static Path target(Path path) throws IOException {
    Path abs = path.toAbsolutePath();
    if (Files.isSymbolicLink(abs) && Files.exists(abs)) {
      try {
        return abs.toRealPath();
      } catch (IOException e) {
        // a link that resolves to no path (a pipe of /proc/self/fd): checked as it is
        return abs;
      }
    }
    return abs;
  }

  /**
   * What kind of special file a path is (following links): {@code "a character device"},
   * {@code "a block device"}, {@code "a FIFO"}, {@code "a socket"}, {@code "a special file"}; null
   * for a regular file, a directory or a missing file.
   *
   * @param p the path
   * @return the kind, or null
   */
  public static String specialKind(Path p) {
    java.nio.file.attribute.BasicFileAttributes a;
    try {
      a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
    if (!a.isOther()) {
      return null;
    }
    try {
      int type = ((Integer) Files.getAttribute(p, "unix:mode")) & 0170000;
      switch (type) {
        case 0020000: return "a character device";
        case 0060000: return "a block device";
        case 0010000: return "a FIFO";
        case 0140000: return "a socket";
        default: return "a special file";
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException
        | ClassCastException e) {
      return "a special file";
    }
  }

  /**
   * The stream to the temporary file: its failures (a full file system, a quota, an I/O error)
   * name the target, not the temporary file nor nothing at all.
   */
  private static final class Named extends java.io.FilterOutputStream {
    private final Path target;

    Named(OutputStream out, Path target) {
      super(out);
      this.target = target;
    }

    private IOException named(IOException e) {
      String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
          ? f.getReason() : e.getMessage();
      return new IOException(target + ": cannot write (" + reason + ")", e);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw named(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException e) {
        throw named(e);
      }
    }
  }

  /** Creates a new empty temporary sibling {@code .NAME.<random>.tmp}, registered for cleanup. */
  private static Path create(Path dir, String name, Path target) throws IOException {
    synchronized (AtomicFile.class) {
      if (!hooked) {
        Runtime.getRuntime().addShutdownHook(new Thread(AtomicFile::abandonAll, "dam-cleanup"));
        hooked = true;
      }
    }
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(
          ThreadLocalRandom.current().nextLong() >>> 1, 36) + ".tmp");
      try {
        synchronized (AtomicFile.class) {
          if (shuttingDown) {
            throw new IOException(target + ": not written, the program is shutting down");
          }
          // CREATE_NEW without explicit attributes: the mode is 0666 less the umask.
          Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
          PENDING.add(tmp);
        }
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      } catch (AccessDeniedException e) {
        throw new IOException(target + ": permission denied (cannot create a file in " + dir + ")");
      } catch (java.nio.file.FileSystemException e) {
        throw new IOException(target + ": cannot create a file in " + dir
            + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
      }
    }
  }

  /** A replacement keeps the permissions of the file it replaces. */
  private static void keepPermissions(Path target, Path tmp) throws IOException {
    PosixFileAttributeView old = Files.getFileAttributeView(target, PosixFileAttributeView.class);
    if (old == null || !Files.exists(target)) {
      return;
    }
    Set<PosixFilePermission> perms = old.readAttributes().permissions();
    Files.getFileAttributeView(tmp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(perms);
  }

  /**
   * Deletes every temporary file still being written and forbids further renames: run by the
   * shutdown hook, so that a terminated process leaves neither a partial nor a late output.
   */
  static void abandonAll() {
    synchronized (AtomicFile.class) {
      shuttingDown = true;
      for (Path p : PENDING) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // best effort while the JVM exits
        }
      }
      PENDING.clear();
    }
  }

  /** Re-allows writes after {@link #abandonAll()} (tests only). */
  static void resetForTest() {
    synchronized (AtomicFile.class) {
      shuttingDown = false;
    }
  }
}
