package org.denseam.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.denseam.backend.Backend;
import org.denseam.backend.BackendProvider;
import org.denseam.backend.Backends;
import org.denseam.backend.Similarity;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;

/**
 * A backend opened for use: creates memories that compute on it. Obtain one from {@link
 * DenseAM#open(String)} or {@link DenseAM#openFastest()}; close it to release threads or device
 * buffers. Thread-safe: memories of one engine may be used from many threads.
 */
public final class Engine implements AutoCloseable {
  private final Backend backend;
  private final String selection;
  private volatile boolean closed;

  Engine(Backend backend, String selection) {
    this.backend = backend;
    this.selection = selection;
  }

  /**
   * The backend's name.
   *
   * @return for example {@code "jvm"}
   */
  public String backend() {
    return backend.name();
  }

  /**
   * How the backend was chosen.
   *
   * @return for example {@code "requested by name"} or the fastest-available reasoning
   */
  public String selection() {
    return selection;
  }

  /**
   * Whether results are computed in float32 (else float64).
   *
   * @return true for float32 backends
   */
  public boolean singlePrecision() {
    return backend.singlePrecision();
  }

  /**
   * The devices of this engine's backend.
   *
   * @return one line per device
   */
  public List<String> devices() {
    for (BackendProvider p : Backends.providers()) {
      if (p.name().equals(backend.name())) {
        return p.devices();
      }
    }
    return List.of();
  }

  /**
   * An exact memory (MrDAM) with the squared-distance energy {@code E(x) = -(1/β) log Σ_μ
   * exp(-β/2 ||x - ξ_μ||²)}.
   *
   * @param patterns the K patterns ξ_μ
   * @param beta inverse temperature β &gt; 0
   * @return the memory (immutable)
   */
  public Memory exactMemory(Vectors patterns, double beta) {
    return exactMemory(patterns, beta, Similarity.L2);
  }

  /**
   * An exact memory (MrDAM) with a chosen similarity.
   *
   * @param patterns the K patterns ξ_μ
   * @param beta inverse temperature β &gt; 0
   * @param similarity {@link Similarity#L2} or {@link Similarity#DOT}
   * @return the memory (immutable)
   */
  public Memory exactMemory(Vectors patterns, double beta, Similarity similarity) {
    // The patterns are kept as the (immutable) vectors keep them: float32 stays float32, and
    // vectors streamed from a file stay there.
    ExactMemory m = new ExactMemory(patterns.rows(), beta, similarity);
    return new ModelMemory(this, m);
  }

  /**
   * A sparse modern Hopfield memory with {@code α-entmax} retrieval (α = 1 softmax, 1.5 entmax,
   * 2 sparsemax, any other α &gt; 1 by bisection).
   *
   * @param patterns the N patterns
   * @param beta inverse temperature β &gt; 0
   * @param alpha entmax parameter α ≥ 1
   * @return the memory (immutable)
   */
  public SparseStore sparseMemory(Vectors patterns, double beta, double alpha) {
    return new Sparse(this, new org.denseam.sparse.SparseMemory(
        patterns.data(), patterns.count(), patterns.dim(), beta, alpha));
  }

  /**
   * An empty DrDAM memory ({@code T = 0}).
   *
   * @param dim dimension D of the patterns
   * @param beta inverse temperature β &gt; 0
   * @param features basis: {@code sincos}, {@code cos}, {@code exp} or {@code expexp}
   * @param y feature dimension Y (even for sincos and expexp)
   * @param seed seed τ of the random projections
   * @return the memory
   */
  public FeatureStore featureMemory(int dim, double beta, String features, int y, long seed) {
    return featureMemory(dim, beta, features, y, seed, "gaussian");
  }

