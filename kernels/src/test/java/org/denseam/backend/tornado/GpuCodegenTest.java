package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.Similarity;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.memory.ExactMemory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.common.TornadoFunctions;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoDeviceType;
import uk.ac.manchester.tornado.api.types.vectors.Float8;

/**
 * The OpenCL that TornadoVM generates for the GPU shape ({@link TornadoShape#GPU}), checked
 * without a GPU: TornadoVM's virtual OpenCL device compiles each task graph for the device that
 * {@code src/test/resources/virtual-gpu.json} describes (a GPU, no float64, work-groups of at most
 * 1024 work-items) and writes the kernels' source to a file instead of running them.
 *
 * <p>Runs only in the {@code gpu-codegen} surefire execution of this module, whose JVM has the
 * virtual device ({@code -Dtornado.virtual.device=True}, {@code -Dtornado.device.desc}, {@code
 * -Dtornado.printKernel=True}, {@code -Dtornado.print.kernel.dir}: the file the kernels are
 * appended to); elsewhere it is skipped, since the virtual device replaces every OpenCL device of
 * its JVM.
 *
 * <p>It builds the backend's own task graphs (GradComp with Gaussian projections and with SORF,
 * the exact LSE energy and gradient) and asserts, per generated kernel:
 *
 * <ul>
 *   <li>in the product kernels ({@link #PRODUCTS}), a loop whose body has {@code fma(}, and no
 *       unfused multiply-add ({@link #unfused}): TornadoVM 5.2 fuses a scalar {@code a * b + c}
 *       only, so a product through {@code Float8} lanes or written {@code c - a * b} shows here as
 *       a multiplication whose only use is an addition or subtraction;
 *   <li>no {@code double} and no {@code cl_khr_fp64};
 *   <li>at most {@link #LOCAL_BYTES} bytes of {@code __local} arrays;
 *   <li>every kernel with {@code __local} arrays on a grid that the backend sets, and every grid
 *       the backend sets with work-groups of at most {@link #GROUP} work-items, each dimension
 *       within the device's.
 * </ul>
 *
 * <p>The check is shown to see unfused products: a control kernel whose product goes through
 * {@code Float8} arithmetic ({@link #float8Product}) has them, and its twin written with {@link
 * DeviceMath#fma8(Float8, float, Float8)} has none. The CPU shape's products ({@code
 * projectPanels}, {@code backProjectPanels}, {@code partialPanels}), written with {@code fma8},
 * compile to {@code fma} as well.
 */
class GpuCodegenTest {
  /** Local memory a work-group may use on the GPUs the kernels target, in bytes. */
  static final long LOCAL_BYTES = 48 * 1024;
  /** Work-items a work-group may have on the GPUs the kernels target. */
  static final long GROUP = 1024;
  /** The most work-items per dimension of the device description. */
  static final long[] MAX_ITEMS = {1024, 1024, 64};

  /** The GPU-shape kernels whose loops are products, and so must compile to fused multiply-adds. */
  static final Set<String> PRODUCTS =
      Set.of("projectTiles", "backProjectTiles", "partialTiles", "merge");

  /** The task of each GPU-shape kernel with local arrays, whose grid the backend must set. */
  static final Map<String, String> LOCAL_TASKS = Map.of(
      "projectTiles", "project",
      "backProjectTiles", "backProject",
      "partialTiles", "partial",
      "forwardFused", "sorfForward",
      "transposeFused", "sorfTranspose");

  static Path dump;
  static TornadoDevice device;

  /** One generated kernel: its name and its OpenCL source. */
  record Kernel(String name, String source) {}

