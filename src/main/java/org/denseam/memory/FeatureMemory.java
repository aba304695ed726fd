package org.denseam.memory;

import java.io.IOException;
import java.nio.file.Path;
import org.denseam.Checks;
import org.denseam.backend.Backend;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.Rows;
import org.denseam.features.FeatureMap;
import org.denseam.io.DamFile;

/**
 * DrDAM: memories distributed into {@code T = Σ_μ φ(√β ξ_μ) ∈ R^Y}, a vector whose size does not
 * depend on K. The energy is {@code Ê(x) = -(1/β) log max(ε, <φ(√β x), T>)} (ε from {@link
 * org.denseam.features.Basis#clip()}). Where the clip is active Ê is constant, so its gradient is
 * zero there.
 *
 * <p>Adding or removing a memory runs ProcMems on it: O(DY) time, O(D + Y) memory.
 *
 * <p>Thread-safe. Updates are copy-on-write: {@link #add} and {@link #remove} are serialised,
 * compute a new T and publish it together with K in one step, so a concurrent query sees T and K
 * either wholly before or wholly after an update, never a mix.
 */
public final class FeatureMemory implements EnergyModel {
  private final FeatureMap map;
  private final double beta;
  /**
   * T and K as published together by one update.
   *
   * @param values T with its feature map and β, as backends take it (T shared: must not be
   *     modified)
   * @param count the number K of memories folded into it
   */
  public record Snapshot(DistributedPatterns values, long count) {
    /**
     * The vector T of this snapshot. Shared: callers must not modify it.
     *
     * @return T, length Y
     */
    public double[] t() {
      return values.t();
    }
  }

  private volatile Snapshot state;
  /** Where T came from, for messages: the file it was read from, or null. */
  private final Path origin;
  /** The last values found to fit a float32 backend ({@link #checkBackend}), or null. */
  private volatile DistributedPatterns float32Checked;

  /**
   * An empty memory ({@code T = 0}, K = 0).
   *
   * @param map the feature map
   * @param beta inverse temperature β &gt; 0
   */
  public FeatureMemory(FeatureMap map, double beta) {
    this(map, beta, zeros(map), 0, null);
  }

  /** T = 0, after checking that T and the copy folding makes of it fit in the heap. */
  private static double[] zeros(FeatureMap map) {
    if (map == null) {
      throw new IllegalArgumentException("feature map must be given");
    }
    Checks.memory("Y = " + map.y() + " (T, float64, with the copies folding makes)",
        4L * Double.BYTES * map.y());
    return new double[map.y()];
  }

  /**
   * A memory from an existing T (for instance read from a {@code T.dam} file).
   *
   * @param map the feature map
   * @param beta inverse temperature β &gt; 0
   * @param t the vector T of length Y; copied
   * @param count the number of memories folded into T
   * @throws IllegalArgumentException on a wrong length, a non-finite entry or a negative count
   */
  public FeatureMemory(FeatureMap map, double beta, double[] t, long count) {
    this(map, beta, t, count, null);
  }

  private FeatureMemory(FeatureMap map, double beta, double[] t, long count, Path origin) {
    this.origin = origin;
    if (map == null) {
      throw new IllegalArgumentException("feature map must be given");
    }
    this.map = map;
    this.beta = Checks.beta(beta);
    Checks.finiteMatrix("T", t, 1, map.y());
    if (count < 0) {
      throw new IllegalArgumentException("memory count must be >= 0, got " + count);
    }
    this.state = new Snapshot(new DistributedPatterns(map, this.beta, t.clone()), count);
  }

  /**
   * The feature map.
   *
   * @return the map
   */
  public FeatureMap map() {
    return map;
  }

  @Override
  public int dim() {
    return map.d();
  }

  @Override
  public double beta() {
    return beta;
  }

  /**
   * Number of memories currently folded into T (adds minus removes).
   *
   * @return K
   */
  public long count() {
    return state.count();
  }

  /**
   * The distributed memory T, length Y: the current snapshot, which later updates do not change.
   * Shared: callers must not modify it.
   *
   * @return T
   */
  public double[] t() {
    return state.t();
  }

  /**
   * T and K from the same update, for callers that need both consistently (such as saving).
   *
   * @return the current snapshot
   */
  public Snapshot snapshot() {
    return state;
  }

  /**
   * T with its feature map and β, as backends take it: the current snapshot's, a new instance
   * after every update.
   *
   * @return the values
   */
  @Override
  public DistributedPatterns values() {
    return state.values();
  }

  /**
   * Writes the memory (its feature map, β, K and T, from one snapshot) to a {@code T.dam} file,
   * atomically.
   *
   * @param file the target file
   * @throws IOException if writing fails (nothing is left at {@code file})
   */
  public void write(Path file) throws IOException {
    Snapshot snap = state;
    DamFile.write(file, map, beta, snap.t(), snap.count());
  }

