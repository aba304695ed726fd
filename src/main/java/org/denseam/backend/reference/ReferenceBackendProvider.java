package org.denseam.backend.reference;

import java.util.List;
import org.denseam.backend.Backend;
import org.denseam.backend.BackendProvider;
import org.denseam.backend.Backends;

/**
 * The provider of the built-in {@code reference} backend ({@link ReferenceBackend}), listed in the
 * core jar's {@code META-INF/services}. Always available.
 */
public final class ReferenceBackendProvider implements BackendProvider {
  /** The provider; {@link java.util.ServiceLoader} creates it. */
  public ReferenceBackendProvider() {}

  @Override
  public String name() {
    return Backends.REFERENCE;
  }

  @Override
  public boolean available() {
    return true;
  }

  @Override
  public String unavailableReason() {
    return "";
  }

  @Override
  public List<String> devices() {
    return List.of("JVM: 1 thread, float64");
  }

  @Override
  public int rank() {
    return 0;
  }

  @Override
  public Backend create() {
    return new ReferenceBackend();
  }
}
