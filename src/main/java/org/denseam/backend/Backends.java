package org.denseam.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Finds backends by name: the built-in {@code reference} and {@code jvm}, and any other {@link
 * BackendProvider} on the class path (the TornadoVM kernels jar provides {@code tornado}). All are
 * found with {@link ServiceLoader}: the core jar lists its two built-in providers in its {@code
 * META-INF/services}.
 */
public final class Backends {
  /** Name of the double-precision reference backend. */
  public static final String REFERENCE = "reference";
  /** Name of the float32 multi-core JVM backend. */
  public static final String JVM = "jvm";
  /** Name of the TornadoVM backend. */
  public static final String TORNADO = "tornado";

  private Backends() {}

  /**
   * Every backend provider known here, built-in ones first.
   *
   * @return the providers
   */
  public static List<BackendProvider> providers() {
    List<BackendProvider> found = new ArrayList<>();
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
      found.add(p);
    }
    if (builtIn(found, REFERENCE) == null || builtIn(found, JVM) == null) {
      // The context class loader does not see this jar's own providers: ask the loader of this
      // class for them.
      for (BackendProvider p : ServiceLoader.load(BackendProvider.class,
          Backends.class.getClassLoader())) {
        boolean builtInName = p.name().equals(REFERENCE) || p.name().equals(JVM);
        if (builtInName && builtIn(found, p.name()) == null) {
          found.add(p);
        }
      }
    }
    List<BackendProvider> all = new ArrayList<>();
    for (String name : List.of(REFERENCE, JVM)) {
      BackendProvider p = builtIn(found, name);
      if (p != null) {
        all.add(p);
        found.remove(p);
      }
    }
    boolean tornado = false;
    for (BackendProvider p : found) {
      all.add(p);
      tornado |= p.name().equals(TORNADO);
    }
    if (!tornado) {
      all.add(missingTornado());
    }
    return all;
  }

  /** The first provider of that name, or null. */
  private static BackendProvider builtIn(List<BackendProvider> providers, String name) {
    for (BackendProvider p : providers) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Creates a backend by name.
   *
   * @param name {@code reference}, {@code jvm}, {@code tornado} or the name of another provider
   * @return the backend
   * @throws IllegalArgumentException if no such backend exists, or it cannot run here (the message
   *     says what to install)
   */
  public static Backend create(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (BackendProvider p : providers()) {
      if (p.name().equals(key)) {
        if (!p.available()) {
          throw new IllegalArgumentException(
              "backend '" + key + "' is not available: " + p.unavailableReason());
        }
        return p.create();
      }
    }
    throw new IllegalArgumentException(
        "unknown backend '" + name + "': expected one of reference, jvm, tornado");
  }

  /**
   * The available provider of highest {@link BackendProvider#rank()} (ties: the first listed).
   *
   * @return the provider of the fastest backend that can run here (never null: {@code reference}
   *     is always available)
   */
  public static BackendProvider fastest() {
    BackendProvider best = null;
    for (BackendProvider p : providers()) {
      if (p.available() && (best == null || p.rank() > best.rank())) {
        best = p;
      }
    }
    return best;
  }

  /** Why {@code tornado} cannot run when no provider for it is on the class path. */
  static String tornadoMissingReason() {
    String home = System.getenv("TORNADOVM_HOME");
    String set = home != null && !home.isBlank()
        ? " of this JVM (TORNADOVM_HOME is set, but this JVM was started without them)" : "";
    return "the TornadoVM kernels are not on the class path" + set + ": put the denseam-kernels"
        + " jar on the class path and run the JVM under TornadoVM (a TornadoVM SDK 5.2 on JDK 25,"
        + " started with its tornado-argfile). See tornado-config/README.md";
  }

  /** The {@code tornado} entry listed, unavailable, when its provider is not on the class path. */
  private static BackendProvider missingTornado() {
    return new BackendProvider() {
      @Override
      public String name() {
        return TORNADO;
      }

      @Override
      public boolean available() {
        return false;
      }

      @Override
      public String unavailableReason() {
        return tornadoMissingReason();
      }

      @Override
      public java.util.List<String> devices() {
        return java.util.List.of();
      }

      @Override
      public int rank() {
        return 100;
      }

      @Override
      public Backend create() {
        throw new IllegalArgumentException(
            "backend 'tornado' is not available: " + tornadoMissingReason());
      }
    };
  }
}
