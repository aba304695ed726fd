package org.denseam.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.denseam.backend.MachineKey;
import org.denseam.backend.Tuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam tune}: times the candidates of a backend's tunables ({@link TuneCandidate}) at
 * representative sizes ({@link TuneCell}), each in a child JVM through {@code dam bench
 * throughput} ({@link TuneChild}), and writes the fastest into the tuning file ({@link TuneFile})
 * under this machine's key ({@link TuneTarget}), which the backend reads when it starts.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "Time the candidate values of a backend's tunables on this machine at representative"
          + " sizes (B=256, D=256, Y=16384 GradComp with Gaussian and, for tornado, SORF"
          + " projections; exact gradient with K=10000), each candidate in its own JVM through 'dam bench"
          + " throughput', print each one's time per call and its ratio to the built-in"
          + " default, and write the fastest (lowest geometric mean of the ratios) to the"
          + " tuning file under this machine's key; the built-in default is kept unless a"
          + " candidate is at least 5%% faster (geometric mean below 0.95).",
      "jvm (key: CPU model, vector width, JDK): tileBytes 65536, 131072, 262144 x maxTileRows"
          + " 120, 240 (--quick: tileBytes only); the register blocks are generated code, not"
          + " tuned. tornado (key: device, OpenCL C version, TornadoVM and JDK versions; run"
          + " under TornadoVM): shape tiles, panels x work-group 8x8, 16x16, 32x8 where the"
          + " device allows (--quick: shape only, 16x16)."})
final class TuneCommand implements Callable<Integer> {
  @Option(names = "--backend", defaultValue = "jvm", description = "jvm, tornado or all.")
  String backend;

  @Option(names = "--quick", description = "Fewer candidates, one round, shorter timing.")
  boolean quick;

  @Option(names = "--out", paramLabel = "FILE", description = "The tuning file (default: as the"
      + " backends find it: -Ddenseam.tuning, $DAM_TUNING, else"
      + " ${XDG_CONFIG_HOME:-~/.config}/denseam/tuning.properties).")
  Path out;

  @Option(names = "--rounds", description = "Rounds over all candidates; each cell keeps its"
      + " quietest round (default 1 with --quick, else 2).")
  Integer rounds;

  @Option(names = "--b", defaultValue = "256", hidden = true) int b;
  @Option(names = "--d", defaultValue = "256", hidden = true) int d;
  @Option(names = "--dim", defaultValue = "16384", hidden = true) int y;
  /** K of the exact cell; GradComp's T is built from at most 1000 memories (K is not timed). */
  @Option(names = "--k", defaultValue = "10000", hidden = true) int k;
  @Option(names = "--reps", hidden = true) Integer reps;
  @Option(names = "--warmup-seconds", hidden = true) Double warmupSeconds;

  @Override
  public Integer call() throws Exception {
    List<String> backends = switch (backend) {
      case "jvm", "tornado" -> List.of(backend);
      case "all" -> List.of("jvm", "tornado");
      default -> throw new IllegalArgumentException(
          "--backend must be jvm, tornado or all, not '" + backend + "'");
    };
    Path file = out != null ? out : Tuning.location(System.getenv(), System.getProperties());
    if (file == null) {
      throw new IllegalArgumentException("no tuning file (denseam.tuning or DAM_TUNING is"
          + " 'none'): give --out FILE");
    }
    OutputPolicy.check().file("--out", file).verify();
    int nRounds = rounds != null ? rounds : quick ? 1 : 2;
    if (nRounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, got " + nRounds);
    }
    // Found before any timing, so that an unavailable backend costs nothing.
    List<TuneTarget> targets = backends.stream()
        .map(n -> n.equals("jvm") ? new TuneTarget("jvm", MachineKey.jvm(),
            TuneCandidate.jvm(quick), TuneCell.JVM) : TuneTarget.tornado(quick)).toList();
    for (TuneTarget t : targets) {
      tune(t, file, nRounds);
    }
    return 0;
  }

  /** Times one backend's candidates, writes the winner and prints the tables. */
  private void tune(TuneTarget target, Path file, int nRounds) throws Exception {
    TuneChild child = new TuneChild(TuneChild.flagsFor(target.backend()), List.of("--b", "" + b,
        "--d", "" + d, "--dim", "" + y, "--reps", "" + (reps != null ? reps : quick ? 5 : 10),
        "--rounds", "1", "--warmup", "1", "--warmup-seconds",
        "" + (warmupSeconds != null ? warmupSeconds : quick ? 2.0 : 4.0)));
    List<TuneCandidate> cands = target.candidates();
    List<TuneCell> cells = target.cells();
    // One dam bench throughput run per kernel, with the projections of its cells.
    Map<String, String> projections = new LinkedHashMap<>();
    for (TuneCell cell : cells) {
      projections.merge(cell.kernel(), cell.projection(), (p, q) -> p + "," + q);
    }
    List<TuneChild.Timing> timings = projections.entrySet().stream()
        .map(e -> new TuneChild.Timing(e.getKey(), e.getValue(),
            e.getKey().equals("gradcomp") ? Math.min(k, 1000) : k))
        .toList();
    double[][] sec = new double[cands.size()][cells.size()];
    for (double[] row : sec) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    PrintStream o = System.out;
    o.printf(Locale.ROOT, "dam tune: backend %s, key %s, %d candidates x %d cells, %d round(s),"
        + " B=%d D=%d Y=%d K=%d, %d cores%n", target.backend(), target.key(), cands.size(),
        cells.size(), nRounds, b, d, y, k, Runtime.getRuntime().availableProcessors());
    long t0 = System.nanoTime();
    for (int r = 0; r < nRounds; r++) {
      for (int c = 0; c < cands.size(); c++) {
        System.err.printf(Locale.ROOT, "dam tune: %s round %d/%d, %s (%.0f s)%n",
            target.backend(), r + 1, nRounds, cands.get(c).label(),
            (System.nanoTime() - t0) * 1e-9);
        Map<String, Map<String, Double>> times =
            child.time(target.backend(), cands.get(c), timings);
        for (int j = 0; j < cells.size(); j++) {
          TuneCell cell = cells.get(j);
          Double s = times.get(cell.kernel()).get(cell.projection());
          sec[c][j] = Math.min(sec[c][j], s == null ? Double.POSITIVE_INFINITY : s);
        }
      }
    }
    int def = 0;
    while (!cands.get(def).builtIn()) {
      def++;
    }
    int best = TuneReport.table(o, cands, cells, sec, def);
    TuneFile.write(file, target.key(), cands.get(best).entries());
    o.printf(Locale.ROOT, "wrote %s: %s (%s)%n", file, cands.get(best).label(),
        best == def ? "the built-in default" : "replaces the built-in default");
    TuneReport.tunedVsUntuned(o, cells, sec[best], sec[def]);
    o.printf(Locale.ROOT, "dam tune: %s %.1f s%n", target.backend(),
        (System.nanoTime() - t0) * 1e-9);
  }
}
