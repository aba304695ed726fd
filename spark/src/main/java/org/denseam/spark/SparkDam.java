package org.denseam.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.denseam.api.EnergyGradient;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Memory;
import org.denseam.api.Retrieval;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Vectors;
import org.denseam.backend.Similarity;
import scala.Tuple2;

/**
 * DenseAM on Apache Spark: the DrDAM vector {@code T = Σ_μ φ(√β ξ_μ)} folded over a distributed
 * set of memories, the exact MrDAM energy and gradient over sharded memories, and batch retrieval
 * of distributed queries. Every task computes with the public API ({@link org.denseam.api}) on
 * its executor's own {@link Engine} ({@link Engines}), in blocks of {@link #BLOCK_ROWS} vectors,
 * so no task holds more than a block of its partition.
 *
 * <p><b>Determinism.</b> Partial results are one per partition and are combined in a tree whose
 * shape and order depend only on the partition indices ({@link Tree}), so a given partitioning
 * gives bit-identical results run after run, and on any cluster whose executors run the same
 * backend (the {@code jvm} and {@code reference} backends do not depend on the thread count).
 *
 * <p><b>Exactness.</b> MrDAM's log-sum-exp over memories held on many machines is merged from
 * per-partition (level, sum, weighted sum) states ({@code LsePartial}), a merge that is exact in
 * real arithmetic, so the sharded energy equals the single-process one to rounding.
 */
public final class SparkDam {
  /** Vectors per backend call in a task. */
  public static final int BLOCK_ROWS = 4096;

  private SparkDam() {}