  /**
   * Reads a memory from a {@code T.dam} file, validated as the constructor validates.
   *
   * @param file the file
   * @return the memory
   * @throws IOException if the file is missing, truncated, damaged or describes an invalid memory;
   *     the message names the file and the problem
   */
  public static FeatureMemory read(Path file) throws IOException {
    return DamFile.read(file,
        (map, beta, t, count) -> new FeatureMemory(map, beta, t, count, file));
  }

  /**
   * Folds memories into T (ProcMems): {@code T ← T + Σ_μ φ(√β ξ_μ)}.
   *
   * @param backend where to compute
   * @param patterns K × D row-major, finite
   * @param k number of patterns
   */
  public synchronized void add(Backend backend, double[] patterns, int k) {
    fold(backend, patterns, k, +1.0);
  }

  /**
   * Removes memories from T: {@code T ← T - Σ_μ φ(√β ξ_μ)}. Restores T to what it was before the
   * same patterns were added, up to floating-point rounding.
   *
   * @param backend where to compute
   * @param patterns K × D row-major, finite
   * @param k number of patterns
   * @throws IllegalArgumentException if more memories would be removed than are stored
   */
  public synchronized void remove(Backend backend, double[] patterns, int k) {
    if (k > state.count()) {
      throw new IllegalArgumentException(
          "cannot remove " + k + " memories: only " + state.count() + " are stored");
    }
    fold(backend, patterns, k, -1.0);
  }

  /**
   * Folds memories into T (ProcMems): {@code T ← T + Σ_μ φ(√β ξ_μ)}, reading them in blocks as
   * they are kept (float32 stays float32; rows of a file are streamed, and checked as they are
   * read). T is unchanged if the call fails.
   *
   * @param backend where to compute
   * @param patterns the K × D memories, finite where they are on the heap (the caller's check)
   * @throws IllegalArgumentException if their dimension is not D, or a value read from a file is
   *     not finite
   */
  public synchronized void add(Backend backend, Rows patterns) {
    fold(backend, patterns, +1.0);
  }

  /**
   * Removes memories from T, as {@link #remove(Backend, double[], int)} does, reading them as
   * {@link #add(Backend, Rows)} does.
   *
   * @param backend where to compute
   * @param patterns the K × D memories
   * @throws IllegalArgumentException if more memories would be removed than are stored, or their
   *     dimension is not D
   */
  public synchronized void remove(Backend backend, Rows patterns) {
    if (patterns.count() > state.count()) {
      throw new IllegalArgumentException("cannot remove " + patterns.count()
          + " memories: only " + state.count() + " are stored");
    }
    fold(backend, patterns, -1.0);
  }

  private void fold(Backend backend, double[] patterns, int k, double sign) {
    Checks.positive("K (number of memories)", k);
    Checks.finiteMatrix("memories", patterns, k, map.d());
    fold(backend, Rows.of(patterns, k, map.d()), sign);
  }

  private void fold(Backend backend, Rows patterns, double sign) {
    if (patterns.dim() != map.d()) {
      throw new IllegalArgumentException("memories have dimension " + patterns.dim()
          + ", expected D = " + map.d());
    }
    int k = patterns.count();
    Snapshot old = state;
    double[] next = old.t().clone();
    // Trigonometric features: each memory's range is checked as the backend reads it, in the same
    // pass as ProcMems (a failure leaves T as it was: the fold goes into a copy).
    backend.procMems(map, beta,
        map.basis().trigonometric() ? new RangeChecked(patterns) : patterns, sign, next);
    for (double v : next) {
      if (!Double.isFinite(v)) {
        throw new ArithmeticException("T is not finite after folding the memories (beta = " + beta
            + "): the features left the floating-point range; lower beta or rescale the inputs");
      }
    }
    state = new Snapshot(
        new DistributedPatterns(map, beta, next), old.count() + (long) Math.signum(sign) * k);
  }

  /**
   * Memories whose every block is range-checked ({@link #checkRange(String, double[], int, int,
   * int)}) as a backend copies it: the check costs no pass of its own over memories streamed from
   * a file. Memories copied as float32 are checked on their float64 values.
   */
  private final class RangeChecked extends Rows {
    private final Rows rows;
    private final ThreadLocal<double[]> wide = ThreadLocal.withInitial(() -> new double[0]);

    RangeChecked(Rows rows) {
      super(rows.count(), rows.dim());
      this.rows = rows;
    }

    @Override
    public boolean float32() {
      return rows.float32();
    }

    @Override
    public void copy(int first, int n, double[] dst, int off) {
      rows.copy(first, n, dst, off);
      FeatureMemory.this.checkRange("memory", dst, off, n, first);
    }

