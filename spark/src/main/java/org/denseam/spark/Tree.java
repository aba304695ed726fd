package org.denseam.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Combines one partial result per partition in an order fixed by the partition indices, so that a
 * given partitioning gives bit-identical results run after run, whatever order tasks finish or
 * shuffle blocks arrive in (Spark's own {@code treeAggregate} and {@code reduce} merge in arrival
 * order, which changes floating-point sums).
 *
 * <p>The tree has fan-in {@link #FAN_IN}: partials {@code i} with the same {@code i / FAN_IN}
 * are merged by one task, in increasing {@code i}, giving partial {@code i / FAN_IN} of the next
 * level; once at most {@code FAN_IN} remain, the driver merges them in increasing index. The
 * driver never holds more than {@code FAN_IN} partials.
 */
final class Tree {
  static final int FAN_IN = 8;

  private Tree() {}

  /**
   * Merges the partials.
   *
   * @param partials partition index → partial, one per partition (null for an empty partition)
   * @param n number of partitions
   * @param merge combines two partials, left before right (may update and return the left one)
   * @param <P> the partial type
   * @return the merged partial, or null if every partial was null
   */
  static <P extends Serializable> P merge(
      JavaPairRDD<Integer, P> partials, int n, Function2<P, P, P> merge) {
    try {
      return mergeLevels(partials, n, merge);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <P extends Serializable> P mergeLevels(
      JavaPairRDD<Integer, P> partials, int n, Function2<P, P, P> merge) throws Exception {
    JavaPairRDD<Integer, P> level = partials;
    while (n > FAN_IN) {
      int groups = (n + FAN_IN - 1) / FAN_IN;
      level = level
          .mapToPair(t -> new Tuple2<>(t._1 / FAN_IN, t))
          .groupByKey(groups)
          .mapToPair(g -> {
            List<Tuple2<Integer, P>> in = new ArrayList<>();
            g._2.forEach(in::add);
            return new Tuple2<>(g._1, inOrder(in, merge));
          });
      n = groups;
    }
    return inOrder(new ArrayList<>(level.collect()), merge);
  }

  private static <P> P inOrder(List<Tuple2<Integer, P>> in, Function2<P, P, P> merge)
      throws Exception {
    in.sort(Comparator.comparing(t -> t._1));
    P acc = null;
    for (Tuple2<Integer, P> t : in) {
      if (t._2 == null) {
        continue;
      }
      acc = acc == null ? t._2 : merge.call(acc, t._2);
    }
    return acc;
  }
}
