package org.denseam.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.denseam.backend.Similarity;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.memory.EnergyModel;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;

/**
 * Compiles the kernels a command is about to run while the command line is parsed and the input
 * files are read: on a second thread, the same kernels (same D, basis, projection) run a few times
 * on a few made-up vectors and few projections, so that the JIT compiles them (the JVM backend's
 * Vector API code is slow until C2 has compiled it), and the command waits for that ({@link
 * #await}) before its first kernel. Only the {@code jvm} backend's {@code energy}, {@code grad},
 * {@code retrieve}, {@code store} and {@code demo} are warmed. Results do not depend on it: the
 * kernels compute the same bits compiled or not, and this thread shares no state with the
 * command. Any failure here is ignored (the command reports its own errors). {@code
 * DAM_PREWARM=0} turns it off.
 *
 * <p>Why small and repeated: with the JIT settings of {@code scripts/kernel-jit.options}, C2
 * compiles a kernel once it has been called and has looped a few times. A first call on real
 * sizes is compiled on-stack while it runs, from a profile in which no loop has ended yet; the
 * code then leaves at the first loop exit and is compiled again, whole. Calls on few vectors and
 * projections end before that, so each kernel is compiled once, as a whole method, with every
 * loop exit seen.
 */
final class Prewarm {
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** Made-up queries (GradComp) and memories (ProcMems) per warm-up call. */
  private static final int ROWS = 32;
  /** Random projections per warm-up call: a fraction of a SORF block or a Gaussian tile. */
  private static final int PROJECTIONS = 32;
  /** Calls of each kernel: the first compiles it at C1, the second at C2. */
  private static final int CALLS = 2;
  /** The longest a command waits for the warm-up: a safeguard, it takes well under a second. */
  private static final long AWAIT_MILLIS = 10_000;

  private static volatile Thread warming;

  private Prewarm() {}

  /** The warm-up thread {@link #start} started last, or null (for tests). */
  static Thread thread() {
    return warming;
  }

  /**
   * Waits until the warm-up started by {@link #start} has finished (at most {@value
   * #AWAIT_MILLIS} ms); returns at once when none runs or it is done. Commands call it after
   * reading their input, before their first kernel: the kernels then run compiled from their
   * first call rather than start slow beside the warm-up (see the class comment).
   */
  static void await() {
    Thread t = warming;
    if (t == null) {
      return;
    }
    try {
      t.join(AWAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the warm-up for {@code args} on a daemon thread, if it applies. */
  static void start(String[] args) {
    if ("0".equals(System.getenv("DAM_PREWARM")) || args.length == 0) {
      return;
    }
    String cmd = args[0];
    if (!cmd.equals("energy") && !cmd.equals("grad") && !cmd.equals("retrieve")
        && !cmd.equals("store") && !cmd.equals("demo")) {
      return;
    }
    String backend = value(args, "--backend");
    if (backend != null && !backend.toLowerCase(Locale.ROOT).equals("jvm")) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        run(args);
      } catch (Throwable e) {
        // Only a warm-up: the command itself reports any problem with its input.
      }
    }, "dam-prewarm");
    t.setDaemon(true);
    warming = t;
    t.start();
  }

