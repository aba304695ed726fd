package org.denseam.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the NumPy baseline of {@code dam bench throughput}, {@code bench/numpy_baseline.py}. */
final class NumpyBaseline {
  private NumpyBaseline() {}

  /**
   * Locates bench/numpy_baseline.py: {@code --numpy-script}, then $DAM_HOME or -Ddam.home, then
   * the current directory.
   *
   * @param given the path given with --numpy-script, or null
   * @return the script, or null if none is found
   */
  static Path script(Path given) {
    if (given != null) {
      return given;
    }
    String home = System.getProperty("dam.home", System.getenv("DAM_HOME"));
    for (String root : new String[] {home, "."}) {
      if (root != null) {
        Path p = Path.of(root, "bench", "numpy_baseline.py");
        if (Files.isRegularFile(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /**
   * Runs a command with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its environment (as
   * {@code env -u ...}): some machines set them, and they make OpenBLAS pick slower kernels.
   *
   * @param cmd the command line
   * @param threads OpenBLAS and OpenMP threads (the JVM backend's), or null for their default
   * @return the lines the command printed (stdout and stderr)
   * @throws IOException if the command fails or runs for over an hour
   * @throws InterruptedException if interrupted while waiting
   */
  static List<String> run(List<String> cmd, Integer threads)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.remove("OPENBLAS_CORETYPE");
    env.remove("OPENBLAS_L2_SIZE");
    if (threads != null) { // the same number of cores as the JVM backend
      env.put("OPENBLAS_NUM_THREADS", threads.toString());
      env.put("OMP_NUM_THREADS", threads.toString());
    }
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
      // One line: the last of its output (Python's exception, after the traceback).
      String last = "";
      for (String l : lines) {
        if (!l.isBlank()) {
          last = l.strip();
        }
      }
      throw new IOException("the NumPy baseline failed"
          + (p.isAlive() ? " (timed out)" : " (exit " + p.exitValue() + ")") + ": " + last);
    }
    return lines;
  }

  /**
   * Whether python3 with NumPy can be run.
   *
   * @return true if {@code python3 -c 'import numpy'} succeeds within a minute
   */
  static boolean available() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true)
          .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * A number from the baseline's one-line JSON summary.
   *
   * @param json the summary
   * @param key the key
   * @return its value, or NaN if absent
   */
  static double jsonNumber(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\\s*([-0-9.eE+]+)").matcher(json);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
