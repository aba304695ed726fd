package org.denseam.spark;

import java.util.concurrent.ConcurrentHashMap;
import org.denseam.api.DenseAM;
import org.denseam.api.Engine;

/**
 * One {@link Engine} per backend name per JVM, opened on first use in each executor (or in the
 * driver for {@code local[N]}) and shared by its tasks: the engines are thread-safe. The name
 * {@code fastest} opens {@link DenseAM#openFastest()}, so an executor running under TornadoVM
 * uses {@code tornado} and the others {@code jvm}.
 */
public final class Engines {
  private static final ConcurrentHashMap<String, Engine> OPEN = new ConcurrentHashMap<>();

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
}