  /**
   * The outcome of folding memories into T.
   *
   * @param t the vector T, length Y
   * @param count the number K of memories folded
   * @param partitions the number of partitions they came from
   */
  public record Folded(double[] t, long count, int partitions) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The folded memory as a feature store on an engine.
     *
     * @param engine where to compute with it
     * @param spec the specification it was folded with
     * @return the memory
     */
    public FeatureStore store(Engine engine, FeatureSpec spec) {
      return engine.featureMemory(spec, t, count);
    }
  }

  /**
   * Exact MrDAM energies (and gradients) of a batch of queries over distributed memories.
   *
   * @param energy B energies
   * @param gradient B × D gradients, or null if not asked for
   * @param count the number K of memories
   */
  public record Exact(double[] energy, double[] gradient, long count) {}

  /**
   * The outcome of energy descent over sharded memories.
   *
   * @param states final states, B × D
   * @param energy final energies, B
   * @param steps steps each query took
   */
  public record Descent(double[] states, double[] energy, int[] steps) {}

  // ---------------------------------------------------------------------------------- inputs

  /**
   * The rows of NPY shards as an RDD with one partition per slice.
   *
   * @param sc the Spark context
   * @param slices the slices, from {@link NpyShards#slices}
   * @return the vectors, in shard and row order
   */
  public static JavaRDD<double[]> vectors(JavaSparkContext sc, List<NpyShards.Slice> slices) {
    return sc.parallelize(slices, Math.max(1, slices.size()))
        .mapPartitions(it -> it.hasNext() ? NpyShards.rows(it.next()) : emptyIterator());
  }

  /**
   * The vectors of an {@code array<float>} (or {@code array<double>}) column, for instance of a
   * Parquet dataset, with the file each came from (empty when not read from files).
   *
   * @param data the dataset
   * @param column the column's name
   * @param what what the vectors are, for messages ({@code memories}, {@code queries})
   * @return (file, vector) pairs in the dataset's order
   * @throws IllegalArgumentException if the column is missing or is not an array of numbers
   */
  public static JavaRDD<Tuple2<String, double[]>> namedVectors(
      Dataset<Row> data, String column, String what) {
    StructField field = null;
    for (StructField f : data.schema().fields()) {
      if (f.name().equals(column)) {
        field = f;
      }
    }
    if (field == null) {
      throw new IllegalArgumentException(what + " have no column '" + column + "' (columns: "
          + String.join(", ", data.schema().fieldNames()) + ")");
    }
    DataType t = field.dataType();
    if (!(t instanceof ArrayType at) || !(at.elementType().equals(DataTypes.FloatType)
        || at.elementType().equals(DataTypes.DoubleType))) {
      throw new IllegalArgumentException(what + " column '" + column + "' has type "
          + t.simpleString() + ": use array<float> or array<double>");
    }
    return data.select(functions.input_file_name(), functions.col(column)).javaRDD().map(row -> {
      String file = row.getString(0);
      if (row.isNullAt(1)) {
        throw new IllegalArgumentException(what + " file " + file + " holds a null vector");
      }
      List<Object> v = row.getList(1);
      double[] out = new double[v.size()];
      for (int i = 0; i < out.length; i++) {
        Object o = v.get(i);
        double x = o == null ? Double.NaN : ((Number) o).doubleValue();
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException(
              what + " file " + file + " holds " + (o == null ? "null" : x) + " in a vector");
        }
        out[i] = x;
      }
      return new Tuple2<>(file, out);
    });
  }

  /**
   * The vectors of an array column, as {@link #namedVectors} without the file names.
   *
   * @param data the dataset
   * @param column the column's name
   * @return the vectors
   */
  public static JavaRDD<double[]> vectors(Dataset<Row> data, String column) {
    return namedVectors(data, column, "vectors").map(Tuple2::_2);
  }

  // ---------------------------------------------------------------------------------- DrDAM

  /**
   * Folds distributed memories into T (ProcMems): each partition folds its memories, in order
   * and in blocks of {@link #BLOCK_ROWS}, into a partial T on its executor's engine; the partial
   * T's are added in a fixed tree ({@link Tree}). A given partitioning gives a bit-identical T.
   *
   * @param memories the vectors ξ_μ, each of dimension {@code spec.dim()}
   * @param spec D, β, basis, Y, seed and projection
   * @param backend the executors' backend: {@code jvm}, {@code reference}, {@code tornado} or
   *     {@code fastest}
   * @return T, K and the number of partitions
   * @throws IllegalArgumentException if there are no memories or one has another dimension
   */
  public static Folded fold(JavaRDD<double[]> memories, FeatureSpec spec, String backend) {
    int parts = memories.getNumPartitions();
    Folded f = Tree.merge(memories.mapPartitionsWithIndex((idx, it) -> {
      FeatureStore store = null;
      Iterator<double[]> blocks = blocks(it, spec.dim(), "memories");
      while (blocks.hasNext()) {
        double[] block = blocks.next();
        if (store == null) {
          store = Engines.get(backend).featureMemory(spec, new double[spec.y()], 0);
        }
        Vectors v = Vectors.of(block, block.length / spec.dim(), spec.dim());
        FeatureStore into = store;
        Engines.exclusive(backend, () -> {
          into.add(v);
          return null;
        });
      }
      Folded part = store == null ? null : new Folded(store.vector(), store.count(), 1);
      return List.of(new Tuple2<>(idx, part)).iterator();
    }, true).mapToPair(t -> t), parts, (a, b) -> {
      double[] t = a.t();
      for (int i = 0; i < t.length; i++) {
        t[i] += b.t()[i];
      }
      return new Folded(t, a.count() + b.count(), 1);
    });
    if (f == null) {
      throw new IllegalArgumentException("there are no memories to fold");
    }
    return new Folded(f.t(), f.count(), parts);
  }

  /**
   * Folds the vectors of a dataset's array column into T, as {@link #fold(JavaRDD, FeatureSpec,
   * String)} does for an RDD.
   *
   * @param memories a dataset, for instance read from Parquet
   * @param column its {@code array<float>} or {@code array<double>} column of memories
   * @param spec D, β, basis, Y, seed and projection
   * @param backend the executors' backend
   * @return T, K and the number of partitions
   */
  public static Folded fold(Dataset<Row> memories, String column, FeatureSpec spec,
      String backend) {
    return fold(namedVectors(memories, column, "memories").map(Tuple2::_2), spec, backend);
  }

  /**
   * Retrieval of distributed queries against a DrDAM memory broadcast to every executor: each
   * partition runs energy descent on its queries in blocks of {@link #BLOCK_ROWS}, exactly as
   * {@link FeatureStore#retrieve} does in one process.
   *
   * @param queries the initial states, each of dimension {@code spec.dim()}
   * @param spec the memory's specification
   * @param t its vector T
   * @param count the number of memories folded into T
   * @param options steps, step size, tolerance and clamp mask (no trace)
   * @param backend the executors' backend
   * @return the final states, in the order of the queries (lazy: an action runs it)
   */
  public static JavaRDD<double[]> retrieve(JavaRDD<double[]> queries, FeatureSpec spec, double[] t,
      long count, RetrieveOptions options, String backend) {
    return retrieveNamed(queries.map(q -> new Tuple2<>("", q)), spec, t, count, options, backend)
        .map(Tuple2::_2);
  }

  /**
   * {@link #retrieve} of queries that carry a label (such as the shard each came from), kept
   * with each result.
   *
   * @param queries (label, initial state) pairs
   * @param spec the memory's specification
   * @param t its vector T
   * @param count the number of memories folded into T
   * @param options steps, step size, tolerance and clamp mask (no trace)
   * @param backend the executors' backend
   * @param <K> the label type
   * @return (label, final state) pairs in the order of the queries (lazy)
   */
  public static <K> JavaRDD<Tuple2<K, double[]>> retrieveNamed(JavaRDD<Tuple2<K, double[]>> queries,
      FeatureSpec spec, double[] t, long count, RetrieveOptions options, String backend) {
    Broadcast<double[]> tb = JavaSparkContext.fromSparkContext(queries.context()).broadcast(t);
    Steps steps = new Steps(options);
    return queries.mapPartitions(it -> new BatchMap<>(it, spec.dim(), "queries", block -> {
      FeatureStore store = Engines.get(backend).featureMemory(spec, tb.value(), count);
      Vectors v = Vectors.of(flatten(block, spec.dim()), block.length, spec.dim());
      Retrieval r = Engines.exclusive(backend, () -> store.retrieve(v, steps.options()));
      return r.states().toArray();
    }));
  }

  /** Retrieval options as plain serializable values. */
  private record Steps(int steps, double eta, double tol, boolean[] clamp) implements Serializable {
    Steps(RetrieveOptions o) {
      this(o.steps(), o.eta(), o.tol(), o.clamp());
    }

    RetrieveOptions options() {
      return RetrieveOptions.steps(steps).eta(eta).tol(tol).clamp(clamp);
    }
  }

  // ---------------------------------------------------------------------------------- MrDAM

  /**
   * Exact MrDAM energies, and optionally gradients, of a batch of queries over distributed
   * memories: each partition computes the log-sum-exp state of its memories for every query
   * (blocks of {@link #BLOCK_ROWS} memories through the backend's exact energy and gradient),
   * and the states merge exactly in a fixed tree.
   *
   * @param memories the memories ξ_μ
   * @param queries B × D queries, row-major (broadcast to every task)
   * @param batch B
   * @param beta β
   * @param similarity L2 or DOT
   * @param gradient whether to compute gradients
   * @param backend the executors' backend
   * @return energies, gradients and K
   */
  public static Exact exact(JavaRDD<double[]> memories, double[] queries, int batch, double beta,
      Similarity similarity, boolean gradient, String backend) {
    return exact(memories, queries, batch, beta, similarity, gradient, backend, false);
  }

  private static Exact exact(JavaRDD<double[]> memories, double[] queries, int batch, double beta,
      Similarity similarity, boolean gradient, String backend, boolean blocked) {
    if (batch <= 0 || queries.length % batch != 0) {
      throw new IllegalArgumentException("queries must be B x D with B > 0");
    }
    int d = queries.length / batch;
    Vectors.of(queries, batch, d); // checks the values
    boolean dot = similarity == Similarity.DOT;
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(memories.context());
    Broadcast<double[]> qb = sc.broadcast(queries);
    try {
      LsePartial all = Tree.merge(memories.mapPartitionsWithIndex((idx, it) -> {
        double[] x = qb.value();
        Vectors q = Vectors.of(x, batch, d);
        LsePartial acc = null;
        Iterator<double[]> blocks = blocked ? it : blocks(it, d, "memories");
        while (blocks.hasNext()) {
          double[] block = blocks.next();
          int rows = block.length / d;
          Memory mem = Engines.get(backend).exactMemory(Vectors.of(block, rows, d), beta,
              similarity);
          LsePartial p;
          if (gradient) {
            EnergyGradient eg = Engines.exclusive(backend, () -> mem.energyAndGradient(q));
            p = LsePartial.ofBlock(x, eg.energy(), eg.gradient().toArray(), d, beta, dot,
                rows);
          } else {
            p = LsePartial.ofBlock(x, Engines.exclusive(backend, () -> mem.energy(q)), null, d,
                beta, dot, rows);
          }
          acc = acc == null ? p : acc.merge(p);
        }
        return List.of(new Tuple2<>(idx, acc)).iterator();
      }, true).mapToPair(t -> t), memories.getNumPartitions(), LsePartial::merge);
      if (all == null) {
        throw new IllegalArgumentException("there are no memories");
      }
      return new Exact(all.energy(queries, d, beta, dot),
          gradient ? all.gradient(queries, d) : null, all.count);
    } finally {
      qb.destroy();
    }
  }

  /**
   * Energy descent {@code x ← x - η ∇E(x)} of a batch of queries under the exact MrDAM energy of
   * distributed memories, one Spark job per step (the memories are cached in blocks on the
   * executors for the duration). Follows {@link org.denseam.api.Memory#retrieve}: a query stops
   * after L steps, or once {@code |E_t - E_(t-1)| < tol}; only moving queries are evaluated.
   *
   * @param memories the memories ξ_μ
   * @param queries B × D initial states, row-major (not modified)
   * @param batch B
   * @param beta β
   * @param similarity L2 or DOT
   * @param options steps, step size, tolerance and clamp mask
   * @param backend the executors' backend
   * @return the final states, energies and steps taken
   */
  public static Descent retrieveExact(JavaRDD<double[]> memories, double[] queries, int batch,
      double beta, Similarity similarity, RetrieveOptions options, String backend) {
    int d = queries.length / batch;
    boolean[] clamp = options.clamp();
    if (clamp != null && clamp.length != d) {
      throw new IllegalArgumentException(
          "clamp mask has length " + clamp.length + ", expected D = " + d);
    }
    JavaRDD<double[]> blocks = memories
        .mapPartitions(it -> blocks(it, d, "memories"), true)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double[] x = queries.clone();
      double[] energy = new double[batch];
      int[] taken = new int[batch];
      int[] active = new int[batch];
      for (int b = 0; b < batch; b++) {
        active[b] = b;
      }
      boolean early = options.tol() > 0;
      int n = batch;
      for (int step = 0; ; step++) {
        double[] xs = new double[n * d];
        for (int r = 0; r < n; r++) {
          System.arraycopy(x, active[r] * d, xs, r * d, d);
        }
        Exact ex = exact(blocks, xs, n, beta, similarity, true, backend, true);
        int kept = 0;
        for (int r = 0; r < n; r++) {
          int b = active[r];
          boolean converged = step > 0 && early && Math.abs(ex.energy()[r] - energy[b]) < options.tol();
          energy[b] = ex.energy()[r];
          if (step == options.steps() || converged) {
            continue;
          }
          for (int i = 0; i < d; i++) {
            if (clamp == null || !clamp[i]) {
              x[b * d + i] -= options.eta() * ex.gradient()[r * d + i];
            }
          }
          taken[b]++;
          active[kept++] = b;
        }
        n = kept;
        if (n == 0) {
          break;
        }
      }
      return new Descent(x, energy, taken);
    } finally {
      blocks.unpersist(false);
    }
  }

  // ---------------------------------------------------------------------------------- blocks

  /**
   * Groups rows into flat row-major blocks of at most {@link #BLOCK_ROWS} rows, checking their
   * dimension.
   */
  static Iterator<double[]> blocks(Iterator<double[]> rows, int d, String what) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public double[] next() {
        List<double[]> b = new ArrayList<>();
        while (rows.hasNext() && b.size() < BLOCK_ROWS) {
          double[] r = rows.next();
          if (r.length != d) {
            throw new IllegalArgumentException(
                "one of the " + what + " has dimension " + r.length + ", expected D = " + d);
          }
          b.add(r);
        }
        if (b.isEmpty()) {
          throw new NoSuchElementException();
        }
        return flatten(b.toArray(new double[0][]), d);
      }
    };
  }

  /** Concatenates rows of dimension d. */
  static double[] flatten(double[][] block, int d) {
    double[] f = new double[block.length * d];
    for (int r = 0; r < block.length; r++) {
      System.arraycopy(block[r], 0, f, r * d, d);
    }
    return f;
  }

  private static <T> Iterator<T> emptyIterator() {
    return java.util.Collections.emptyIterator();
  }

  /**
   * Maps (label, row) pairs block by block, keeping the labels with the results.
   *
   * @param <K> label type
   */
  private static final class BatchMap<K> implements Iterator<Tuple2<K, double[]>> {
    private final Iterator<Tuple2<K, double[]>> in;
    private final int d;
    private final String what;
    private final Function<double[][], double[]> f;
    private final List<Tuple2<K, double[]>> out = new ArrayList<>();
    private int pos;

    BatchMap(Iterator<Tuple2<K, double[]>> in, int d, String what,
        Function<double[][], double[]> f) {
      this.in = in;
      this.d = d;
      this.what = what;
      this.f = f;
    }

    @Override
    public boolean hasNext() {
      if (pos < out.size()) {
        return true;
      }
      out.clear();
      pos = 0;
      if (!in.hasNext()) {
        return false;
      }
      List<Tuple2<K, double[]>> b = new ArrayList<>();
      while (in.hasNext() && b.size() < BLOCK_ROWS) {
        Tuple2<K, double[]> t = in.next();
        if (t._2.length != d) {
          throw new IllegalArgumentException("one of the " + what + " has dimension "
              + t._2.length + ", expected D = " + d);
        }
        b.add(t);
      }
      double[][] rows = new double[b.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = b.get(i)._2;
      }
      double[] res;
      try {
        res = f.call(rows);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      for (int i = 0; i < rows.length; i++) {
        out.add(new Tuple2<>(b.get(i)._1, Arrays.copyOfRange(res, i * d, (i + 1) * d)));
      }
      return true;
    }

    @Override
    public Tuple2<K, double[]> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return out.get(pos++);
    }
  }
}