  private static void run(String[] args) throws IOException {
    if (args[0].equals("demo")) {
      // The demo's defaults (DemoCommand): D = 64, Y = 32768, sincos, Gaussian, β = 40, seed 1.
      String f = value(args, "--features");
      String p = value(args, "--projection");
      int d = (int) number(value(args, "--d"), 64);
      double beta = number(value(args, "--beta"), 40);
      warmFeatures(new FeatureMap(Basis.parse(f == null ? "sincos" : f), d,
          (int) number(value(args, "--dim"), 32768), (long) number(value(args, "--seed"), 1),
          Projection.parse(p == null ? "gaussian" : p)), beta);
      warmExact(d, beta, false);
      return;
    }
    String store = value(args, "--store");
    String mem = value(args, "--memories");
    String dim = value(args, "--dim");
    double beta = number(value(args, "--beta"), 1);
    FeatureMap map;
    if (store != null) {
      map = FeatureMemory.read(Path.of(store)).map();
    } else {
      int d = columns(Path.of(mem != null ? mem : value(args, "--queries")));
      if (dim == null) {
        warmExact(d, beta, "dot".equals(value(args, "--similarity")));
        return;
      }
      String f = value(args, "--features");
      String p = value(args, "--projection");
      map = new FeatureMap(Basis.parse(f == null ? "sincos" : f), d, Integer.parseInt(dim),
          (long) number(value(args, "--seed"), 0),
          Projection.parse(p == null ? "gaussian" : p));
    }
    warmFeatures(map, beta);
  }

  /** GradComp and ProcMems of the map's kernels, {@value #CALLS} calls each, few projections. */
  private static void warmFeatures(FeatureMap full, double beta) {
    int d = full.d();
    int m = Math.min(full.projections(), PROJECTIONS);
    int y = full.basis().paired() ? 2 * m : m;
    FeatureMap map = new FeatureMap(full.basis(), d, y, full.seed(), full.projection());
    JvmBackend be = new JvmBackend();
    try {
      // GradComp on a made-up T (the first cosine feature only, so that <φ, T> is well above the
      // clip for small inputs).
      double[] t = new double[y];
      t[0] = Math.sqrt(m);
      for (int c = 0; c < CALLS; c++) {
        evaluate(new FeatureMemory(map, beta, t, 1), be, d, 0.3 / Math.sqrt(beta));
      }
      for (int c = 0; c < CALLS; c++) {
        new FeatureMemory(map, beta).add(be, data(ROWS, d, 1, 0.3 / Math.sqrt(beta)), ROWS);
      }
    } finally {
      be.close();
    }
  }

  private static void warmExact(int d, double beta, boolean dot) {
    JvmBackend be = new JvmBackend();
    try {
      ExactMemory exact = new ExactMemory(data(2 * ROWS, d, 3, 1), 2 * ROWS, d, beta,
          dot ? Similarity.DOT : Similarity.L2);
      for (int c = 0; c < CALLS; c++) {
        evaluate(exact, be, d, 1);
      }
    } finally {
      be.close();
    }
  }

  private static void evaluate(EnergyModel model, JvmBackend be, int d, double norm) {
    int b = ROWS;
    double[] e = new double[b];
    double[] g = new double[b * d];
    model.energyGrad(be, data(b, d, 2, norm), b, e, g);
  }

  /** Rows of about the given norm (small: in range for any β the command may use). */
  private static double[] data(int rows, int d, long seed, double norm) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[rows * d];
    double s = 2 * norm * Math.sqrt(3.0 / d);
    for (int i = 0; i < x.length; i++) {
      x[i] = (r.nextDouble() - 0.5) * s;
    }
    return x;
  }

  /** Columns of an NPY array from its header alone (1-D: its length). */
  private static int columns(Path npy) throws IOException {
    if (!Files.isRegularFile(npy)) {
      throw new IOException("not a regular file"); // never block on a pipe
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(npy)) {
      head = in.readNBytes(4096);
    }
    Matcher m = SHAPE.matcher(new String(head, StandardCharsets.ISO_8859_1));
    if (!m.find()) {
      throw new IOException("no shape");
    }
    String[] dims = m.group(1).split(",");
    String last = dims.length > 1 && !dims[1].isBlank() ? dims[1] : dims[0];
    return Integer.parseInt(last.strip().replace("L", ""));
  }

  private static double number(String s, double dflt) {
    return s == null ? dflt : Double.parseDouble(s);
  }

  /** The value of {@code --name V} or {@code --name=V}, or null. */
  private static String value(String[] args, String name) {
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals(name) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith(name + "=")) {
        return args[i].substring(name.length() + 1);
      }
    }
    return null;
  }
}
