package org.denseam.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.denseam.backend.Backend;
import org.denseam.dynamics.Descent;
import org.denseam.experiments.Format;
import org.denseam.experiments.Metrics;
import org.denseam.experiments.Progress;
import org.denseam.experiments.ScalingChart;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.features.Sorf;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.denseam.backend.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam bench throughput}: time per call of a kernel on one or more backends over a grid of
 * sizes, with the NumPy baseline ({@link NumpyBaseline}) side by side.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "Time per call of a kernel on one or more backends (--backend jvm,tornado: all of them"
          + " on the same cells in the same run) for every combination of the given sizes,"
          + " and the same computation in NumPy (bench/numpy_baseline.py, materialised"
          + " projections, BLAS) side by side when python3 with NumPy is present. Backends that"
          + " run on an accelerator also report the device's kernel and transfer times.",
      "Kernels: gradcomp (DrDAM GradComp: energies and gradients of B queries), exact (MrDAM"
          + " log-sum-exp gradient), rf, procmems (store K memories), retrieve (L steps of"
          + " descent; --model drdam or mrdam)."})
final class BenchThroughput implements Callable<Integer> {
  /** How each table's first line starts, before the kernel's name ({@link TuneChild} reads it). */
  static final String HEADER = "dam bench throughput: kernel ";

  @Option(names = "--kernel", required = true, description = "gradcomp, exact, rf, procmems, retrieve")
  String kernel;

  @Option(names = "--d", split = ",", defaultValue = "256", description = "D values (comma list).")
  List<Integer> ds;

  @Option(names = "--dim", split = ",", defaultValue = "16384", description = "Y values.")
  List<Integer> ys;

  @Option(names = "--k", split = ",", defaultValue = "1000", description = "K values.")
  List<Integer> ks;

  @Option(names = "--b", split = ",", defaultValue = "256", description = "B values.")
  List<Integer> bs;

  @Option(names = "--features", defaultValue = "sincos", description = "DrDAM basis.")
  String features;

  @Option(names = "--model", defaultValue = "drdam", description = "retrieve: drdam or mrdam.")
  String model;

  @Option(names = "--beta", defaultValue = "10", description = "Inverse temperature.")
  double beta;

  @Option(names = "--steps", defaultValue = "10", description = "retrieve: descent steps L.")
  int steps;

  @Option(names = "--eta", defaultValue = "0.1", description = "retrieve: step size.")
  double eta;

  @Option(names = "--reps", defaultValue = "10", description = "Timed calls per round (median).")
  int reps;

  @Option(names = "--rounds", defaultValue = "1",
      description = "Rounds per cell, alternating the backends and the baseline; each side"
          + " reports its quietest round (lowest median). Use several on a shared machine.")
  int rounds;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed calls first (JIT).")
  int warmup;

  @Option(names = "--warmup-seconds", defaultValue = "8",
      description = "Keep warming up (JIT compilation) for at least this long per cell.")
  double warmupSeconds;

  @Option(names = "--backend", split = ",", defaultValue = "jvm",
      description = "Backends under test (comma list, e.g. jvm,tornado): each is timed on every"
          + " cell, in the order given; the first is the one the others are compared with.")
  List<String> backendNames;

  @Option(names = "--threads", description = "Threads of the jvm backend and of the baseline's"
      + " OpenBLAS (OPENBLAS_NUM_THREADS); default: all cores for both.")
  Integer threads;

  @Option(names = "--projection-cache", paramLabel = "MiB", defaultValue = "0",
      description = "Let the jvm backend keep up to this many MiB of projection tiles between"
          + " calls (faster for small batches, no longer O(D+Y) memory; default 0: off).")
  long projectionCache;

  @Option(names = "--numpy", defaultValue = "auto",
      description = "auto (run the baseline when python3 with NumPy is found), on, off.")
  String numpy;

  @Option(names = "--numpy-dtype", defaultValue = "float32",
      description = "Baseline precision: float32 (as the JVM backend) or float64.")
  String numpyDtype;

  @Option(names = "--numpy-script", description = "Path of numpy_baseline.py.")
  Path numpyScriptPath;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of data and projections.")
  long seed;

