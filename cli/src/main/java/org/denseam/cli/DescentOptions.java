package org.denseam.cli;

import java.nio.file.Path;
import org.denseam.api.RetrieveOptions;
import picocli.CommandLine.Option;

/**
 * The energy descent of {@code dam retrieve} and {@code dam spark retrieve}: steps, step size,
 * early stop and clamped coordinates. A picocli mixin.
 */
public final class DescentOptions {
  @Option(names = "--steps", paramLabel = "L", required = true,
      description = "Maximum number of steps.")
  int steps;

  @Option(names = "--eta", paramLabel = "H", required = true, description = "Step size eta > 0.")
  double eta;

  @Option(names = "--tol", paramLabel = "TOL", defaultValue = "0",
      description = "Stop a query once |E_t - E_(t-1)| < TOL (0: run all L steps).")
  double tol;

  @Option(names = "--clamp", paramLabel = "MASK.npy",
      description = "0/1 vector of length D; coordinates with 1 keep their initial value.")
  Path clamp;

  /** Creates the options (picocli fills them in). */
  public DescentOptions() {}

  /**
   * The descent as retrieval options, without a clamp mask or trace.
   *
   * @return steps L, step size η and tolerance
   * @throws IllegalArgumentException for negative steps, a bad η or a bad tolerance
   */
  public RetrieveOptions options() {
    return RetrieveOptions.steps(steps).eta(eta).tol(tol);
  }

  /**
   * The clamp mask's file, {@code --clamp}.
   *
   * @return the file, or null
   */
  public Path clamp() {
    return clamp;
  }
}
