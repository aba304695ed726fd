package org.denseam.spark.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.denseam.spark.NpyShards;
import org.denseam.spark.SparkDam;
import org.denseam.spark.SparkSupport;
import scala.Tuple2;

/**
 * A {@code --memories} or {@code --queries} PATH of the {@code dam spark} commands: a directory of
 * NPY shards (or one NPY file), checked on the driver before Spark starts, or a Parquet dataset
 * with an array column named by {@code --column}.
 */
final class Input {
  final String what;
  final Path path;
  final String column;
  final List<NpyShards.Shard> shards;
  private Dataset<Row> parquet;
  /** D of Parquet input, once known. */
  private int dim;

  private Input(String what, Path path, String column, List<NpyShards.Shard> shards) {
    this.what = what;
    this.path = path;
    this.column = column;
    this.shards = shards;
  }

  /** Opens PATH; NPY shards are listed and their headers checked here. */
  static Input open(Path path, String column, String what) {
    if (isParquet(path)) {
      if (column == null) {
        throw new IllegalArgumentException(what + " " + path
            + " is a Parquet dataset: name its array<float> column with --column");
      }
      return new Input(what, path, column, null);
    }
    return new Input(what, path, null, NpyShards.list(path, what));
  }

  boolean isParquet() {
    return shards == null;
  }

  private static boolean isParquet(Path p) {
    if (p.getFileName() != null && p.getFileName().toString().endsWith(".parquet")) {
      return true;
    }
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(p, 4)) {
      return s.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"))
          && !hasNpy(p);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean hasNpy(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(f -> f.getFileName().toString().endsWith(".npy"));
    }
  }

  private Dataset<Row> parquet(SparkContext spark) {
    if (parquet == null) {
      try {
        parquet = SparkSupport.session(spark.getConf()).read().parquet(path.toString());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            what + " " + path + " cannot be read as Parquet: " + Errors.message(e));
      }
    }
    return parquet;
  }

  /** The dimension D (for Parquet: of the first vector; every other one is checked against it). */
  int dim(SparkContext spark) {
    if (!isParquet()) {
      return shards.get(0).cols();
    }
    if (dim == 0) {
      List<Tuple2<String, double[]>> first =
          SparkDam.namedVectors(parquet(spark), column, what).take(1);
      if (first.isEmpty()) {
        throw new IllegalArgumentException(what + " " + path + " holds no vector");
      }
      dim = first.get(0)._2.length;
    }
    return dim;
  }

  /** Number of shards (NPY files or Parquet files). */
  int shardCount(SparkContext spark) {
    return isParquet() ? parquet(spark).inputFiles().length : shards.size();
  }

  /** The vectors. */
  JavaRDD<double[]> vectors(SparkContext spark, int partitionRows) {
    return named(spark, partitionRows).map(Tuple2::_2);
  }

  /**
   * The vectors with the name of the output shard each belongs to (the NPY shard's own name, or
   * the Parquet file's name with {@code .npy} for {@code .parquet}).
   */
  JavaRDD<Tuple2<String, double[]>> named(SparkContext spark, int partitionRows) {
    if (isParquet()) {
      // Every vector has the first one's D, or the file that holds another is named.
      int d = dim(spark);
      String w = what;
      return SparkDam.namedVectors(parquet(spark), column, what).map(t -> {
        if (t._2.length != d) {
          throw new IllegalArgumentException(w + " file " + t._1 + " holds a vector of dimension "
              + t._2.length + ", expected D = " + d);
        }
        return new Tuple2<>(outputName(t._1), t._2);
      });
    }
    List<NpyShards.Slice> slices = NpyShards.slices(shards, partitionRows);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark);
    return sc.parallelize(slices, Math.max(1, slices.size())).mapPartitions(Input::sliceRows);
  }

  private static java.util.Iterator<Tuple2<String, double[]>> sliceRows(
      java.util.Iterator<NpyShards.Slice> it) {
    if (!it.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    NpyShards.Slice s = it.next();
    java.util.Iterator<double[]> rows = NpyShards.rows(s);
    return new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Tuple2<String, double[]> next() {
        return new Tuple2<>(s.shard().name(), rows.next());
      }
    };
  }

  /** Shard names (output names) that are 1-D vectors, so outputs keep that shape. */
  List<String> vectorShards() {
    List<String> out = new ArrayList<>();
    if (shards != null) {
      for (NpyShards.Shard s : shards) {
        if (s.vector()) {
          out.add(s.name());
        }
      }
    }
    return out;
  }

  static String outputName(String file) {
    String name = file;
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      name = name.substring(slash + 1);
    }
    if (name.endsWith(".parquet")) {
      name = name.substring(0, name.length() - ".parquet".length());
    }
    return name + ".npy";
  }
}