  /**
   * An empty DrDAM memory with a chosen kind of projections.
   *
   * @param dim dimension D of the patterns
   * @param beta inverse temperature β &gt; 0
   * @param features basis: {@code sincos}, {@code cos}, {@code exp} or {@code expexp}
   * @param y feature dimension Y (even for sincos and expexp)
   * @param seed seed τ of the random projections
   * @param projection {@code gaussian} or {@code sorf} (structured orthogonal; sincos and cos)
   * @return the memory
   */
  public FeatureStore featureMemory(
      int dim, double beta, String features, int y, long seed, String projection) {
    return new Store(this, new FeatureMemory(new FeatureMap(
        Basis.parse(features), dim, y, seed, org.denseam.features.Projection.parse(projection)),
        beta));
  }

  /**
   * A DrDAM memory holding the given patterns.
   *
   * @param patterns the K patterns ξ_μ, folded into T
   * @param beta inverse temperature β &gt; 0
   * @param features basis: {@code sincos}, {@code cos}, {@code exp} or {@code expexp}
   * @param y feature dimension Y
   * @param seed seed τ of the random projections
   * @return the memory
   */
  public FeatureStore featureMemory(
      Vectors patterns, double beta, String features, int y, long seed) {
    FeatureStore s = featureMemory(patterns.dim(), beta, features, y, seed);
    s.add(patterns);
    return s;
  }

  /**
   * A DrDAM memory from a given T, for instance the sum of the {@link FeatureStore#vector()}s of
   * stores with the same {@link FeatureStore#spec()} that were folded separately.
   *
   * @param spec D, β, basis, Y, seed and projection
   * @param t the vector T, length Y, finite; copied
   * @param count the number of patterns folded into T
   * @return the memory
   * @throws IllegalArgumentException if T's length is not Y, an entry is not finite or the count
   *     is negative
   */
  public FeatureStore featureMemory(FeatureSpec spec, double[] t, long count) {
    FeatureMap map = new FeatureMap(Basis.parse(spec.features()), spec.dim(), spec.y(), spec.seed(),
        org.denseam.features.Projection.parse(spec.projection()));
    if (t == null || t.length != spec.y()) {
      throw new IllegalArgumentException("T has length " + (t == null ? 0 : t.length)
          + " but the specification has Y = " + spec.y());
    }
    return new Store(this, new FeatureMemory(map, spec.beta(), t, count));
  }

  /**
   * Loads a DrDAM memory saved as a {@code T.dam} file.
   *
   * @param file the file
   * @return the memory
   * @throws IOException if the file is missing, truncated or damaged
   */
  public FeatureStore loadFeatureMemory(Path file) throws IOException {
    return new Store(this, FeatureMemory.read(file));
  }

  /** Releases the backend's threads or device resources; memories of this engine stop working. */
  @Override
  public void close() {
    closed = true;
    if (backend instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing backend " + backend.name() + " failed", e);
      }
    }
  }

  Backend backendForUse() {
    if (closed) {
      throw new IllegalStateException("engine on backend '" + backend.name() + "' is closed");
    }
    return backend;
  }

  /** A DrDAM memory bound to this engine. */
  private static final class Store extends ModelMemory implements FeatureStore {
    private final FeatureMemory fm;

    Store(Engine engine, FeatureMemory fm) {
      super(engine, fm);
      this.fm = fm;
    }

    @Override
    public void add(Vectors patterns) {
      checkDim(patterns);
      fm.add(engine.backendForUse(), patterns.rows());
    }

    @Override
    public void remove(Vectors patterns) {
      checkDim(patterns);
      fm.remove(engine.backendForUse(), patterns.rows());
    }

    @Override
    public long count() {
      return fm.count();
    }

    @Override
    public int y() {
      return fm.map().y();
    }

    @Override
    public FeatureSpec spec() {
      FeatureMap m = fm.map();
      return new FeatureSpec(
          m.d(), fm.beta(), m.basis().id(), m.y(), m.seed(), m.projection().id());
    }

    @Override
    public double[] vector() {
      return fm.t().clone();
    }

    @Override
    public void save(Path file) throws IOException {
      fm.write(file);
    }
  }
}