  @BeforeAll
  static void virtualDevice() throws IOException {
    assumeTrue(Boolean.parseBoolean(System.getProperty("tornado.virtual.device")),
        "needs TornadoVM's virtual device (-Dtornado.virtual.device=True): runs in the "
            + "gpu-codegen surefire execution of the kernels module");
    String file = System.getProperty("tornado.print.kernel.dir", "");
    assumeTrue(!file.isBlank() && Boolean.parseBoolean(System.getProperty("tornado.printKernel")),
        "needs -Dtornado.printKernel=True and -Dtornado.print.kernel.dir=FILE");
    dump = Path.of(file);
    // TornadoVM appends to the file (and writes nothing where its folder is missing).
    if (dump.getParent() != null) {
      Files.createDirectories(dump.getParent());
    }
    Files.deleteIfExists(dump);
    device = TornadoExecutionPlan.getDevice(0, 0);
    assertEquals(TornadoDeviceType.GPU, device.getDeviceType(),
        "the virtual device should be the GPU of the description: " + device.getDescription());
  }

  @Test
  void gaussianGradCompCompilesToFmaWithinGpuLimits() throws IOException {
    TornadoBackend gpu = new TornadoBackend(device, TornadoShape.GPU);
    int d = 256, y = 8192, b = 64;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 5);
    Generated g = generate(gpu, () -> gpu.gradComp(
        new DistributedPatterns(map, 1.0, new double[y]), new double[b * d], b, new double[b],
        new double[b * d]));
    g.expect("projectTiles", "backProjectTiles", "coefficients", "energy", "gradient");
    g.check();
  }

  @Test
  void sorfGradCompWithinGpuLimits() throws IOException {
    TornadoBackend gpu = new TornadoBackend(device, TornadoShape.GPU);
    int d = 256, y = 8192, b = 64;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 5, Projection.SORF);
    Generated g = generate(gpu, () -> gpu.gradComp(
        new DistributedPatterns(map, 1.0, new double[y]), new double[b * d], b, new double[b],
        new double[b * d]));
    g.expect("forwardFused", "transposeFused", "gather", "coefficients", "energy", "gradient");
    g.check();
  }

  @Test
  void exactLseCompilesToFmaWithinGpuLimits() throws IOException {
    TornadoBackend gpu = new TornadoBackend(device, TornadoShape.GPU);
    int k = 1024, d = 256, b = 64;
    ExactMemory m = new ExactMemory(new double[k * d], k, d, 10, Similarity.L2);
    Generated g = generate(gpu,
        () -> gpu.exact(m.values(), new double[b * d], b, new double[b], new double[b * d]));
    g.expect("partialTiles", "merge");
    g.check();
  }

  @Test
  void cpuPanelsCompileToFmaToo() throws IOException {
    // The CPU shape (Float8 lanes, PoCL's layouts) compiled for the same device: its products are
    // DeviceMath.fma8, fused lane by lane. Only the fusion is asserted: the CPU panels are sized
    // for CPU devices' local memory, not for a GPU's.
    TornadoBackend cpu = new TornadoBackend(device, TornadoShape.CPU);
    int d = 64, y = 2048, b = 16, k = 256;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, y, 5);
    Generated g = generate(cpu, () -> cpu.gradComp(
        new DistributedPatterns(map, 1.0, new double[y]), new double[b * d], b, new double[b],
        new double[b * d]));
    ExactMemory m = new ExactMemory(new double[k * d], k, d, 10, Similarity.L2);
    Generated e = generate(cpu,
        () -> cpu.exact(m.values(), new double[b * d], b, new double[b], new double[b * d]));
    g.expect("projectPanels", "backProjectPanels");
    e.expect("partialPanels");
    List<Kernel> all = new ArrayList<>(g.kernels());
    all.addAll(e.kernels());
    for (Kernel kernel : all) {
      if (Set.of("projectPanels", "backProjectPanels", "partialPanels").contains(kernel.name())) {
        assertFused(kernel);
      }
    }
  }

  @Test
  void theCheckSeesFloat8ProductsUnfused() throws IOException {
    float[] a = new float[64];
    float[] out = new float[16];
    List<Kernel> unfused = generateTask("unfused", GpuCodegenTest::float8Product, a, out);
    List<Kernel> fused = generateTask("fused", GpuCodegenTest::float8Fma, a, out);
    assertEquals(1, unfused.size(), "one kernel generated");
    assertFalse(unfused(unfused.get(0).source()).isEmpty(),
        "Float8.add(c, Float8.mult(w, x)) is a multiplication and an addition; the check should "
            + "see it:\n" + unfused.get(0).source());
    assertEquals(1, fused.size(), "one kernel generated");
    assertFused(fused.get(0));
  }

  /** A product through {@code Float8} arithmetic: the check's control, unfused. */
  static void float8Product(float[] a, float[] out) {
    for (@Parallel int i = 0; i < out.length; i++) {
      Float8 c = DeviceMath.zero8();
      int n = (int) a[0]; // a trip count the compiler cannot know
      for (int k = 1; k + 8 <= n; k += 8) {
        Float8 w = new Float8(a[k], a[k + 1], a[k + 2], a[k + 3], a[k + 4], a[k + 5], a[k + 6],
            a[k + 7]);
        c = Float8.add(c, Float8.mult(w, a[i]));
      }
      out[i] = Float8.max(c);
    }
  }

  /** {@link #float8Product} with {@link DeviceMath#fma8(Float8, float, Float8)}: fused. */
  static void float8Fma(float[] a, float[] out) {
    for (@Parallel int i = 0; i < out.length; i++) {
      Float8 c = DeviceMath.zero8();
      int n = (int) a[0]; // a trip count the compiler cannot know
      for (int k = 1; k + 8 <= n; k += 8) {
        Float8 w = new Float8(a[k], a[k + 1], a[k + 2], a[k + 3], a[k + 4], a[k + 5], a[k + 6],
            a[k + 7]);
        c = DeviceMath.fma8(w, a[i], c);
      }
      out[i] = Float8.max(c);
    }
  }

  /** Asserts that a kernel has a loop with {@code fma(} and no unfused multiply-add. */
  static void assertFused(Kernel k) {
    String src = k.source();
    assertTrue(loops(src).stream().anyMatch(body -> body.contains("fma(")),
        k.name() + ": no loop with fma(");
    List<String> bad = unfused(src);
    assertTrue(bad.isEmpty(),
        () -> k.name() + ": " + bad.size() + " products added unfused, e.g. " + bad.get(0));
  }

  // ------------------------------------------------------------------- generation

  /** The kernels of one backend call and the grids of its plan. */
  record Generated(List<Kernel> kernels, GridScheduler grids) {
    /** Asserts that every named kernel was generated. */
    void expect(String... names) {
      Set<String> have = new HashSet<>();
      kernels.forEach(k -> have.add(k.name()));
      for (String n : names) {
        assertTrue(have.contains(n), n + " not generated; generated: " + have);
      }
    }

    /** Asserts the GPU conditions on every kernel and grid. */
    void check() {
      Map<String, long[]> local = new HashMap<>();
      for (String key : grids.keySet()) {
        WorkerGrid w = grids.get(key);
        long[] l = w.getLocalWork();
        assertNotNull(l, key + " has no work-group size");
        long items = 1;
        for (int i = 0; i < l.length; i++) {
          items *= l[i];
          assertTrue(l[i] <= MAX_ITEMS[i], key + ": work-group dimension " + i + " is " + l[i]
              + ", above the device's " + MAX_ITEMS[i]);
        }
        assertTrue(items <= GROUP, key + ": work-groups of " + items + " work-items > " + GROUP);
        local.put(key.substring(key.lastIndexOf('.') + 1), l);
      }
      for (Kernel k : kernels) {
        String src = k.source();
        assertFalse(DOUBLE.matcher(src).find(), k.name() + " uses double");
        assertFalse(src.contains("cl_khr_fp64"), k.name() + " enables cl_khr_fp64");
        long bytes = localBytes(src);
        assertTrue(bytes <= LOCAL_BYTES,
            k.name() + " declares " + bytes + " bytes of local arrays > " + LOCAL_BYTES);
        if (bytes > 0) {
          String task = LOCAL_TASKS.get(k.name());
          assertNotNull(task, k.name() + " has local arrays but no known task");
          assertTrue(local.containsKey(task),
              k.name() + " has local arrays but the backend sets no grid for " + task);
        }
        if (PRODUCTS.contains(k.name())) {
          assertFused(k);
        }
      }
    }
  }

  /** Runs a backend call on the virtual device (compiling its graphs) and reads its kernels. */
  static Generated generate(TornadoBackend backend, Runnable call) throws IOException {
    return new Generated(kernelsWrittenBy(call::run), backend.lastGrids());
  }

  /** Compiles a one-task graph {@code f(a, out)} on the virtual device and reads its kernels. */
  static List<Kernel> generateTask(String name, TornadoFunctions.Task2<float[], float[]> f,
      float[] a, float[] out) throws IOException {
    TaskGraph g = new TaskGraph("control" + name)
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, a)
        .task(name, f, a, out)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
    return kernelsWrittenBy(() -> {
      try (TornadoExecutionPlan plan = new TornadoExecutionPlan(g.snapshot())) {
        plan.withDevice(device).execute();
      }
    });
  }

  /** What compiles kernels on the virtual device. */
  interface Compilation {
    /**
     * Compiles (the virtual device writes the kernels instead of running them).
     *
     * @throws Exception if compiling fails
     */
    void run() throws Exception;
  }

  /** The kernels that {@code compilation} appends to the dump file. */
  static List<Kernel> kernelsWrittenBy(Compilation compilation) throws IOException {
    long from = Files.exists(dump) ? Files.size(dump) : 0;
    try {
      compilation.run();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("compiling on the virtual device failed", e);
    }
    assertTrue(Files.exists(dump), "no kernel was written to " + dump);
    byte[] bytes;
    try (RandomAccessFile f = new RandomAccessFile(dump.toFile(), "r")) {
      bytes = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(bytes);
    }
    return split(new String(bytes, StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------- reading OpenCL

  private static final Pattern KERNEL = Pattern.compile("__kernel\\s+void\\s+(\\w+)\\s*\\(");
  private static final Pattern DOUBLE = Pattern.compile("\\bdouble\\d*\\b");
  private static final Pattern LOCAL_ARRAY =
      Pattern.compile("__local\\s+([a-z]+?)(\\d*)\\s+\\w+\\s*\\[\\s*(\\d+)\\s*\\]");
  private static final Pattern LOOP = Pattern.compile("\\bfor\\s*\\([^)]*\\)\\s*\\{");
  /**
   * An operand: a variable, possibly a vector component ({@code v.s3}), or a literal such as
   * {@code -4.837513E-4F}.
   */
  private static final String OPERAND =
      "-?(?:\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?[fFlL]?|[A-Za-z_][\\w.]*)";
  /**
   * {@code x = a * b;} for a float or float vector x (TornadoVM names them {@code f_…}, {@code
   * v8f_…}), an operand possibly a vector component ({@code v.s3}).
   */
  private static final Pattern MUL = Pattern.compile(
      "\\b((?:f|v\\d+f)_\\d+)\\s*=\\s*(" + OPERAND + ")\\s*\\*\\s*(" + OPERAND + ")\\s*;");
  /** {@code x = a + b;} or {@code x = a - b;}. */
  private static final Pattern ADD = Pattern.compile(
      "\\b(\\w+)\\s*=\\s*(" + OPERAND + ")\\s*[+-]\\s*(" + OPERAND + ")\\s*;");
  /** A float or float vector variable as TornadoVM names them. */
  private static final Pattern FLOAT_VAR = Pattern.compile("\\b(?:f|v\\d+f)_\\d+\\b");
  /** What follows a variable assigned to: {@code =}, not {@code ==}. */
  private static final Pattern ASSIGNED = Pattern.compile("\\s*=(?!=)");
  /** A declaration line, {@code float f_1, f_2;}. */
  private static final Pattern DECLARATION =
      Pattern.compile("(?m)^[ \\t]*+[a-z]++\\d*+[ \\t]++[\\w, \\t]++;[ \\t]*+$");
  /** {@code x = y;}, a float or float vector copied. */
  private static final Pattern COPY =
      Pattern.compile("\\b((?:f|v\\d+f)_\\d+)\\s*=\\s*((?:f|v\\d+f)_\\d+)\\s*;");
  /** {@code v = (floatN)(a, b, …);}, a vector built from scalars. */
  private static final Pattern BUILD =
      Pattern.compile("\\b(v\\d+f_\\d+)\\s*=\\s*\\(float\\d+\\)\\s*\\(([^;]*)\\)\\s*;");

  /** The kernels of generated OpenCL, in order. */
  static List<Kernel> split(String source) {
    List<Kernel> out = new ArrayList<>();
    Matcher m = KERNEL.matcher(source);
    int start = -1;
    String name = null;
    while (m.find()) {
      if (name != null) {
        out.add(new Kernel(name, source.substring(start, m.start())));
      }
      start = m.start();
      name = m.group(1);
    }
    if (name != null) {
      out.add(new Kernel(name, source.substring(start)));
    }
    return out;
  }

  /** Bytes of the {@code __local} arrays a kernel declares. */
  static long localBytes(String src) {
    long total = 0;
    Matcher m = LOCAL_ARRAY.matcher(src);
    while (m.find()) {
      int lanes = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
      total += (long) scalarBytes(m.group(1)) * lanes * Long.parseLong(m.group(3));
    }
    return total;
  }

  private static int scalarBytes(String type) {
    return switch (type) {
      case "char", "uchar", "bool" -> 1;
      case "short", "ushort", "half" -> 2;
      case "int", "uint", "float" -> 4;
      case "long", "ulong", "double" -> 8;
      default -> throw new IllegalArgumentException("local array of unknown type " + type);
    };
  }

  /** The bodies of a kernel's loops, nested loops included in their parents' bodies. */
  static List<String> loops(String src) {
    List<String> bodies = new ArrayList<>();
    Matcher m = LOOP.matcher(src);
    while (m.find()) {
      int depth = 1;
      int i = m.end();
      while (i < src.length() && depth > 0) {
        char c = src.charAt(i++);
        depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      }
      bodies.add(src.substring(m.end(), i - 1));
    }
    return bodies;
  }

  /**
   * The unfused multiply-adds of a kernel, as "product …; sum": each addition or subtraction that
   * is the only use of a multiplication's result — directly, through copies, or as a lane of a
   * vector built from such results, each link used once (a product used elsewhere too, say stored,
   * needs its multiplication whatever the addition does).
   */
  static List<String> unfused(String src) {
    Map<String, Integer> uses = uses(src);
    Map<String, String> products = new LinkedHashMap<>();
    Matcher m = MUL.matcher(src);
    while (m.find()) {
      if (uses.getOrDefault(m.group(1), 0) == 1) {
        products.put(m.group(1), m.group().trim());
      }
    }
    for (boolean grew = true; grew; ) {
      grew = false;
      m = COPY.matcher(src);
      while (m.find()) {
        String p = products.get(m.group(2));
        if (p != null && !products.containsKey(m.group(1))
            && uses.getOrDefault(m.group(1), 0) == 1) {
          products.put(m.group(1), p + " " + m.group().trim());
          grew = true;
        }
      }
      m = BUILD.matcher(src);
      while (m.find()) {
        if (products.containsKey(m.group(1)) || uses.getOrDefault(m.group(1), 0) != 1) {
          continue;
        }
        for (String lane : m.group(2).split(",")) {
          String p = products.get(lane.trim());
          if (p != null) {
            products.put(m.group(1), p + " " + m.group().trim());
            grew = true;
            break;
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    m = ADD.matcher(src);
    while (m.find()) {
      for (String operand : new String[] {m.group(2), m.group(3)}) {
        String p = products.get(operand);
        if (p != null) {
          out.add(p + " " + m.group().trim());
          break;
        }
      }
    }
    return out;
  }

  /**
   * How many times each float or float vector variable is read: its occurrences less its
   * declarations and the assignments to it.
   */
  static Map<String, Integer> uses(String src) {
    String body = DECLARATION.matcher(src).replaceAll("");
    Map<String, Integer> uses = new HashMap<>();
    Matcher m = FLOAT_VAR.matcher(body);
    while (m.find()) {
      boolean assigned = ASSIGNED.matcher(body).region(m.end(), body.length()).lookingAt();
      if (!assigned) {
        uses.merge(m.group(), 1, Integer::sum);
      }
    }
    return uses;
  }
}