    /** Read once as float64 (exact for float32 data), checked, then rounded into dst. */
    @Override
    public void copy(int first, int n, float[] dst, int off) {
      int len = n * dim();
      double[] w = wide.get();
      if (w.length < len) {
        w = new double[len];
        wide.set(w);
      }
      copy(first, n, w, 0);
      for (int i = 0; i < len; i++) {
        dst[off + i] = (float) w[i];
      }
    }
  }

  /**
   * Largest {@code √β·‖x‖·√D} accepted for trigonometric features: it bounds the projections
   * {@code <ω_α, √β x>} (‖ω_α‖ ≈ √D), which the float32 sine and cosine of the JVM and TornadoVM
   * backends reduce exactly only below about 2^21. Every backend applies the same limit, so they
   * agree on which inputs are refused.
   */
  public static final double TRIG_RANGE = 0x1p20;

  /** Rejects inputs whose projections would exceed {@link #TRIG_RANGE} (trigonometric bases). */
  private void checkRange(String what, double[] x, int rows) {
    checkRange(what, x, 0, rows, 0);
  }

  /**
   * As {@link #checkRange(String, double[], int)} for the rows at {@code off}, naming row r as
   * {@code first + r}.
   */
  private void checkRange(String what, double[] x, int off, int rows, int first) {
    if (!map.basis().trigonometric()) {
      return;
    }
    int d = map.d();
    double limit = TRIG_RANGE / Math.sqrt(beta * d);
    for (int r = 0; r < rows; r++) {
      double n2 = 0;
      for (int i = 0, o = off + r * d; i < d; i++) {
        n2 += x[o + i] * x[o + i];
      }
      if (!(Math.sqrt(n2) <= limit)) {
        throw new ArithmeticException(what + " " + (first + r) + " is too large for " + map.basis().id()
            + " features: sqrt(beta)·||x||·sqrt(D) = " + String.format("%.3g",
                Math.sqrt(beta * n2 * d)) + " exceeds 2^20, beyond which the random-feature"
            + " phases cannot be computed in float32; lower beta or rescale the inputs");
      }
    }
  }

  /**
   * Largest {@code scale·Σ_j |T_j|} accepted by a float32 backend, where scale bounds the
   * trigonometric features ({@code |φ_j| <= scale}): {@code 2^-32} of the float32 range, so the
   * inner products {@code <φ(√β x), T>} and the sums of the gradient, accumulated in float32,
   * stay finite whatever the query. A T folded from K memories has {@code scale·Σ|T_j| <= 2K}
   * (about 1.8e19 at most), far below it.
   */
  public static final double FLOAT32_T_RANGE = Float.MAX_VALUE * 0x1p-32;

  /**
   * Checks that T can be evaluated on the backend: on a float32 backend, that every entry of T
   * is within the float32 range and, for trigonometric bases, that {@code scale·Σ_j |T_j|} is at
   * most {@link #FLOAT32_T_RANGE}. A T that fails this was not folded from memories at this β in
   * float32 (a file written elsewhere, or edited); a float64 backend evaluates it.
   *
   * @param backend the backend about to evaluate the energy
   * @throws ArithmeticException if T does not fit the backend's float32 arithmetic; the message
   *     names the file T was read from
   */
  @Override
  public void checkBackend(Backend backend) {
    DistributedPatterns values = state.values();
    if (!backend.singlePrecision() || values == float32Checked) {
      return;
    }
    double[] t = values.t();
    double sum = 0;
    int largest = 0;
    for (int j = 0; j < t.length; j++) {
      double a = Math.abs(t[j]);
      sum += a;
      if (a > Math.abs(t[largest])) {
        largest = j;
      }
    }
    String where = origin == null ? "T" : origin + ": T";
    if (Math.abs(t[largest]) > Float.MAX_VALUE) {
      throw new ArithmeticException(where + " holds " + t[largest] + " (entry " + largest
          + "), beyond the float32 range (" + Float.MAX_VALUE + ") of the " + backend.name()
          + " backend; evaluate this memory with the float64 reference backend");
    }
    double bound = map.scale() * sum;
    if (map.basis().trigonometric() && !(bound <= FLOAT32_T_RANGE)) {
      throw new ArithmeticException(where + " is too large for float32: scale·Σ|T_j| = "
          + String.format("%.3g", bound) + " (largest entry " + t[largest] + ", entry " + largest
          + ") exceeds " + String.format("%.3g", FLOAT32_T_RANGE) + ", beyond which the "
          + backend.name() + " backend's float32 sums overflow; evaluate this memory with the"
          + " float64 reference backend");
    }
    float32Checked = values;
  }

  @Override
  public void energyGrad(Backend backend, double[] x, int batch, double[] energy, double[] grad) {
    Checks.finiteMatrix("queries", x, batch, map.d());
    checkRange("query", x, batch);
    checkBackend(backend);
    backend.gradComp(state.values(), x, batch, energy, grad);
  }
}
