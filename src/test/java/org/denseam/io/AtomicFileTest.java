package org.denseam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the mode of new and replaced files, and the cleanup on shutdown. */
class AtomicFileTest {
  @TempDir Path dir;

  @AfterEach
  void allowWrites() {
    AtomicFile.resetForTest();
  }

  private static Set<PosixFilePermission> mode(Path p) throws IOException {
    return Files.getPosixFilePermissions(p);
  }

  @Test
  void newFilesGetTheUmaskModeLikeAnyNewFile() throws IOException {
    Path plain = Files.createFile(dir.resolve("plain")); // 0666 less the umask
    Path out = dir.resolve("out.npy");
    AtomicFile.write(out, o -> o.write(1));
    assertEquals(mode(plain), mode(out));
    assertTrue(mode(out).contains(PosixFilePermission.OWNER_READ));
  }

  @Test
  void aReplacedFileKeepsItsPermissions() throws IOException {
    for (String perms : new String[] {"rw-r--r--", "rw-rw-r--", "rw-------"}) {
      Path out = dir.resolve("t-" + perms + ".dam");
      Files.write(out, new byte[] {9});
      Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(perms));
      AtomicFile.write(out, o -> o.write(new byte[] {1, 2}));
      assertEquals(perms, PosixFilePermissions.toString(mode(out)));
      assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(out));
    }
  }

  @Test
  void shutdownDuringAWriteDeletesTheTemporaryFileAndWritesNothing() throws Exception {
    Path out = dir.resolve("T.dam");
    Files.write(out, new byte[] {7});
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> w = CompletableFuture.runAsync(() -> {
      try {
        AtomicFile.write(out, o -> {
          o.write(new byte[1 << 17]);
          writing.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
          o.write(new byte[1 << 17]);
        });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertTrue(writing.await(10, TimeUnit.SECONDS));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count());
    }
    AtomicFile.abandonAll(); // what the shutdown hook runs on SIGTERM
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
    release.countDown();
    ExecutionException ex = assertThrows(ExecutionException.class, () -> w.get(10, TimeUnit.SECONDS));
    assertTrue(ex.getCause().getMessage().contains("shutting down"), ex.getCause().getMessage());
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(out), "the old file is untouched");
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
    assertThrows(IOException.class, () -> AtomicFile.write(dir.resolve("later"), o -> o.write(1)));
    assertFalse(Files.exists(dir.resolve("later")));
  }
}
