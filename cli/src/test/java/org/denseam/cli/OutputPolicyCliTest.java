package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.denseam.TestData;
import org.denseam.api.AtomicOutput;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output-path policy of every command ({@link OutputPolicy}): no output is, or is inside, an
 * input, whatever name reaches it (links, {@code ..}, hard links); no special file (device, FIFO,
 * or a link to one) is written to or replaced; a write through a link keeps the link; failures
 * name the file on one line, whatever characters its name holds; options DrDAM has no use for are
 * refused.
 */
class OutputPolicyCliTest {
  @TempDir Path dir;
  Path mem;
  Path queries;
  Path store;
  final int k = 12, d = 8;

  @BeforeEach
  void files() throws IOException {
    mem = dir.resolve("m.npy");
    Npy.write(mem, new Matrix(TestData.binary(k, d, 3), k, d, false), false);
    queries = dir.resolve("q.npy");
    Npy.write(queries, new Matrix(TestData.uniform(3 * d, 0, 0.3, 4), 3, d, false), true);
    store = dir.resolve("t.dam");
    assertEquals(0, DamRun.of("store", "--memories", mem.toString(), "--beta", "2", "--dim",
        "64", "--out", store.toString()).code());
  }

  /** Runs dam; checks exit 2, one line, no trace, no temp file; returns the line. */
  private String fails(String... args) throws IOException {
    DamRun r = DamRun.of(args);
    String cmd = String.join(" ", args);
    assertEquals(2, r.code(), cmd + " -> " + r.err());
    String[] lines = r.err().strip().split("\n");
    assertEquals(1, lines.length, cmd + ": one line expected, got " + r.err());
    assertTrue(lines[0].startsWith("dam: error: "), cmd + " -> " + r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    try (var files = Files.walk(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")),
          cmd + " left a temporary file");
    }
    return lines[0];
  }

  private static void mkfifo(Path p) throws IOException, InterruptedException {
    Process pr = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
    assumeTrue(pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0, "mkfifo unavailable");
  }

  /** Each command that writes a file, with OUT where its output goes. */
  private List<String[]> writers(String out) {
    String m = mem.toString(), q = queries.toString();
    List<String[]> c = new ArrayList<>();
    c.add(new String[] {"energy", "--memories", m, "--queries", q, "--beta", "1", "--out", out});
    c.add(new String[] {"energy", "--store", store.toString(), "--queries", q, "--out", out});
    c.add(new String[] {"grad", "--memories", m, "--queries", q, "--beta", "1", "--out", out});
    c.add(new String[] {"retrieve", "--memories", m, "--queries", q, "--beta", "1", "--steps",
        "2", "--eta", "0.1", "--out", out});
    c.add(new String[] {"retrieve", "--memories", m, "--queries", q, "--beta", "1", "--steps",
        "2", "--eta", "0.1", "--out", dir.resolve("x.npy").toString(), "--trace", out});
    c.add(new String[] {"store", "--memories", m, "--beta", "1", "--dim", "64", "--out", out});
    c.add(new String[] {"sparse", "--memories", m, "--queries", q, "--beta", "1", "--alpha",
        "2", "--out", out});
    c.add(new String[] {"sparse", "--memories", m, "--queries", q, "--beta", "1", "--alpha",
        "2", "--out", dir.resolve("s.npy").toString(), "--weights", out});
    return c;
  }

  @Test
  void aFifoOrALinkToOneIsRefusedByEveryCommandAndLeftAsItIs() throws Exception {
    Path fifo = dir.resolve("fifo");
    mkfifo(fifo);
    Path link = dir.resolve("to-fifo.npy");
    Files.createSymbolicLink(link, fifo);
    for (Path out : List.of(fifo, link)) {
      for (String[] args : writers(out.toString())) {
        String msg = fails(args);
        assertTrue(msg.contains(out.toString()) && msg.contains("is a FIFO, not a regular file"),
            msg);
        assertTrue(Files.isSymbolicLink(link), "the link was replaced");
        assertEquals("a FIFO", AtomicOutput.specialKind(fifo));
      }
    }
  }

  @Test
  void aLinkToDevNullIsRefusedNotReplaced() throws IOException {
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull));
    Path link = dir.resolve("null.npy");
    Files.createSymbolicLink(link, devNull);
    for (String[] args : writers(link.toString())) {
      String msg = fails(args);
      assertTrue(msg.contains("is a character device, not a regular file"), msg);
      assertTrue(Files.isSymbolicLink(link));
      assertEquals(devNull, Files.readSymbolicLink(link));
      assertEquals("a character device", AtomicOutput.specialKind(devNull));
    }
  }

  @Test
  void experimentOutputDirectoriesMustBeDirectories() throws Exception {
    Path fifo = dir.resolve("fifo");
    mkfifo(fifo);
    String msg = fails("experiment", "fig3", "--out", fifo.toString());
    assertTrue(msg.contains("is a FIFO"), msg);
    Path images = dir.resolve("images");
    Files.createDirectories(images);
    msg = fails("experiment", "complete", "--images", images.toString(), "--out",
        images.resolve("results").toString());
    assertTrue(msg.contains("is inside --images"), msg);
    msg = fails("experiment", "complete", "--images", images.toString(), "--out",
        images.toString());
    assertTrue(msg.contains("is the same directory as --images"), msg);
  }

  @Test
  void anInputIsRefusedUnderAnyNameThatReachesIt() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Path viaDots = sub.resolve("..").resolve("q.npy");
    Path viaLink = dir.resolve("q-link.npy");
    Files.createSymbolicLink(viaLink, queries);
    Path linkDir = dir.resolve("linkdir");
    Files.createSymbolicLink(linkDir, dir);
    Path viaDirLink = linkDir.resolve("q.npy");
    Path hard = dir.resolve("q-hard.npy");
    Files.createLink(hard, queries);
    byte[] before = Files.readAllBytes(queries);
    for (Path out : List.of(viaDots, viaLink, viaDirLink, hard)) {
      for (String[] args : writers(out.toString())) {
        if (args[0].equals("store")) {
          continue; // has no --queries
        }
        String msg = fails(args);
        assertTrue(msg.contains("is the same file as --queries")
            && msg.contains("it would overwrite the input"), msg);
      }
    }
    assertArrayEquals(before, Files.readAllBytes(queries));
    String msg = fails("store", "--memories", mem.toString(), "--beta", "1", "--dim", "64",
        "--out", sub.resolve("../m.npy").toString());
    assertTrue(msg.contains("is the same file as --memories"), msg);
  }

  @Test
  void aLinkToARegularFileIsWrittenThroughAndKept() throws IOException {
    Path target = dir.resolve("real-e.npy");
    Files.write(target, new byte[] {1, 2, 3});
    Path link = dir.resolve("e-link.npy");
    Files.createSymbolicLink(link, target);
    DamRun r = DamRun.of("energy", "--memories", mem.toString(), "--queries",
        queries.toString(), "--beta", "1", "--out", link.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
    assertEquals(3, Npy.read(target).data().length);
  }

  @Test
  void aMissingInputWhoseNameHoldsANewlineIsNamedInFull() throws IOException {
    Path bad = dir.resolve("bad\nname.npy");
    Path out = dir.resolve("e.npy");
    String msg = fails("energy", "--memories", bad.toString(), "--queries", queries.toString(),
        "--beta", "1", "--out", out.toString());
    assertTrue(msg.contains("bad\\nname.npy"), msg);
    assertTrue(msg.contains("no such file") || msg.contains("does not exist"), msg);
    assertFalse(Files.exists(out));
    Path esc = dir.resolve("esc\u001b[31mred.npy");
    msg = fails("energy", "--memories", esc.toString(), "--queries", queries.toString(),
        "--beta", "1", "--out", out.toString());
    assertFalse(msg.contains("\u001b"), msg);
    assertTrue(msg.contains("esc\\x1b[31mred.npy"), msg);
  }

  @Test
  void showQuotesOnlyNamesThatNeedIt() {
    assertEquals("/a/b c.npy", OutputPolicy.show(Path.of("/a/b c.npy")));
    assertEquals("'a\\nb'", OutputPolicy.show("a\nb"));
    assertEquals("'it\\'s\\tx'", OutputPolicy.show("it's\tx"));
  }

  @Test
  void similarityIsRefusedWithDrdamAndHonouredWithMrdam() throws IOException {
    Path out = dir.resolve("e.npy");
    String msg = fails("energy", "--store", store.toString(), "--queries", queries.toString(),
        "--similarity", "dot", "--out", out.toString());
    assertTrue(msg.contains("--similarity dot applies to exact MrDAM"), msg);
    msg = fails("grad", "--memories", mem.toString(), "--dim", "64", "--beta", "1",
        "--queries", queries.toString(), "--similarity", "l2", "--out", out.toString());
    assertTrue(msg.contains("--similarity l2 applies to exact MrDAM"), msg);
    assertFalse(Files.exists(out));
    assertEquals(0, DamRun.of("energy", "--memories", mem.toString(), "--queries",
        queries.toString(), "--beta", "1", "--similarity", "dot", "--out", out.toString())
        .code());
    assertEquals(0, DamRun.of("energy", "--store", store.toString(), "--queries",
        queries.toString(), "--out", out.toString()).code());
  }

  @Test
  void aFullFileSystemNamesTheOutput() throws Exception {
    Path mnt = Files.createDirectories(dir.resolve("small"));
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs",
        mnt.toString()).redirectErrorStream(true).start();
    boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs here (not root?)");
    try {
      Path big = dir.resolve("big.npy");
      int b = 2000;
      Npy.write(big, new Matrix(TestData.uniform(b * d, 0, 0.3, 5), b, d, false), false);
      Path out = mnt.resolve("g.npy");
      String msg = fails("grad", "--memories", mem.toString(), "--queries", big.toString(),
          "--beta", "1", "--backend", "reference", "--out", out.toString());
      assertTrue(msg.contains(out.toString()) && msg.contains("No space left on device"), msg);
      assertFalse(Files.exists(out));
      try (var files = Files.list(mnt)) {
        assertEquals(0, files.count(), "a temporary file was left on the full file system");
      }
    } finally {
      new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor(10,
          TimeUnit.SECONDS);
    }
  }
}
