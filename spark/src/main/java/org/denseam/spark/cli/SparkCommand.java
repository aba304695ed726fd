package org.denseam.spark.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.SparkContext$;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.denseam.api.AtomicOutput;
import org.denseam.api.Engine;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.RetrieveOptions;
import org.denseam.backend.Similarity;
import org.denseam.cli.DescentOptions;
import org.denseam.cli.Extension;
import org.denseam.cli.FeatureMapOptions;
import org.denseam.cli.OutputPolicy;
import org.denseam.spark.Engines;
import org.denseam.spark.NpyShards;
import org.denseam.spark.SparkDam;
import org.denseam.spark.SparkSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import scala.Tuple2;

/**
 * {@code dam spark store|energy|grad|retrieve}: the single-process commands over sharded data on
 * Apache Spark ({@code --master local[N]}, the default, or a cluster's URL).
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
    description = "Run store, energy, grad and retrieve on Apache Spark over sharded memories "
        + "and queries (a directory of NPY shards or a Parquet dataset).",
    subcommands = {SparkCommand.Store.class, SparkCommand.Energy.class, SparkCommand.Grad.class,
        SparkCommand.Retrieve.class, CommandLine.HelpCommand.class})
public final class SparkCommand implements Runnable, Extension {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Creates the command (picocli). */
  public SparkCommand() {}

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: store, energy, grad or retrieve");
  }

  /** Options every {@code dam spark} command has. */
  static final class Common {
    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
        description = "Spark master: local, local[N] (N >= 1) or local[*] (embedded; the default"
            + " local[*]), or a standalone cluster's spark://HOST:PORT.")
    String master;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "jvm",
        description = "Executors' backend: reference (float64), jvm (float32; default), tornado, "
            + "or fastest (each executor's fastest).")
    String backend;

    @Option(names = "--column", paramLabel = "NAME",
        description = "The array<float> column of Parquet input.")
    String column;

    @Option(names = "--partition-rows", paramLabel = "N", defaultValue = "65536",
        description = "Most vectors in one partition of NPY input (default 65536).")
    int partitionRows;

    @Option(names = "--no-progress", description = "Do not draw Spark's progress bar.")
    boolean noProgress;

    void check() {
      if (!List.of("reference", "jvm", "tornado", "fastest").contains(backend)) {
        throw new IllegalArgumentException("unknown backend '" + backend
            + "': expected reference, jvm, tornado or fastest");
      }
      if (partitionRows < 1) {
        throw new IllegalArgumentException("--partition-rows must be >= 1, got " + partitionRows);
      }
      Masters.check(master);
      if (master.startsWith("local")) {
        Engines.get(backend); // fails here, with the reason, if the backend cannot run
      }
    }

    /**
     * Starts Spark (a context; Spark SQL only if Parquet is read): a cluster's master is reached
     * first, within a bounded time.
     */
    SparkContext start() {
      return Masters.start(master, SparkSupport.conf(master, !noProgress));
    }

    boolean float32() {
      return !backend.equals("reference");
    }
  }

  static double beta(Double beta) {
    if (beta == null) {
      throw new IllegalArgumentException("--beta is required with --memories");
    }
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
    }
    return beta;
  }

  /** {@code n} and the noun, singular for one: "1 shard", "4 shards". */
  static String count(long n, String one) {
    return count(n, one, one + "s");
  }

  static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  static void summary(String line) {
    System.err.println(line);
  }

  static String seconds(long t0) {
    return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
  }

  /** Runs a command body, turning failed Spark jobs into the message of their cause. */
  static Integer guarded(Common common, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (Exception e) {
      if (!common.noProgress && SparkContext$.MODULE$.getActive().isDefined()) {
        // A failed job leaves Spark's progress bar on the line: clear it as Spark does.
        System.err.print("\r" + " ".repeat(80) + "\r");
        System.err.flush();
      }
      if (e instanceof IllegalArgumentException || e instanceof IOException) {
        throw e; // the driver's own: one line already, naming the file
      }
      throw new IllegalArgumentException(Errors.message(e), e);
    }
  }

  // ---------------------------------------------------------------------------------- store

  /** {@code dam spark store}. */
  @Command(name = "store", mixinStandardHelpOptions = true,
      description = "Fold sharded memories into T (ProcMems on every partition, partial T's added "
          + "in a fixed tree) and save it to a T.dam file.")
  public static final class Store implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--memories", paramLabel = "PATH", required = true,
        description = "Directory of NPY shards (rows are memories), or a Parquet dataset.")
    Path memories;

    @Mixin FeatureMapOptions map;

    @Option(names = "--out", paramLabel = "T.dam", required = true, description = "Output file.")
    Path out;

    /** Creates the command (picocli). */
    public Store() {}

    @Override
    public Integer call() throws Exception {
      return guarded(common, () -> {
        // Validates the parameters before Spark starts.
        new FeatureSpec(1, map.beta(), map.features(), map.y(), map.seed(), map.projection());
        common.check();
        OutputPolicy.check().file("--out", out).input("--memories", memories).verify();
        Input in = Input.open(memories, common.column, "memories");
        long t0 = System.nanoTime();
        SparkContext spark = common.start();
        int d = in.dim(spark);
        FeatureSpec fs = new FeatureSpec(d, map.beta(), map.features(), map.y(), map.seed(),
            map.projection());
        SparkDam.Folded f = SparkDam.fold(in.vectors(spark, common.partitionRows), fs,
            common.backend);
        Engine engine = Engines.get("reference");
        FeatureStore store = f.store(engine, fs);
        store.save(out);
        summary("dam spark store: folded K = " + f.count() + " memories (D = " + d + ") from "
            + count(in.shardCount(spark), "shard") + " in " + count(f.partitions(), "partition")
            + " into Y = "
            + map.y() + " features in " + seconds(t0) + " -> " + out);
        return 0;
      });
    }
  }

  // ---------------------------------------------------------------------------------- energy

  /** Options of {@code energy} and {@code grad}. */
  static final class ExactOptions {
    @Option(names = "--memories", paramLabel = "PATH", required = true,
        description = "Directory of NPY shards (rows are memories), or a Parquet dataset.")
    Path memories;

    @Option(names = "--queries", paramLabel = "Q.npy", required = true,
        description = "Queries, B x D, or one vector of length D.")
    Path queries;

    @Option(names = "--beta", paramLabel = "B", description = "Inverse temperature beta > 0.")
    Double beta;

    @Option(names = "--similarity", paramLabel = "SIM", defaultValue = "l2",
        description = "MrDAM similarity: l2 (default) or dot.")
    String similarity;
  }

  /** Reads one NPY file of queries on the driver. */
  static double[] readQueries(Path path, int[] shape) {
    return readNpy(path, shape, "queries");
  }

  /** Reads one NPY file on the driver; shape receives rows, columns and 1 for a 1-D array. */
  static double[] readNpy(Path path, int[] shape, String what) {
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(what + " " + path + " must be one NPY file");
    }
    NpyShards.Shard q = NpyShards.list(path, what).get(0);
    if (q.rows() == 0) {
      throw new IllegalArgumentException(what + " (" + path + ") is empty");
    }
    if (q.rows() * q.cols() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(what + " (" + path + ") are too many for one batch");
    }
    double[] x = new double[(int) (q.rows() * q.cols())];
    java.util.Iterator<double[]> rows =
        NpyShards.rows(new NpyShards.Slice(q, 0, 0, (int) q.rows()));
    for (int r = 0; rows.hasNext(); r++) {
      System.arraycopy(rows.next(), 0, x, r * q.cols(), q.cols());
    }
    shape[0] = (int) q.rows();
    shape[1] = q.cols();
    shape[2] = q.vector() ? 1 : 0;
    return x;
  }

  static void checkDim(int queries, int memory) {
    if (queries != memory) {
      throw new IllegalArgumentException(
          "queries have " + queries + " columns but the memory has D = " + memory);
    }
  }

  static int exact(Common common, ExactOptions o, Path out, boolean grad) throws Exception {
    double beta = beta(o.beta);
    Similarity sim = Similarity.parse(o.similarity);
    common.check();
    OutputPolicy.check().file("--out", out).input("--memories", o.memories)
        .input("--queries", o.queries).verify();
    int[] shape = new int[3];
    double[] x = readQueries(o.queries, shape);
    Input in = Input.open(o.memories, common.column, "memories");
    long t0 = System.nanoTime();
    SparkContext spark = common.start();
    checkDim(shape[1], in.dim(spark));
    SparkDam.Exact ex = SparkDam.exact(in.vectors(spark, common.partitionRows), x, shape[0],
        beta, sim, grad, common.backend);
    if (grad) {
      Output.writeNpy(out, ex.gradient(), shape[0], shape[1], shape[2] == 1, common.float32());
    } else {
      Output.writeNpy(out, ex.energy(), 1, shape[0], true, common.float32());
    }
    summary("dam spark " + (grad ? "grad" : "energy") + ": B = " + shape[0] + " queries against K = "
        + ex.count() + " memories from " + count(in.shardCount(spark), "shard") + " in "
        + seconds(t0) + " -> " + out);
    return 0;
  }

  /** {@code dam spark energy}. */
  @Command(name = "energy", mixinStandardHelpOptions = true,
      description = "Exact MrDAM energy of each query over sharded memories.")
  public static final class Energy implements Callable<Integer> {
    @Mixin Common common;
    @Mixin ExactOptions options;

    @Option(names = "--out", paramLabel = "E.npy", required = true, description = "Energies, length B.")
    Path out;

    /** Creates the command (picocli). */
    public Energy() {}

    @Override
    public Integer call() throws Exception {
      return guarded(common, () -> exact(common, options, out, false));
    }
  }

  /** {@code dam spark grad}. */
  @Command(name = "grad", mixinStandardHelpOptions = true,
      description = "Exact MrDAM energy gradient of each query over sharded memories.")
  public static final class Grad implements Callable<Integer> {
    @Mixin Common common;
    @Mixin ExactOptions options;

    @Option(names = "--out", paramLabel = "G.npy", required = true, description = "Gradients, B x D.")
    Path out;

    /** Creates the command (picocli). */
    public Grad() {}

    @Override
    public Integer call() throws Exception {
      return guarded(common, () -> exact(common, options, out, true));
    }
  }

  // ---------------------------------------------------------------------------------- retrieve

  /** {@code dam spark retrieve}. */
  @Command(name = "retrieve", mixinStandardHelpOptions = true,
      description = "Energy descent from every query of a sharded query set, against a DrDAM "
          + "T.dam broadcast to the executors or exact MrDAM over sharded memories; writes one "
          + "NPY per query shard, same names, rows in input order.")
  public static final class Retrieve implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--store", paramLabel = "T.dam", description = "A DrDAM memory from 'dam store'.")
    Path store;

    @Option(names = "--memories", paramLabel = "PATH",
        description = "Sharded memories for exact MrDAM (one Spark job per step).")
    Path memories;

    @Option(names = "--queries", paramLabel = "PATH", required = true,
        description = "Directory of NPY shards (rows are queries), or a Parquet dataset.")
    Path queries;

    @Option(names = "--beta", paramLabel = "B", description = "Inverse temperature beta > 0.")
    Double beta;

    @Option(names = "--similarity", paramLabel = "SIM",
        description = "MrDAM similarity (--memories): l2 (default) or dot.")
    String similarity;

    @Mixin DescentOptions descent;

    @Option(names = "--out", paramLabel = "DIR", required = true,
        description = "Output directory: one NPY of final states per query shard.")
    Path out;

    /** Creates the command (picocli). */
    public Retrieve() {}

    @Override
    public Integer call() throws Exception {
      return guarded(common, this::retrieve);
    }

    private Integer retrieve() throws Exception {
      if ((memories == null) == (store == null)) {
        throw new IllegalArgumentException("give exactly one of --memories PATH or --store T.dam");
      }
      RetrieveOptions opts = descent.options();
      if (store != null && similarity != null) {
        throw new IllegalArgumentException("--similarity " + similarity + " applies to exact"
            + " MrDAM (--memories) only: DrDAM (--store) approximates the l2 energy; leave"
            + " --similarity out");
      }
      OutputPolicy policy = OutputPolicy.check().directory("--out", out)
          .input("--queries", queries).input("--memories", memories).input("--store", store)
          .input("--clamp", descent.clamp());
      policy.verify();
      FeatureStore t = null;
      Similarity sim = Similarity.parse(similarity == null ? "l2" : similarity);
      if (store != null) {
        t = Engines.get("reference").loadFeatureMemory(store);
        if (beta != null && Double.compare(beta, t.beta()) != 0) {
          throw new IllegalArgumentException(
              "--beta " + beta + " differs from beta = " + t.beta() + " stored in " + store);
        }
      } else {
        beta(beta);
      }
      common.check();
      Input q = Input.open(queries, common.column, "queries");
      Input m = memories == null ? null : Input.open(memories, common.column, "memories");
      if (!q.isParquet()) {
        // Each file it writes, too: --queries qd/a.npy --out qd would write qd/a.npy.
        for (NpyShards.Shard s : q.shards) {
          OutputPolicy.check().file("--out", out.resolve(s.name())).input("--queries", queries)
              .input("--memories", memories).input("--store", store)
              .input("--clamp", descent.clamp()).verify();
        }
      }
      long t0 = System.nanoTime();
      SparkContext spark = common.start();
      int d = q.dim(spark);
      if (descent.clamp() != null) {
        opts = opts.clamp(readMask(descent.clamp(), d));
      }
      Output output = new Output(out, common.float32(), d, q.vectorShards());
      try {
        long count;
        if (t != null) {
          checkDim(d, t.dim());
          JavaRDD<Tuple2<String, double[]>> res = SparkDam.retrieveNamed(
              q.named(spark, common.partitionRows), t.spec(), t.vector(), t.count(), opts,
              common.backend);
          count = output.writeDistributed(res);
        } else {
          checkDim(d, m.dim(spark));
          List<Tuple2<String, double[]>> all = q.named(spark, common.partitionRows).collect();
          count = all.size();
          double[] x = new double[all.size() * d];
          for (int r = 0; r < all.size(); r++) {
            System.arraycopy(all.get(r)._2, 0, x, r * d, d);
          }
          SparkDam.Descent res = SparkDam.retrieveExact(m.vectors(spark, common.partitionRows),
              x, all.size(), beta, sim, opts, common.backend);
          Map<String, List<double[]>> byShard = new LinkedHashMap<>();
          for (int r = 0; r < all.size(); r++) {
            byShard.computeIfAbsent(all.get(r)._1, k -> new ArrayList<>())
                .add(java.util.Arrays.copyOfRange(res.states(), r * d, (r + 1) * d));
          }
          output.writeLocal(byShard);
        }
        if (!q.isParquet()) {
          output.ensureAll(q.shards);
        }
        output.commit();
        summary("dam spark retrieve: " + count(count, "query", "queries") + " from "
            + count(q.shardCount(spark), "shard") + ", " + count(opts.steps(), "step")
            + " against "
            + (t != null ? "T (K = " + t.count() + ", Y = " + t.y() + ")"
                : "sharded memories") + " in " + seconds(t0) + " -> " + out);
        return 0;
      } catch (IOException e) {
        throw Output.cannotWrite(out.toString(), e);
      } finally {
        output.abort();
      }
    }
  }

  /** Reads a 0/1 clamp mask of length D, with the messages of {@code dam retrieve}. */
  static boolean[] readMask(Path path, int d) {
    int[] shape = new int[3];
    double[] m = readNpy(path, shape, "clamp mask");
    if (m.length != d || shape[0] != 1) {
      throw new IllegalArgumentException(
          "clamp mask (" + path + ") must be a vector of length D = " + d);
    }
    boolean[] mask = new boolean[d];
    for (int i = 0; i < d; i++) {
      if (m[i] != 0 && m[i] != 1) {
        throw new IllegalArgumentException(
            "clamp mask (" + path + ") must hold only 0 and 1, found " + m[i] + " at " + i);
      }
      mask[i] = m[i] == 1;
    }
    return mask;
  }

  /**
   * The output directory of {@code retrieve}: everything is written under a temporary sibling
   * directory and moved into place only when all shards are complete, so a failed job leaves
   * nothing behind.
   */
  static final class Output {
    private final Path out;
    private final Path tmp;
    private final boolean float32;
    private final int d;
    private final List<String> vectorShards;
    private boolean committed;
    /** Set by the shutdown hook: the JVM is stopping, nothing may be committed. */
    private boolean abandoned;

    Output(Path out, boolean float32, int d, List<String> vectorShards) throws IOException {
      this.out = out.toAbsolutePath();
      Path parent = this.out.getParent();
      Files.createDirectories(parent);
      this.tmp = parent.resolve("." + this.out.getFileName() + ".tmp-" + UUID.randomUUID());
      // A stopped JVM (INT, TERM) runs no finally block: its shutdown deletes the directory.
      Runtime.getRuntime().addShutdownHook(new Thread(this::abandon, "dam-spark-cleanup"));
      Files.createDirectories(tmp.resolve("parts"));
      this.float32 = float32;
      this.d = d;
      this.vectorShards = vectorShards;
    }

    /** Executors write their runs of rows as part files; the driver joins them in order. */
    long writeDistributed(JavaRDD<Tuple2<String, double[]>> results) throws IOException {
      String parts = tmp.resolve("parts").toString();
      boolean f32 = float32;
      String target = out.toString();
      List<Tuple2<String, long[]>> meta = results.mapPartitionsWithIndex((idx, it) -> {
        try {
          return writeParts(idx, it, parts, f32);
        } catch (IOException e) {
          throw cannotWrite(target, e);
        }
      }, true).collect();
      return join(meta);
    }

    /** The failure of a write (a full file system, a quota), naming the output directory. */
    static IllegalArgumentException cannotWrite(String target, IOException e) {
      String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
          ? f.getReason() : e.getMessage();
      return new IllegalArgumentException("--out " + OutputPolicy.show(target)
          + ": cannot write (" + reason + ")", e);
    }

    private static java.util.Iterator<Tuple2<String, long[]>> writeParts(Integer idx,
        java.util.Iterator<Tuple2<String, double[]>> it, String parts, boolean f32)
        throws IOException {
        List<Tuple2<String, long[]>> runs = new ArrayList<>();
        String name = null;
        OutputStream os = null;
        long rows = 0;
        try {
          while (it.hasNext()) {
            Tuple2<String, double[]> t = it.next();
            if (!t._1.equals(name)) {
              if (os != null) {
                os.close();
                runs.add(new Tuple2<>(name, new long[] {idx, runs.size(), rows}));
              }
              name = t._1;
              rows = 0;
              os = new java.io.BufferedOutputStream(Files.newOutputStream(
                  Path.of(parts, idx + "-" + runs.size())), 1 << 16);
            }
            os.write(NpyShards.encode(t._2, f32));
            rows++;
          }
          if (os != null) {
            os.close();
            runs.add(new Tuple2<>(name, new long[] {idx, runs.size(), rows}));
          }
        } finally {
          if (os != null) {
            os.close();
          }
        }
        return runs.iterator();
    }

    private long join(List<Tuple2<String, long[]>> meta) throws IOException {
      List<Tuple2<String, long[]>> sorted = new ArrayList<>(meta);
      sorted.sort(Comparator.<Tuple2<String, long[]>>comparingLong(t -> t._2[0])
          .thenComparingLong(t -> t._2[1]));
      Map<String, List<long[]>> byName = new LinkedHashMap<>();
      long total = 0;
      for (Tuple2<String, long[]> t : sorted) {
        byName.computeIfAbsent(t._1, k -> new ArrayList<>()).add(t._2);
        total += t._2[2];
      }
      for (Map.Entry<String, List<long[]>> e : byName.entrySet()) {
        long rows = e.getValue().stream().mapToLong(r -> r[2]).sum();
        try (OutputStream os = Files.newOutputStream(tmp.resolve(e.getKey()))) {
          os.write(NpyShards.header(rows, d, vector(e.getKey(), rows), float32));
          for (long[] r : e.getValue()) {
            Path p = tmp.resolve("parts").resolve(r[0] + "-" + r[1]);
            Files.copy(p, os);
            Files.delete(p);
          }
        }
      }
      return total;
    }

    /** Writes shards held on the driver. */
    void writeLocal(Map<String, List<double[]>> byShard) throws IOException {
      for (Map.Entry<String, List<double[]>> e : byShard.entrySet()) {
        int rows = e.getValue().size();
        try (OutputStream os = new java.io.BufferedOutputStream(
            Files.newOutputStream(tmp.resolve(e.getKey())))) {
          os.write(NpyShards.header(rows, d, vector(e.getKey(), rows), float32));
          for (double[] r : e.getValue()) {
            os.write(NpyShards.encode(r, float32));
          }
        }
      }
    }

    /** Empty query shards give empty outputs. */
    void ensureAll(List<NpyShards.Shard> shards) throws IOException {
      for (NpyShards.Shard s : shards) {
        Path p = tmp.resolve(s.name());
        if (!Files.exists(p)) {
          Files.write(p, NpyShards.header(0, d, false, float32));
        }
      }
    }

    private boolean vector(String name, long rows) {
      return rows == 1 && vectorShards.contains(name);
    }

    /** Writes one NPY file as every dam command does ({@link AtomicOutput}). */
    static void writeNpy(Path out, double[] data, int rows, int cols, boolean vector,
        boolean float32) throws IOException {
      Files.createDirectories(out.toAbsolutePath().getParent());
      AtomicOutput.write(out, os -> {
        os.write(NpyShards.header(rows, cols, vector, float32));
        os.write(NpyShards.encode(data, float32));
      });
    }

    synchronized void commit() throws IOException {
      if (abandoned) {
        throw new IOException(out + ": not written, the program is shutting down");
      }
      Files.delete(tmp.resolve("parts"));
      if (!Files.exists(out)) {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      } else {
        try (Stream<Path> s = Files.list(tmp)) {
          for (Path p : s.toList()) {
            Files.move(p, out.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
          }
        }
        Files.delete(tmp);
      }
      committed = true;
    }

    synchronized void abort() throws IOException {
      // Tasks may still be writing part files while the JVM shuts down: walk again until the
      // directory is gone (once it is, their writes fail).
      for (int attempt = 0; !committed && Files.exists(tmp); attempt++) {
        try (Stream<Path> s = Files.walk(tmp)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        } catch (IOException | java.io.UncheckedIOException e) {
          if (attempt >= 20) {
            throw e;
          }
        }
      }
    }

    /** The shutdown hook: no commit after it, and the temporary directory deleted. */
    private void abandon() {
      synchronized (this) {
        abandoned = true;
      }
      try {
        abort();
      } catch (IOException | RuntimeException e) {
        // best effort while the JVM exits
      }
    }
  }
}
