package org.denseam.backend;

/**
 * Service-provider interface through which backends are discovered with {@link
 * java.util.ServiceLoader}. A jar that lists an implementation in {@code
 * META-INF/services/org.denseam.backend.BackendProvider} adds its backend to {@link Backends}.
 */
public interface BackendProvider {
  /**
   * The backend's name ({@code reference}, {@code jvm}, {@code tornado}, ...).
   *
   * @return the name
   */
  String name();

  /**
   * Whether the backend can run here (for instance, whether its runtime and a device are present).
   *
   * @return true if {@link #create()} will succeed
   */
  boolean available();

  /**
   * Why the backend cannot run here, with what to install; meaningful when {@link #available()} is
   * false.
   *
   * @return a one-line explanation
   */
  String unavailableReason();

  /**
   * Creates the backend.
   *
   * @return a new backend; close it if it is {@link AutoCloseable}
   */
  Backend create();
}