  @Option(names = "--projection", split = ",", defaultValue = "gaussian",
      description = "Projections timed on the backends (comma list of gaussian, sorf). The"
          + " NumPy baseline always stores Gaussian projections.")
  List<String> projectionNames;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Also plot the time per call against D: one curve per projection and one"
          + " for the baseline (written once all cells are done).")
  Path plot;

  @Override
  public Integer call() throws Exception {
    Kernel kind = Kernel.parse(kernel);
    List<Projection> projections = new ArrayList<>();
    for (String name : projectionNames) {
      projections.add(Projection.parse(name));
    }
    if (projections.contains(Projection.SORF) && !Basis.parse(features).trigonometric()) {
      throw new IllegalArgumentException(
          "--projection sorf needs trigonometric --features (sincos or cos), got " + features);
    }
    if (plot != null) {
      Path dir = plot.toAbsolutePath().getParent();
      if (Files.isDirectory(plot) || (dir != null && !Files.isDirectory(dir))) {
        throw new IllegalArgumentException("--plot " + plot
            + ": must name a file in an existing directory");
      }
      OutputPolicy.check().file("--plot", plot).input("--numpy-script", numpyScriptPath)
          .verify();
    }
    boolean withNumpy = switch (numpy) {
      case "off" -> false;
      case "on" -> true;
      case "auto" -> NumpyBaseline.script(numpyScriptPath) != null && NumpyBaseline.available();
      default -> throw new IllegalArgumentException("--numpy must be auto, on or off");
    };
    Path script = NumpyBaseline.script(numpyScriptPath);
    if (withNumpy && script == null) {
      throw new IllegalArgumentException("bench/numpy_baseline.py not found; give --numpy-script");
    }
    Basis basis = Basis.parse(features);
    if (!model.equals("drdam") && !model.equals("mrdam")) {
      throw new IllegalArgumentException("--model must be drdam or mrdam");
    }
    List<int[]> cells = new ArrayList<>();
    for (int d : ds) {
      for (int y : ys) {
        for (int k : ks) {
          for (int b : bs) {
            for (Projection pr : projections) {
              cells.add(new int[] {d, y, k, b, pr.code()});
            }
          }
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (String n : backendNames) {
      String key = n.trim().toLowerCase(Locale.ROOT);
      if (key.isEmpty() || names.contains(key)) {
        throw new IllegalArgumentException("--backend " + String.join(",", backendNames)
            + ": " + (key.isEmpty() ? "an empty name" : "'" + key + "' given twice"));
      }
      names.add(key);
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, HEADER + "%s%s, backend%s %s, %s, %s%n",
        kind.id, kind == Kernel.RETRIEVE ? " (" + model + ", L=" + steps + ")" : "",
        names.size() > 1 ? "s" : "", String.join(", ", names),
        threads == null ? Runtime.getRuntime().availableProcessors() + " cores"
            : threads + " thread(s) each",
        withNumpy ? "NumPy baseline " + numpyDtype + " (OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset)"
            : "no NumPy baseline");
    String first = names.get(0);
    out.printf(Locale.ROOT, "%8s %5s %6s %6s %5s %-9s | %10s %9s %9s %9s %11s %9s %11s | %10s %9s"
        + " | %10s %9s %9s %9s %9s%n",
        "proj", "D", "Y", "K", "B", "backend", "wall ms", "best ms", "kernel ms", "xfer ms",
        "items/s", "GFLOP/s", "alloc/call", "/" + abbrev(first), "diff", "NumPy ms", "best ms",
        "NumPy/ms", "best", "rel.diff");
    Progress progress = Progress.items(System.err, "throughput", cells.size());
    progress.advance(0, "starting");
    List<Backend> bes = new ArrayList<>();
    try {
      for (String n : names) {
        // --threads and --projection-cache configure the jvm backend where it is one of several.
        boolean mine = n.equals("jvm") || !names.contains("jvm");
        bes.add(BenchSupport.backend(n, mine ? threads : null, mine ? projectionCache : 0));
      }
      for (int[] c : cells) {
        Projection pr = Projection.ofCode(c[4]);
        List<String> lines = cell(bes, names, kind, basis, pr, c[0], c[1], c[2], c[3],
            withNumpy, script);
        progress.advance(1, String.format(Locale.ROOT, "%s D=%d Y=%d K=%d B=%d", pr.id(), c[0],
            c[1], c[2], c[3]));
        lines.forEach(out::println);
      }
      progress.finish();
    } finally {
      for (Backend be : bes) {
        Cli.close(be);
      }
    }
    if (plot != null) {
      ScalingChart.write(plot, kind.id, basis.id(), results);
      out.println("plot: " + plot);
    }
    out.println("wall ms: median time per call (lowest median over the rounds); best ms: fastest"
        + " call, both timed without the device's profiler. kernel ms, xfer ms: the device's"
        + " own profile of as many calls run with it after the timed ones, in that round"
        + " (medians): time in the kernels and in host-device transfers ('-': the backend runs"
        + " no device code). items/s and GFLOP/s from the"
        + " median: queries/s (memories/s for procmems), 2 flops per multiply-add of the matrix"
        + " products (normal generation and transcendentals not counted; for sorf, the additions"
        + " of the Walsh-Hadamard transforms, 3 P log2 P per block of P projections and"
        + " direction). /" + abbrev(first) + ": this backend's median over " + first + "'s"
        + " (> 1: slower than " + first + "); diff: largest difference of its result from "
        + first + "'s relative to their largest value. NumPy/ms > 1: the backend is faster than"
        + " NumPy (from the medians; 'best' from the fastest calls). rel.diff: the same"
        + " difference from NumPy's result ('-' for sorf: the"
        + " baseline uses other projections, so the two are different estimates).");
    return 0;
  }

  /** The cells timed so far. */
  private final List<ScalingChart.Point> results = new ArrayList<>();

  /** A backend's name cut to fit a column header. */
  static String abbrev(String name) {
    return name.length() <= 9 ? name : name.substring(0, 9);
  }

  /** What one backend measured on one cell. */
  private static final class Timing {
    double sec = Double.POSITIVE_INFINITY;
    double best = Double.POSITIVE_INFINITY;
    double alloc;
    /** Device kernel and transfer seconds per call (medians of the quietest round), or NaN. */
    double kernel = Double.NaN;
    double transfer = Double.NaN;
    double[] e;
    double[] g;
    double[] phi;
    double[] t;
    double[] xs;

    double[] result(Kernel kind) {
      return switch (kind) {
        case GRADCOMP, EXACT -> g;
        case RF -> phi;
        case PROCMEMS -> t;
        case RETRIEVE -> xs;
      };
    }
  }

  private List<String> cell(List<Backend> bes, List<String> names, Kernel kind, Basis basis,
      Projection projection, int d, int y, int k, int b, boolean withNumpy, Path script)
      throws Exception {
    double[] mems = BenchSupport.patterns(k, d, seed);
    double[] x = BenchSupport.queries(mems, k, d, b, seed + 1);
    FeatureMap map = new FeatureMap(basis, d, y, seed, projection);
    boolean sorf = projection == Projection.SORF;
    int m = map.projections();
    boolean feature = kind == Kernel.GRADCOMP || kind == Kernel.RF || kind == Kernel.PROCMEMS
        || (kind == Kernel.RETRIEVE && model.equals("drdam"));
    FeatureMemory fm = null;
    FeatureMemory fmBaseline = null;
    Backend firstBe = bes.get(0);
    if (kind == Kernel.GRADCOMP || (kind == Kernel.RETRIEVE && model.equals("drdam"))) {
      // One T (made by the first backend) for all: every backend reads the same memory.
      fm = new FeatureMemory(map, beta);
      fm.add(firstBe, mems, k);
      fmBaseline = fm;
      if (sorf && withNumpy) {
        // The baseline stores Gaussian projections: it reads a T built with them.
        fmBaseline = new FeatureMemory(new FeatureMap(basis, d, y, seed), beta);
        fmBaseline.add(firstBe, mems, k);
      }
    }
    ExactMemory em = new ExactMemory(mems, k, d, beta, Similarity.L2);
    FeatureMemory fmf = fm;
    List<Timing> timings = new ArrayList<>();
    List<Runnable> calls = new ArrayList<>();
    for (Backend be : bes) {
      Timing tm = new Timing();
      tm.e = new double[b];
      tm.g = new double[b * d];
      tm.phi = kind == Kernel.RF ? new double[Math.multiplyExact(b, y)] : null;
      tm.t = new double[y];
      tm.xs = new double[x.length];
      Runnable call = switch (kind) {
        case GRADCOMP -> () -> fmf.energyGrad(be, x, b, tm.e, tm.g);
        case EXACT -> () -> em.energyGrad(be, x, b, tm.e, tm.g);
        case RF -> () -> be.rf(map, beta, x, b, tm.phi);
        case PROCMEMS -> () -> {
          Arrays.fill(tm.t, 0);
          be.procMems(map, beta, mems, k, 1, tm.t);
        };
        case RETRIEVE -> () -> {
          System.arraycopy(x, 0, tm.xs, 0, x.length);
          new Descent(steps, eta, 0, null, false).run(fmf != null ? fmf : em, be, tm.xs, b);
        };
      };
      timings.add(tm);
      calls.add(call);
      org.denseam.backend.DeviceTimes.Source src =
          be instanceof org.denseam.backend.DeviceTimes.Source s ? s : null;
      if (src != null) {
        // Warmed up both ways: the timed calls run without the device's profiler (its events
        // cost time a program does not spend), the profiled calls after them with it.
        src.profile(true);
      }
      long w0 = System.nanoTime();
      for (int i = 0; i < warmup || System.nanoTime() - w0 < warmupSeconds * 1e9; i++) {
        call.run();
      }
      if (src != null) {
        src.profile(false);
        call.run();
      }
    }
    // Rounds alternate the backends' timed calls and the baseline's run, so a quiet spell on a
    // shared machine can benefit any side; each side reports its quietest round.
    double npSec = Double.POSITIVE_INFINITY, npBest = Double.POSITIVE_INFINITY;
    double[] npDiff = new double[bes.size()];
    double[] firstDiff = new double[bes.size()];
    for (int round = 0; round < rounds; round++) {
      for (int j = 0; j < bes.size(); j++) {
        Timing tm = timings.get(j);
        Runnable call = calls.get(j);
        org.denseam.backend.DeviceTimes.Source src =
            bes.get(j) instanceof org.denseam.backend.DeviceTimes.Source s ? s : null;
        long[] times = new long[reps];
        long[] kernelNs = new long[reps], transferNs = new long[reps];
        boolean profiled = src != null;
        long a0 = BenchSupport.allocatedBytes();
        for (int i = 0; i < reps; i++) {
          long t0 = System.nanoTime();
          call.run();
          times[i] = System.nanoTime() - t0;
        }
        double alloc = (BenchSupport.allocatedBytes() - a0) / (double) reps;
        if (src != null) {
          // As many calls again with the device's profiler, for its kernel and transfer times.
          src.profile(true);
          for (int i = 0; i < reps && profiled; i++) {
            call.run();
            org.denseam.backend.DeviceTimes dt = src.lastDeviceTimes();
            if (dt == null) {
              profiled = false;
            } else {
              kernelNs[i] = dt.kernelNanos();
              transferNs[i] = dt.transferNanos();
            }
          }
          src.profile(false);
        }
        double med = BenchSupport.median(times) * 1e-9;
        if (med < tm.sec) {
          tm.sec = med;
          tm.alloc = alloc;
          tm.kernel = profiled ? BenchSupport.median(kernelNs) * 1e-9 : Double.NaN;
          tm.transfer = profiled ? BenchSupport.median(transferNs) * 1e-9 : Double.NaN;
        }
        tm.best = Math.min(tm.best, Arrays.stream(times).min().getAsLong() * 1e-9);
        if (j > 0) {
          firstDiff[j] = Math.max(firstDiff[j],
              Metrics.relMaxError(tm.result(kind), timings.get(0).result(kind)));
        }
      }
      if (withNumpy) {
        double[] np = baseline(kind, basis, d, y, k, b, x, mems, fmBaseline, feature, script);
        npSec = Math.min(npSec, np[0]);
        npBest = Math.min(npBest, np[1]);
        for (int j = 0; j < bes.size(); j++) {
          npDiff[j] = sorf ? Double.NaN
              : Math.max(npDiff[j], Metrics.relMaxError(timings.get(j).result(kind),
                  lastBaselineResult));
        }
      }
    }
    double items = kind == Kernel.PROCMEMS ? k : b;
    // Per input and projection: a D-long product with Gaussian rows, 3 log2 P additions of
    // the transforms with SORF; GradComp runs it forwards and backwards.
    double perRow = sorf ? 3.0 * Integer.numberOfTrailingZeros(Sorf.padded(d)) : 2.0 * d;
    double flops = switch (kind) {
      case GRADCOMP -> 2 * perRow * b * m;
      case EXACT -> 4.0 * b * d * k;
      case RF -> perRow * b * m;
      case PROCMEMS -> perRow * k * m;
      case RETRIEVE -> (steps + 1) * (model.equals("drdam") ? 2 * perRow * b * m : 4.0 * b * d * k);
    };
    // The sizes the kernel's time depends on (0 for those it does not), for the chart's title.
    boolean drdam = kind != Kernel.EXACT && !(kind == Kernel.RETRIEVE && model.equals("mrdam"));
    boolean usesK = kind == Kernel.EXACT || kind == Kernel.PROCMEMS || !drdam;
    results.add(new ScalingChart.Point(projection.id(), d, drdam ? y : 0, usesK ? k : 0,
        kind == Kernel.PROCMEMS ? 0 : b, timings.get(0).sec,
        withNumpy ? npSec : Double.NaN));
    List<String> lines = new ArrayList<>();
    for (int j = 0; j < bes.size(); j++) {
      Timing tm = timings.get(j);
      String np = withNumpy
          ? String.format(Locale.ROOT, "%10.2f %9.2f %8.2fx %8.2fx %9s", npSec * 1e3,
              npBest * 1e3, npSec / tm.sec, npBest / tm.best, sci(npDiff[j]))
          : String.format(Locale.ROOT, "%10s %9s %9s %9s %9s", "-", "-", "-", "-", "-");
      String vsFirst = j == 0
          ? String.format(Locale.ROOT, "%10s %9s", "-", "-")
          : String.format(Locale.ROOT, "%9.2fx %9s", tm.sec / timings.get(0).sec,
              sci(firstDiff[j]));
      lines.add(String.format(Locale.ROOT,
          "%8s %5d %6d %6d %5d %-9s | %10.2f %9.2f %9s %9s %11.1f %9.1f %11s | %s | %s",
          projection.id(), d, y, k, b, names.get(j), tm.sec * 1e3, tm.best * 1e3,
          millis(tm.kernel), millis(tm.transfer), items / tm.sec, flops / tm.sec * 1e-9,
          Format.bytes(tm.alloc), vsFirst, np));
    }
    return lines;
  }

  /** Seconds as milliseconds with two decimals, or '-' for NaN. */
  private static String millis(double sec) {
    return Double.isNaN(sec) ? "-" : String.format(Locale.ROOT, "%.2f", sec * 1e3);
  }

  /** A relative difference in scientific notation, or '-' for NaN. */
  private static String sci(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1e", v);
  }

  /** The last result of the baseline (gradients, features, T or states). */
  private double[] lastBaselineResult;

  /** Runs the NumPy baseline on the same inputs: {median seconds, fastest seconds}. */
  private double[] baseline(Kernel kind, Basis basis, int d, int y, int k, int b, double[] x,
      double[] mems, FeatureMemory fm, boolean feature, Path script) throws Exception {
    Path dir = Files.createTempDirectory("dam-bench");
    try {
      Path q = dir.resolve("x.npy"), mf = dir.resolve("m.npy"), tf = dir.resolve("t.npy");
      Path res = dir.resolve("out.npy");
      Npy.write(q, new Matrix(x, b, d, false), false);
      List<String> cmd = new ArrayList<>(List.of("python3", script.toString(),
          "--kernel", kind.id, "--queries", q.toString(), "--beta", String.valueOf(beta),
          "--features", basis.id(), "--dim", String.valueOf(y), "--seed", String.valueOf(seed),
          "--reps", String.valueOf(Math.max(5, reps)),
          "--warmup", String.valueOf(Math.min(2, warmup)), "--dtype", numpyDtype,
          "--steps", String.valueOf(steps), "--eta", String.valueOf(eta),
          "--out", res.toString()));
      if (!feature || kind == Kernel.PROCMEMS) {
        Npy.write(mf, new Matrix(mems, k, d, false), false);
        cmd.addAll(List.of("--memories", mf.toString()));
      }
      if (fm != null) {
        Npy.write(tf, new Matrix(fm.t(), 1, y, true), false);
        cmd.addAll(List.of("--t", tf.toString()));
      }
      List<String> lines = NumpyBaseline.run(cmd, threads);
      String json = lines.get(lines.size() - 1);
      lastBaselineResult = Npy.read(res).data();
      return new double[] {NumpyBaseline.jsonNumber(json, "seconds_median"), NumpyBaseline.jsonNumber(json, "seconds_min")};
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** The kernels {@code dam bench throughput} can time. */
  enum Kernel {
    GRADCOMP("gradcomp"), EXACT("exact"), RF("rf"), PROCMEMS("procmems"), RETRIEVE("retrieve");

    final String id;

    Kernel(String id) {
      this.id = id;
    }

    static Kernel parse(String s) {
      for (Kernel k : values()) {
        if (k.id.equals(s)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown kernel '" + s + "': expected gradcomp, exact, rf, procmems or retrieve");
    }
  }
}
