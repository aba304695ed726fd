package org.denseam.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times kernels under one {@link TuneCandidate} in a child JVM of their own, through {@code dam
 * bench throughput} (the backends read their tunables once per JVM, so each candidate needs its
 * own; its kernels share it).
 * The child reads no tuning file ({@code -Ddenseam.tuning=none}): the candidate's properties are
 * all it is tuned by.
 *
 * @param flags the child JVM's options (before the candidate's properties)
 * @param sizes the sizes and timing options passed to {@code dam bench throughput}
 */
record TuneChild(List<String> flags, List<String> sizes) {
  /**
   * The options of a child JVM for a backend: the Vector API for jvm; for tornado, this JVM's own
   * options (those the launcher gave it to run under TornadoVM), less any {@code -Ddenseam.}
   * setting.
   *
   * @param backend jvm or tornado
   * @return the options
   */
  static List<String> flagsFor(String backend) {
    if (backend.equals("jvm")) {
      return List.of("--add-modules", "jdk.incubator.vector");
    }
    List<String> own = new ArrayList<>();
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-Ddenseam.")) {
        own.add(a);
      }
    }
    return own;
  }

  /**
   * One timing in a child: a kernel of {@code dam bench throughput} with its projections and K.
   *
   * @param kernel the kernel (gradcomp or exact)
   * @param projections the projections (comma list) of the kernel
   * @param k the number of memories K
   */
  record Timing(String kernel, String projections, int k) {}

  /** Separates the command lines of {@link #main}. */
  static final String THEN = "--then";

  /**
   * Runs the timings in one child JVM, one after the other (one JVM start per candidate), and reads
   * the time per call of each kernel and projection from its tables.
   *
   * @param backend the backend's name
   * @param candidate the candidate
   * @param timings the timings
   * @return kernel → projection → median seconds per call (the "wall ms" column)
   * @throws IOException if the child cannot be run, fails, or prints no time for a timing
   * @throws InterruptedException if interrupted while waiting for it
   */
  Map<String, Map<String, Double>> time(String backend, TuneCandidate candidate,
      List<Timing> timings) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.add("-Ddenseam.tuning=none");
    candidate.properties().forEach((name, v) -> cmd.add("-D" + name + "=" + v));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TuneChild.class.getName()));
    for (int i = 0; i < timings.size(); i++) {
      Timing t = timings.get(i);
      if (i > 0) {
        cmd.add(THEN);
      }
      cmd.addAll(List.of("bench", "throughput", "--kernel", t.kernel(), "--backend", backend,
          "--numpy", "off", "--projection", t.projections(), "--k", String.valueOf(t.k())));
      cmd.addAll(sizes);
    }
    Path err = Files.createTempFile("dam-tune", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      Map<String, Map<String, Double>> times = parse(out, backend);
      boolean all = timings.stream().allMatch(t -> times.containsKey(t.kernel()));
      if (rc != 0 || !all) {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        throw new IOException("timing " + timings.stream().map(Timing::kernel).toList() + " with "
            + candidate.label() + " failed (exit " + rc + "): " + String.join(" / ",
                lines.subList(Math.max(0, lines.size() - 3), lines.size())));
      }
      return times;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /**
   * The "wall ms" column of {@code dam bench throughput}'s rows for a backend, per kernel (from
   * each table's first line, {@code dam bench throughput: kernel K, ...}) and projection.
   *
   * @param out what the child printed
   * @param backend the backend's name
   * @return kernel → projection → seconds per call
   */
  static Map<String, Map<String, Double>> parse(String out, String backend) {
    Map<String, Map<String, Double>> times = new LinkedHashMap<>();
    String kernel = null;
    for (String line : out.split("\n")) {
      if (line.startsWith(BenchThroughput.HEADER)) {
        kernel = line.substring(BenchThroughput.HEADER.length()).split(",")[0].trim();
        continue;
      }
      String[] f = line.trim().split("\\s+");
      if (kernel != null && f.length > 7 && f[5].equals(backend) && f[6].equals("|")
          && f[1].matches("\\d+")) {
        times.computeIfAbsent(kernel, x -> new LinkedHashMap<>())
            .put(f[0], Double.parseDouble(f[7]) * 1e-3);
      }
    }
    return times;
  }

  /**
   * The child: runs {@code dam} command lines one after the other in this JVM.
   *
   * @param args command lines separated by {@value #THEN}
   */
  public static void main(String[] args) {
    List<String> one = new ArrayList<>();
    for (int i = 0; i <= args.length; i++) {
      if (i == args.length || args[i].equals(THEN)) {
        int rc = Main.execute(one.toArray(String[]::new));
        if (rc != 0) {
          System.exit(rc);
        }
        one.clear();
      } else {
        one.add(args[i]);
      }
    }
    System.exit(0);
  }
}
