package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code ./dam} launcher run in a process group of its own, as a shell with job control (a
 * terminal) runs a command, so that a test can do what a terminal's Ctrl-C does: send INT to the
 * whole group. Linux only (it reads /proc); {@link #close()} kills whatever is left of the group.
 */
public final class ProcessGroup implements AutoCloseable {
  /** How the launcher starts: as a terminal starts it, or as {@code dam ... &} in a script does. */
  public enum Start {
    /** INT and QUIT at their default disposition (an interactive shell's command). */
    DEFAULT,
    /** INT and QUIT ignored (an asynchronous job of a non-interactive shell). */
    IGNORED
  }

  public final Process process;
  /** The JVM running the command. */
  public final ProcessHandle jvm;
  /** The process group: the launcher, its stderr filter and the JVM. */
  public final long pgid;

  private ProcessGroup(Process process, ProcessHandle jvm, long pgid) {
    this.process = process;
    this.jvm = jvm;
    this.pgid = pgid;
  }

  /**
   * Starts {@code bash launcher args...} in a new session (so a new process group), its output
   * going to {@code log}, and waits until the JVM has installed its INT handler.
   */
  public static ProcessGroup start(Path launcher, Path dir, Path log, Start start, List<String> env,
      String... args) throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc");
    Assumptions.assumeTrue(runs("setsid", "true"), "no setsid(1)");
    String sig = start == Start.DEFAULT ? "--default-signal=INT,QUIT" : "--ignore-signal=INT,QUIT";
    Assumptions.assumeTrue(runs("env", sig, "true"), "env(1) has no " + sig);
    List<String> cmd = new ArrayList<>(List.of("setsid", "-w", "env", sig, "bash",
        launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(Path.of("/dev/null").toFile());
    for (String kv : env) {
      int eq = kv.indexOf('=');
      pb.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    pb.environment().remove("DAM_DEBUG");
    pb.environment().remove("TORNADOVM_HOME");
    Process p = pb.start();
    ProcessHandle jvm = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try {
      while (jvm == null || !catchesInt(jvm.pid())) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(jvm == null ? "no JVM started" : "the JVM does not catch INT: "
              + status(jvm.pid()) + "\n" + read(log));
        }
        if (!p.isAlive()) {
          throw new AssertionError("the launcher ended early (" + p.exitValue() + "):\n" + read(log));
        }
        if (jvm == null) {
          Optional<ProcessHandle> j = p.descendants()
              .filter(h -> h.info().command().orElse("").endsWith("/java")).findFirst();
          jvm = j.orElse(null);
          if (jvm != null) {
            // a JVM installs its handlers within a second of starting
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
          }
        }
        Thread.sleep(20);
      }
      return new ProcessGroup(p, jvm, field(jvm.pid(), 2));
    } catch (Throwable t) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw t;
    }
  }

  /** The launcher: the JVM's parent (setpriv and env replace themselves by the JVM). */
  public long launcher() {
    return jvm.parent().orElseThrow().pid();
  }

  /** Sends {@code signal} (e.g. "INT") to the whole group, as a terminal's Ctrl-C does. */
  public void signalGroup(String signal) throws IOException, InterruptedException {
    assertTrue(jvm.isAlive(), "the command ended before the signal");
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, "--", "-" + pgid).start().waitFor());
  }

  /** Sends {@code signal} to one process. */
  public static void signal(long pid, String signal) throws IOException, InterruptedException {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
  }

  /**
   * Asserts that within {@code seconds} of now the launcher has exited with a non-zero status and
   * no process of the group is left.
   */
  public void assertStoppedWithin(int seconds, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    assertTrue(process.waitFor(seconds, TimeUnit.SECONDS),
        "the launcher still runs " + seconds + " s after INT:\n" + read(log));
    while (!members().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(List.of(), members(), "processes of the group left " + seconds + " s after INT");
    assertFalse(jvm.isAlive(), "the JVM still runs");
    assertNotEquals(0, process.exitValue(), "exit status after INT");
    assertEquals(130, process.exitValue(), "exit status after INT:\n" + read(log));
  }

  /** The pids of the processes in this group. */
  public List<Long> members() throws IOException {
    List<Long> pids = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path d : (Iterable<Path>) procs::iterator) {
        String name = d.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        try {
          if (field(pid, 2) == pgid && !"Z".equals(state(pid))) {
            pids.add(pid);
          }
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      }
    }
    return pids;
  }

  /** Kills whatever is left of the group. */
  @Override
  public void close() throws IOException {
    try {
      if (!members().isEmpty()) {
        new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor();
      }
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the process has a handler for INT (bit 2 of SigCgt in /proc/PID/status). */
  private static boolean catchesInt(long pid) {
    for (String line : status(pid).split("\n")) {
      if (line.startsWith("SigCgt:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2) != 0;
      }
    }
    return false;
  }

  private static String status(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    } catch (IOException e) {
      return "";
    }
  }

  /** Field {@code i} (0: state, 1: ppid, 2: pgrp) after the command name in /proc/PID/stat. */
  private static long field(long pid, int i) throws IOException {
    return Long.parseLong(stat(pid)[i]);
  }

  private static String state(long pid) throws IOException {
    return stat(pid)[0];
  }

  private static String[] stat(long pid) throws IOException {
    String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return s.substring(s.lastIndexOf(')') + 2).split(" ");
  }

  private static boolean runs(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * The project's {@code ./dam} launcher, found from the test's working directory (a module's
   * directory or the project's root); the calling test is skipped where there is none.
   */
  public static Path damLauncher() {
    Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    if (!Files.exists(root.resolve("dam"))) {
      root = root.getParent();
    }
    Path launcher = root.resolve("dam");
    Assumptions.assumeTrue(Files.isExecutable(launcher), "no ./dam launcher at " + launcher);
    return launcher;
  }

  public static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Asserts that {@code out} is absent and {@code dir} holds no temporary file or directory
   * ({@code .NAME.*.tmp}, {@code .NAME.tmp-*}).
   */
  public static void assertNothingWritten(Path dir, Path out) throws IOException {
    assertFalse(Files.exists(out), "output written: " + out);
    try (var files = Files.walk(dir)) {
      List<Path> tmp = files.filter(f -> f.getFileName().toString().matches(".*\\.tmp(-.*)?"))
          .toList();
      assertEquals(List.of(), tmp, "temporary files left behind");
    }
  }
}
