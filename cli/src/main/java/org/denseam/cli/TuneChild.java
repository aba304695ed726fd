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
 * Times one kernel under one {@link TuneCandidate} in a child JVM, through {@code dam bench
 * throughput} (the backends read their tunables once per JVM, so each candidate needs its own).
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
   * Runs the child and reads the time per call of each projection from its table.
   *
   * @param backend the backend's name
   * @param candidate the candidate
   * @param kernel the kernel (gradcomp or exact)
   * @param projections the projections (comma list) of the kernel
   * @param k the number of memories K
   * @return projection → median seconds per call (the "wall ms" column)
   * @throws IOException if the child cannot be run, fails, or prints no time
   * @throws InterruptedException if interrupted while waiting for it
   */
  Map<String, Double> time(String backend, TuneCandidate candidate, String kernel,
      String projections, int k) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(flags);
    cmd.add("-Ddenseam.tuning=none");
    candidate.properties().forEach((name, v) -> cmd.add("-D" + name + "=" + v));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "bench", "throughput", "--kernel", kernel, "--backend", backend, "--numpy", "off",
        "--projection", projections, "--k", String.valueOf(k)));
    cmd.addAll(sizes);
    Path err = Files.createTempFile("dam-tune", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      Map<String, Double> times = parse(out, backend);
      if (rc != 0 || times.isEmpty()) {
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        throw new IOException("timing " + kernel + " with " + candidate.label() + " failed (exit "
            + rc + "): " + String.join(" / ", lines.subList(Math.max(0, lines.size() - 3),
                lines.size())));
      }
      return times;
    } finally {
      Files.deleteIfExists(err);
    }
  }

  /**
   * The "wall ms" column of {@code dam bench throughput}'s rows for a backend, per projection.
   *
   * @param out what the child printed
   * @param backend the backend's name
   * @return projection → seconds per call
   */
  static Map<String, Double> parse(String out, String backend) {
    Map<String, Double> times = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 7 && f[5].equals(backend) && f[6].equals("|") && f[1].matches("\\d+")) {
        times.put(f[0], Double.parseDouble(f[7]) * 1e-3);
      }
    }
    return times;
  }
}
