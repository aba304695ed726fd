package org.denseam.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;

/**
 * One {@link Engine} per backend name per JVM, opened on first use in each executor (or in the
 * driver for {@code local[N]}) and shared by its tasks: the engines are thread-safe. The name
 * {@code fastest} opens {@link DenseAM#openFastest()}, so an executor running under TornadoVM
 * uses {@code tornado} and the others {@code jvm}.
 *
 * <p>The {@code jvm} backend already spreads each call over all the cores of the machine, and a
 * device backend over its device, so the tasks of one executor take turns on them ({@link
 * #exclusive}): two tasks computing at once would only fight over the same cores and caches,
 * while one task reads its next block from disk as another computes. The single-threaded
 * {@code reference} backend runs tasks side by side.
 */
public final class Engines {
  private static final ConcurrentHashMap<String, Engine> OPEN = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, ReentrantLock> TURNS = new ConcurrentHashMap<>();

  private Engines() {}

  /**
   * The engine of this JVM for a backend.
   *
   * @param backend {@code reference}, {@code jvm}, {@code tornado} or {@code fastest}
   * @return the engine, opened on first use and never closed
   * @throws IllegalArgumentException if the backend is unknown or unavailable here
   */
  public static Engine get(String backend) {
    return OPEN.computeIfAbsent(backend,
        b -> b.equals("fastest") ? DenseAM.openFastest() : DenseAM.open(b));
  }

  /**
   * Runs a computation on the engine of a backend, one task of this JVM at a time unless the
   * backend is the single-threaded {@code reference}.
   *
   * @param backend the backend's name
   * @param body what to compute
   * @param <T> the result type
   * @return the body's result
   */
  public static <T> T exclusive(String backend, Supplier<T> body) {
    Engine e = get(backend);
    if (e.backend().equals("reference")) {
      return body.get();
    }
    ReentrantLock lock = TURNS.computeIfAbsent(e.backend(), b -> new ReentrantLock(true));
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }
}
