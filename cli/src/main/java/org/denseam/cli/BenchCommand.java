package org.denseam.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.denseam.backend.Backend;
import org.denseam.dynamics.Descent;
import org.denseam.features.Basis;
import org.denseam.experiments.Metrics;
import org.denseam.experiments.ScalingChart;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.features.Sorf;
import org.denseam.io.DamFile;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.denseam.memory.EnergyModel;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;
import org.denseam.memory.Similarity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam bench}: throughput against a NumPy baseline, single-query latency percentiles, and
 * peak memory as the number of stored patterns grows.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: throughput (with the NumPy baseline side by side), latency"
        + " percentiles (HdrHistogram) and peak memory versus K.",
    subcommands = {
      BenchCommand.Throughput.class,
      BenchCommand.Latency.class,
      BenchCommand.MemoryCurve.class,
      BenchCommand.Cpu.class
    })
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing benchmark: throughput, latency, memory or cpu");
  }

  // ------------------------------------------------------------------ shared helpers

  /**
   * The backend to measure: --threads N and --projection-cache MiB configure the JVM backend.
   */
  static Backend backend(String name, Integer threads, long cacheMiB) {
    if (threads != null || cacheMiB > 0) {
      if (!name.equals("jvm")) {
        throw new IllegalArgumentException(
            "--threads and --projection-cache apply to the jvm backend only");
      }
      int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      return new org.denseam.backend.JvmBackend(n, cacheMiB << 20);
    }
    return Cli.backend(name);
  }

  /** K random binary patterns in {0, 1/√D}^D (duplicates allowed). */
  static double[] patterns(int k, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double one = 1 / Math.sqrt(d);
    double[] p = new double[Math.multiplyExact(k, d)];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.nextBoolean() ? one : 0.0;
    }
    return p;
  }

  /** B queries: stored patterns (cycled) with 10 % of their bits flipped. */
  static double[] queries(double[] pats, int k, int d, int b, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double one = 1 / Math.sqrt(d);
    double[] q = new double[Math.multiplyExact(b, d)];
    for (int i = 0; i < b; i++) {
      System.arraycopy(pats, (i % k) * d, q, i * d, d);
      DemoData.flipBits(q, i, d, Math.max(1, d / 10), one, r);
    }
    return q;
  }

  /** Bytes allocated so far by all live threads (HotSpot's per-thread counters). */
  static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
      long[] ids = t.getAllThreadIds();
      long sum = 0;
      for (long v : t.getThreadAllocatedBytes(ids)) {
        sum += Math.max(0, v);
      }
      return sum;
    }
    return 0;
  }

  /** Peak resident set size of this process in KiB (VmHWM), or -1 where /proc is absent. */
  static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static String bytes(double b) {
    String[] units = {"B", "KiB", "MiB", "GiB"};
    int u = 0;
    while (Math.abs(b) >= 1024 && u < units.length - 1) {
      b /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }

  /** A one-line progress bar on stderr, redrawn in place. */
  static final class Progress {
    private final int total;
    private final long start = System.nanoTime();
    private int done;

    Progress(int total) {
      this.total = total;
    }

    void show(String what) {
      if (total <= 1) {
        return;
      }
      int width = 30, filled = (int) ((long) width * done / total);
      double s = (System.nanoTime() - start) * 1e-9;
      String eta = done == 0 ? "?" : String.format(Locale.ROOT, "%.0fs", s / done * (total - done));
      System.err.printf(Locale.ROOT, "\r[%s%s] %d/%d  %-40.40s  eta %s ",
          "#".repeat(filled), ".".repeat(width - filled), done, total, what, eta);
      System.err.flush();
    }

    void step(String what) {
      at(done + 1, what);
    }

    void at(int count, String what) {
      done = count;
      show(what);
      if (done == total && total > 1) {
        System.err.println();
      }
    }
  }

  /** Locates bench/numpy_baseline.py: --numpy-script, then $DAM_HOME or -Ddam.home, then ./. */
  static Path numpyScript(Path given) {
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
   */
  static List<String> runBaseline(List<String> cmd, Integer threads)
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
      throw new IOException("the NumPy baseline failed: " + String.join("\n", lines));
    }
    return lines;
  }

  static boolean numpyAvailable() {
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

  static double jsonNumber(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\\s*([-0-9.eE+]+)").matcher(json);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }

  // ------------------------------------------------------------------ throughput

  /** {@code dam bench throughput}. */
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
  static final class Throughput implements Callable<Integer> {
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
      }
      boolean withNumpy = switch (numpy) {
        case "off" -> false;
        case "on" -> true;
        case "auto" -> numpyScript(numpyScriptPath) != null && numpyAvailable();
        default -> throw new IllegalArgumentException("--numpy must be auto, on or off");
      };
      Path script = numpyScript(numpyScriptPath);
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
      out.printf(Locale.ROOT, "dam bench throughput: kernel %s%s, backend%s %s, %s, %s%n",
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
      Progress progress = new Progress(cells.size());
      progress.show("starting");
      List<Backend> bes = new ArrayList<>();
      try {
        for (String n : names) {
          // --threads and --projection-cache configure the jvm backend where it is one of several.
          boolean mine = n.equals("jvm") || !names.contains("jvm");
          bes.add(backend(n, mine ? threads : null, mine ? projectionCache : 0));
        }
        for (int[] c : cells) {
          Projection pr = Projection.ofCode(c[4]);
          List<String> lines = cell(bes, names, kind, basis, pr, c[0], c[1], c[2], c[3],
              withNumpy, script);
          progress.step(String.format(Locale.ROOT, "%s D=%d Y=%d K=%d B=%d", pr.id(), c[0], c[1],
              c[2], c[3]));
          lines.forEach(out::println);
        }
      } finally {
        for (Backend be : bes) {
          Cli.close(be);
        }
      }
      if (plot != null) {
        ScalingChart.write(plot, kind.id, basis, results);
        out.println("plot: " + plot);
      }
      out.println("wall ms: median time per call (lowest median over the rounds); best ms: fastest"
          + " call. kernel ms, xfer ms: the device's own profile of the calls of that round"
          + " (medians; profiling is on from the warm-up on): time in the kernels and in"
          + " host-device transfers ('-': the backend runs no device code). items/s and GFLOP/s from the"
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
      double[] mems = patterns(k, d, seed);
      double[] x = queries(mems, k, d, b, seed + 1);
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
        if (be instanceof org.denseam.backend.DeviceTimes.Source src) {
          // On from the warm-up on, so that the timed calls run as warmed up (a backend may
          // build its execution plans differently when profiling).
          src.profile(true);
        }
        long w0 = System.nanoTime();
        for (int i = 0; i < warmup || System.nanoTime() - w0 < warmupSeconds * 1e9; i++) {
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
          long a0 = allocatedBytes();
          for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            call.run();
            times[i] = System.nanoTime() - t0;
            if (src != null) {
              org.denseam.backend.DeviceTimes dt = src.lastDeviceTimes();
              if (dt == null) {
                profiled = false;
              } else {
                kernelNs[i] = dt.kernelNanos();
                transferNs[i] = dt.transferNanos();
              }
            }
          }
          double alloc = (allocatedBytes() - a0) / (double) reps;
          double med = median(times) * 1e-9;
          if (med < tm.sec) {
            tm.sec = med;
            tm.alloc = alloc;
            tm.kernel = profiled ? median(kernelNs) * 1e-9 : Double.NaN;
            tm.transfer = profiled ? median(transferNs) * 1e-9 : Double.NaN;
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
      for (Backend be : bes) {
        if (be instanceof org.denseam.backend.DeviceTimes.Source src) {
          src.profile(false);
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
      results.add(new ScalingChart.Point(projection, d, timings.get(0).sec,
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
            bytes(tm.alloc), vsFirst, np));
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
        List<String> lines = runBaseline(cmd, threads);
        String json = lines.get(lines.size() - 1);
        lastBaselineResult = Npy.read(res).data();
        return new double[] {jsonNumber(json, "seconds_median"), jsonNumber(json, "seconds_min")};
      } finally {
        try (var files = Files.list(dir)) {
          for (Path p : files.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(dir);
      }
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

  // ------------------------------------------------------------------ latency

  /** {@code dam bench latency}. */
  @Command(name = "latency", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {
        "Runs N single-query retrievals (L descent steps each, B = 1) and prints latency"
            + " percentiles (HdrHistogram), throughput, peak RSS and allocation per retrieval;"
            + " writes the full percentile distribution (.hgrm, microseconds) with --hgrm.",
        "The memory is read from --store T.dam (DrDAM) or --memories M.npy (MrDAM), or made up"
            + " with --model drdam|mrdam and --d/--dim/--k."})
  static final class Latency implements Callable<Integer> {
    @Option(names = "--store", paramLabel = "T.dam", description = "DrDAM memory saved by 'dam store'.")
    Path store;

    @Option(names = "--memories", paramLabel = "M.npy", description = "MrDAM memories, K x D.")
    Path memories;

    @Option(names = "--model", defaultValue = "drdam", description = "Without files: drdam or mrdam.")
    String model;

    @Option(names = "--d", defaultValue = "64", description = "Without files: D.")
    int d;

    @Option(names = "--dim", defaultValue = "4096", description = "Without files: Y.")
    int y;

    @Option(names = "--k", defaultValue = "1000", description = "Without files: K.")
    int k;

    @Option(names = "--features", defaultValue = "sincos", description = "Without files: basis.")
    String features;

    @Option(names = "--beta", defaultValue = "10", description = "Inverse temperature (MrDAM, or made-up memories).")
    double beta;

    @Option(names = "--n", defaultValue = "1000", description = "Timed retrievals.")
    int n;

    @Option(names = "--warmup", defaultValue = "200", description = "Untimed retrievals first.")
    int warmup;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "0",
        description = "Keep warming up for at least S seconds, so that the JIT has compiled the"
            + " kernels before allocation is measured (default 0).")
    double warmupSeconds;

    @Option(names = "--steps", defaultValue = "10", description = "Descent steps L per retrieval.")
    int steps;

    @Option(names = "--eta", defaultValue = "0.1", description = "Step size.")
    double eta;

    @Option(names = "--backend", defaultValue = "jvm", description = "Backend.")
    String backend;

    @Option(names = "--threads", description = "Threads of the jvm backend (default: all cores).")
    Integer threads;

    @Option(names = "--projection-cache", paramLabel = "MiB", defaultValue = "0",
        description = "Let the jvm backend keep up to this many MiB of projection tiles between"
            + " calls (faster for small batches, no longer O(D+Y) memory; default 0: off).")
    long projectionCache;

    @Option(names = "--hgrm", paramLabel = "FILE", description = "Write the percentile distribution here.")
    Path hgrm;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of made-up data and queries.")
    long seed;

    @Override
    public Integer call() throws Exception {
      if (n < 1 || warmup < 0) {
        throw new IllegalArgumentException("--n must be >= 1 and --warmup >= 0");
      }
      Backend be = backend(backend, threads, projectionCache);
      try {
        long rss0 = peakRssKb();
        EnergyModel m;
        String what;
        if (store != null && memories != null) {
          throw new IllegalArgumentException("give at most one of --store and --memories");
        } else if (store != null) {
          FeatureMemory fm = DamFile.read(store);
          m = fm;
          what = String.format(Locale.ROOT, "DrDAM from %s (D=%d, Y=%d, K=%d, %s)", store,
              fm.dim(), fm.map().y(), fm.count(), fm.map().basis().id());
        } else if (memories != null) {
          Matrix mm = Cli.readFinite(memories, "memories");
          m = new ExactMemory(mm.data(), mm.rows(), mm.cols(), beta, Similarity.L2);
          what = String.format(Locale.ROOT, "MrDAM from %s (D=%d, K=%d)", memories, mm.cols(),
              mm.rows());
        } else if (model.equals("drdam")) {
          FeatureMemory fm = new FeatureMemory(new FeatureMap(Basis.parse(features), d, y, seed), beta);
          fm.add(be, patterns(k, d, seed), k);
          m = fm;
          what = String.format(Locale.ROOT, "DrDAM made up (D=%d, Y=%d, K=%d, %s)", d, y, k,
              features);
        } else if (model.equals("mrdam")) {
          m = new ExactMemory(patterns(k, d, seed), k, d, beta, Similarity.L2);
          what = String.format(Locale.ROOT, "MrDAM made up (D=%d, K=%d)", d, k);
        } else {
          throw new IllegalArgumentException("--model must be drdam or mrdam");
        }
        int dim = m.dim();
        // Queries: random binary vectors of the same kind as the stored patterns.
        double[] pool = patterns(256, dim, seed + 1);
        Descent descent = new Descent(steps, eta, 0, null, false);
        double[] x = new double[dim];
        Histogram h = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        Progress progress = new Progress(warmup + n);
        long a0 = 0;
        long start = 0;
        long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmed = -1;
        for (int i = 0, j = 0; j < n; i++) {
          boolean timed = warmed >= 0;
          if (!timed && i >= warmup && System.nanoTime() >= warmUntil) {
            warmed = i;
            timed = true;
            a0 = allocatedBytes();
            start = System.nanoTime();
          }
          System.arraycopy(pool, (i % 256) * dim, x, 0, dim);
          long t0 = System.nanoTime();
          descent.run(m, be, x, 1);
          long dt = System.nanoTime() - t0;
          if (timed) {
            h.recordValue(Math.min(dt, h.getHighestTrackableValue()));
            j++;
          }
          int done = Math.min(i + 1, warmup) + j;
          if ((i + 1) % Math.max(1, (warmup + n) / 100) == 0 && done < warmup + n) {
            progress.at(done, timed ? "timed" : "warm-up");
          }
        }
        int warmedUp = warmed;
        double total = (System.nanoTime() - start) * 1e-9;
        double alloc = (allocatedBytes() - a0) / (double) n;
        progress.at(warmup + n, "done");
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "dam bench latency: %s, backend %s%n", what, be.name());
        out.printf(Locale.ROOT, "%d retrievals of 1 query, L=%d steps (%d energy+gradient"
            + " evaluations each), after %d warm-up retrievals%n", n, steps, steps + 1, warmedUp);
        out.printf(Locale.ROOT, "latency ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f"
            + "  (mean %.3f)%n", ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
            ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
            h.getMean() * 1e-6);
        out.printf(Locale.ROOT, "throughput: %.1f retrievals/s%n", n / total);
        out.printf(Locale.ROOT, "peak RSS: %d KiB (%d KiB before loading the memory)%n",
            peakRssKb(), rss0);
        out.printf(Locale.ROOT, "allocated per retrieval: %.0f bytes%n", alloc);
        if (hgrm != null) {
          try (PrintStream ps = new PrintStream(Files.newOutputStream(hgrm), true,
              StandardCharsets.UTF_8)) {
            h.outputPercentileDistribution(ps, 1000.0);
          }
          out.printf(Locale.ROOT, "percentile distribution (microseconds): %s%n", hgrm);
        }
        return 0;
      } finally {
        Cli.close(be);
      }
    }

    private static double ms(long ns) {
      return ns * 1e-6;
    }
  }

  // ------------------------------------------------------------------ cpu

  /** {@code dam bench cpu}. */
  @Command(name = "cpu", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = "This CPU's limits as the JVM kernels see them: peak FMA rate (one core and"
          + " all cores), normals per second, and the two matrix products of GradComp on one core;"
          + " then how GradComp of B queries divides its time. Rates per second of CPU time.")
  static final class Cpu implements Callable<Integer> {
    @Option(names = "--d", defaultValue = "256", description = "D for normals and products.")
    int d;

    @Option(names = "--b", defaultValue = "256", description = "B for the products.")
    int b;

    @Option(names = "--seconds", defaultValue = "2", description = "Measuring time per figure.")
    double seconds;

    @Override
    public Integer call() throws Exception {
      int cores = Runtime.getRuntime().availableProcessors();
      PrintStream out = System.out;
      double one = org.denseam.backend.KernelProbe.peakFlops(1, seconds);
      double all = org.denseam.backend.KernelProbe.peakFlops(cores, seconds);
      double normals = org.denseam.backend.KernelProbe.normalsPerSecond(d, seconds);
      double[] gemm = org.denseam.backend.KernelProbe.gemmFlops(d, b, seconds);
      out.printf(Locale.ROOT, "vector lanes (float32): %d; cores: %d%n",
          org.denseam.backend.KernelProbe.lanes(), cores);
      out.printf(Locale.ROOT, "peak FMA rate: %.1f GFLOP/s on one core, %.1f GFLOP/s on %d%n",
          one * 1e-9, all * 1e-9, cores);
      out.printf(Locale.ROOT, "normals (Philox + Box-Muller, D=%d): %.0f M/s on one core,"
          + " %.2f ns each%n", d, normals * 1e-6, 1e9 / normals);
      out.printf(Locale.ROOT, "one core, D=%d, B=%d: forward H = Omega Z %.1f GFLOP/s (%.0f%% of"
          + " peak), transposed J += S^T Omega %.1f GFLOP/s (%.0f%%)%n", d, b, gemm[0] * 1e-9,
          100 * gemm[0] / one, gemm[1] * 1e-9, 100 * gemm[1] / one);
      // GradComp per projection and query: 2D flops forward + 2D transposed; D normals per
      // projection are shared by the B queries.
      double perNormal = 4.0 * b;
      double tGemm = 2.0 / (gemm[0] + gemm[1]) * perNormal; // seconds per normal's worth of GEMM
      double tRng = 1 / normals;
      out.printf(Locale.ROOT, "GradComp with B=%d does %.0f matrix flops per normal generated:"
          + " per normal %.2f ns of products and %.2f ns of generation (%.0f%% of the time in"
          + " generation); bound from these rates: %.1f GFLOP/s per core (%.0f%% of peak)%n", b,
          perNormal, tGemm * 1e9, tRng * 1e9, 100 * tRng / (tRng + tGemm),
          perNormal / (tGemm + tRng) * 1e-9, 100 * perNormal / (tGemm + tRng) / one);
      return 0;
    }
  }

  // ------------------------------------------------------------------ memory

  /** {@code dam bench memory}. */
  @Command(name = "memory", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = "Peak RSS of retrieval as K grows: for each K, stores K patterns as T.dam"
          + " (DrDAM) and M.npy (MrDAM), then runs 'dam bench latency' on each file in a fresh"
          + " JVM and reports its peak RSS and allocation per retrieval. The measuring JVMs use the"
          + " serial collector with a fixed 32 MiB young generation, so the heap grows with live"
          + " data only (not with the garbage of code that the JIT has not compiled yet).")
  static final class MemoryCurve implements Callable<Integer> {
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
      Progress progress = new Progress(ks.size());
      progress.show("K=" + ks.get(0));
      long[][] rss = new long[ks.size()][2];
      Backend be = Cli.backend("jvm");
      try {
        for (int i = 0; i < ks.size(); i++) {
          int k = ks.get(i);
          double[] pats = patterns(k, d, 11);
          Path t = work.resolve("T_" + k + ".dam"), mf = work.resolve("M_" + k + ".npy");
          FeatureMemory fm = new FeatureMemory(new FeatureMap(Basis.SINCOS, d, y, 7), beta);
          fm.add(be, pats, k);
          DamFile.write(t, fm);
          Npy.write(mf, new Matrix(pats, k, d, false), false);
          String[] dr = child(java, cp, "--store", t.toString());
          String[] mr = child(java, cp, "--memories", mf.toString(), "--beta", String.valueOf(beta));
          rss[i][0] = Long.parseLong(dr[0]);
          rss[i][1] = Long.parseLong(mr[0]);
          progress.step("K=" + k);
          out.printf(Locale.ROOT, "%8d | %10s %12s %12s | %10s %12s %12s%n", k,
              bytes(Files.size(t)), bytes(rss[i][0] * 1024.0), bytes(Double.parseDouble(dr[1])),
              bytes(Files.size(mf)), bytes(rss[i][1] * 1024.0), bytes(Double.parseDouble(mr[1])));
        }
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
}
