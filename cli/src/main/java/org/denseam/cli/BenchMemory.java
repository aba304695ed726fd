package org.denseam.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.denseam.backend.Backend;
import org.denseam.dynamics.Descent;
import org.denseam.experiments.Format;
import org.denseam.experiments.Progress;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.memory.FeatureMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam bench memory}: peak RSS of retrieval as K grows, each measured by {@code dam bench
 * latency} in a fresh JVM.
 */
@Command(name = "memory", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Peak RSS of retrieval as K grows: for each K, stores K patterns as T.dam"
        + " (DrDAM) and M.npy (MrDAM), then runs 'dam bench latency' on each file in a fresh"
        + " JVM and reports its peak RSS and allocation per retrieval. The measuring JVMs use the"
        + " serial collector with a fixed 32 MiB young generation, so the heap grows with live"
        + " data only (not with the garbage of code that the JIT has not compiled yet).")
final class BenchMemory implements Callable<Integer> {
  @Option(names = "--k", split = ",", defaultValue = "100,1000,10000,100000", description = "K values.")
  List<Integer> ks;

  @Option(names = "--d", defaultValue = "64", description = "D.")
  int d;

  @Option(names = "--dim", defaultValue = "4096", description = "Y.")
  int y;

  @Option(names = "--beta", defaultValue = "10", description = "Inverse temperature.")
  double beta;

  @Option(names = "--n", defaultValue = "50", description = "Timed retrievals per run.")
  int n;

  @Option(names = "--steps", defaultValue = "10", description = "Descent steps per retrieval.")
  int steps;

  @Option(names = "--xmx", defaultValue = "4g", description = "Heap limit of each measured JVM.")
  String xmx;

  @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "3",
      description = "Warm-up of each measured JVM: 300 retrievals and at least S seconds, so"
          + " that small K (fast retrievals) are measured with compiled kernels too.")
  double warmupSeconds;

  @Option(names = "--dir", description = "Keep the files here (default: a temporary directory).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("dam-mem");
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "dam bench memory: D=%d, Y=%d, retrieval of 1 query, L=%d, each run"
        + " in a fresh JVM with -Xmx%s -XX:+UseSerialGC -Xmn32m%n", d, y, steps, xmx);
    out.printf(Locale.ROOT, "%8s | %10s %12s %12s | %10s %12s %12s%n", "K", "T.dam",
        "DrDAM RSS", "alloc/retr", "M.npy", "MrDAM RSS", "alloc/retr");
    Progress progress = Progress.items(System.err, "memory", ks.size());
    progress.advance(0, "K=" + ks.get(0));
    long[][] rss = new long[ks.size()][2];
    Backend be = Cli.backend("jvm");
    try {
      for (int i = 0; i < ks.size(); i++) {
        int k = ks.get(i);
        double[] pats = BenchSupport.patterns(k, d, 11);
        Path t = work.resolve("T_" + k + ".dam"), mf = work.resolve("M_" + k + ".npy");
        FeatureMemory fm = new FeatureMemory(new FeatureMap(Basis.SINCOS, d, y, 7), beta);
        fm.add(be, pats, k);
        fm.write(t);
        Npy.write(mf, new Matrix(pats, k, d, false), false);
        String[] dr = child(java, cp, "--store", t.toString());
        String[] mr = child(java, cp, "--memories", mf.toString(), "--beta", String.valueOf(beta));
        rss[i][0] = Long.parseLong(dr[0]);
        rss[i][1] = Long.parseLong(mr[0]);
        progress.advance(1, "K=" + k);
        out.printf(Locale.ROOT, "%8d | %10s %12s %12s | %10s %12s %12s%n", k,
            Format.bytes(Files.size(t)), Format.bytes(rss[i][0] * 1024.0), Format.bytes(Double.parseDouble(dr[1])),
            Format.bytes(Files.size(mf)), Format.bytes(rss[i][1] * 1024.0), Format.bytes(Double.parseDouble(mr[1])));
      }
      progress.finish();
    } finally {
      Cli.close(be);
      if (dir == null) {
        try (var files = Files.list(work)) {
          for (Path p : files.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(work);
      }
    }
    int last = ks.size() - 1;
    out.printf(Locale.ROOT, "peak RSS at K=%d relative to K=%d: DrDAM %.3f, MrDAM %.3f%n",
        ks.get(last), ks.get(0), rss[last][0] / (double) rss[0][0],
        rss[last][1] / (double) rss[0][1]);
    return 0;
  }

  /** Runs 'bench latency' in a fresh JVM; returns {peak RSS KiB, allocated bytes/retrieval}. */
  private String[] child(String java, String cp, String... source)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
        "-Xmx" + xmx, "-XX:+UseSerialGC", "-Xmn32m", "-cp", cp, Main.class.getName(), "bench",
        "latency",
        "--n", String.valueOf(n), "--warmup", "300", "--warmup-seconds",
        String.valueOf(warmupSeconds), "--steps", String.valueOf(steps)));
    cmd.addAll(List.of(source));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("measuring run failed: " + text);
    }
    Matcher rss = Pattern.compile("peak RSS: (\\d+) KiB").matcher(text);
    Matcher alloc = Pattern.compile("allocated per retrieval: (\\d+) bytes").matcher(text);
    if (!rss.find() || !alloc.find()) {
      throw new IOException("unexpected output of the measuring run: " + text);
    }
    return new String[] {rss.group(1), alloc.group(1)};
  }
}
