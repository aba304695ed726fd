package org.denseam.backend.jvm;

import java.util.List;
import org.denseam.backend.Backend;
import org.denseam.backend.BackendProvider;
import org.denseam.backend.Backends;

/**
 * The provider of the built-in {@code jvm} backend ({@link JvmBackend}), listed in the core jar's
 * {@code META-INF/services}. Available when the JVM runs with the Vector API module.
 */
public final class JvmBackendProvider implements BackendProvider {
  /** The provider; {@link java.util.ServiceLoader} creates it. */
  public JvmBackendProvider() {}

  @Override
  public String name() {
    return Backends.JVM;
  }

  @Override
  public boolean available() {
    return unavailableReason().isEmpty();
  }

  @Override
  public String unavailableReason() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "the JVM backend uses the Java Vector API: start the JVM with"
          + " --add-modules jdk.incubator.vector";
    }
    return "";
  }

  @Override
  public List<String> devices() {
    return List.of("JVM: " + Runtime.getRuntime().availableProcessors() + " threads, float32, "
        + Tiling.describe());
  }

  @Override
  public int rank() {
    return 10;
  }

  @Override
  public Backend create() {
    return new JvmBackend();
  }
}
