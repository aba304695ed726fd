/**
 * The backend SPI: how DenseAM's models run their formulas on a backend, and how a backend is
 * found.
 *
 * <p>A {@link org.denseam.backend.Backend} executes plain values, never models: the stored
 * patterns of an exact memory ({@link org.denseam.backend.ExactPatterns}), a feature map with β,
 * the distributed memory T ({@link org.denseam.backend.DistributedPatterns}), the patterns of a
 * sparse memory ({@link org.denseam.backend.SparsePatterns}), a descent's parameters ({@link
 * org.denseam.backend.DescentSpec}) and arrays. The value records are immutable, and a model
 * replaces them when its contents change (a feature memory makes a new {@code DistributedPatterns}
 * with every update): a backend may therefore keep what it derives from one, such as float32
 * copies or buffers resident on its device, keyed on the instance, for as long as it is handed
 * the same instance.
 *
 * <p>Backends are discovered with {@link java.util.ServiceLoader}: a jar lists its {@link
 * org.denseam.backend.BackendProvider} in {@code
 * META-INF/services/org.denseam.backend.BackendProvider}, and {@link org.denseam.backend.Backends}
 * finds it by name. The core jar provides {@code
 * reference} (float64, the oracle) and {@code jvm} (float32, all cores, the Java Vector API) this
 * way; the TornadoVM kernels jar provides {@code tornado}.
 *
 * <p>Backends read their tunables once, when they start, from {@link org.denseam.backend.Tuning}
 * (the tuning file {@code dam tune} writes, keyed by {@link org.denseam.backend.MachineKey}).
 */
package org.denseam.backend;
