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
   * The devices this backend can run on, one human-readable line each (for example {@code "JVM:
   * 2 threads, float32"} or an OpenCL device name); empty when unavailable.
   *
   * @return the devices
   */
  default java.util.List<String> devices() {
    return java.util.List.of();
  }

  /**
   * How fast the backend usually is relative to the others; {@link Backends#fastest()} picks the
   * available backend of highest rank (reference 0, jvm 10, accelerators above).
   *
   * @return the rank
   */
  default int rank() {
    return 0;
  }

  /**
   * Creates the backend.
   *
   * @return a new backend; close it if it is {@link AutoCloseable}
   */
  Backend create();
}
