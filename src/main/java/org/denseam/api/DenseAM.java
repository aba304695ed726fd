package org.denseam.api;

import java.util.ArrayList;
import java.util.List;
import org.denseam.backend.BackendProvider;
import org.denseam.backend.Backends;

/**
 * Entry point of the library: lists the backends found at run time and opens an {@link Engine} on
 * one of them. Backends are discovered with {@link java.util.ServiceLoader}; putting the TornadoVM
 * kernels jar on the class path adds {@code tornado} without any other change.
 */
public final class DenseAM {
  private DenseAM() {}

  /**
   * Every backend known here, available or not.
   *
   * @return one entry per backend: {@code reference}, {@code jvm}, then discovered ones
   */
  public static List<BackendInfo> backends() {
    List<BackendInfo> out = new ArrayList<>();
    for (BackendProvider p : Backends.providers()) {
      boolean ok = p.available();
      out.add(new BackendInfo(
          p.name(), ok, ok ? "" : p.unavailableReason(), ok ? p.devices() : List.of(), p.rank()));
    }
    return out;
  }

  /**
   * Opens an engine on a backend chosen by name.
   *
   * @param backend {@code reference}, {@code jvm}, {@code tornado}, or another discovered name
   * @return the engine; close it when done
   * @throws IllegalArgumentException if the backend is unknown or cannot run here (the message
   *     says what to install)
   */
  public static Engine open(String backend) {
    return new Engine(Backends.create(backend), "requested by name");
  }

  /**
   * Opens an engine on the fastest backend available here. The choice is never silent: {@link
   * Engine#backend()} and {@link Engine#selection()} report it.
   *
   * @return the engine; close it when done
   */
  public static Engine openFastest() {
    BackendProvider best = Backends.fastest();
    StringBuilder why = new StringBuilder("fastest available backend, rank " + best.rank());
    for (BackendProvider p : Backends.providers()) {
      if (!p.available()) {
        why.append("; ").append(p.name()).append(" unavailable: ").append(p.unavailableReason());
      }
    }
    return new Engine(best.create(), why.toString());
  }
}
