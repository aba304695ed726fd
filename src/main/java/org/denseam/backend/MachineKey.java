package org.denseam.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;

/**
 * The keys under which a tuning file keeps its entries: one per machine and backend, made of the
 * parts a tuning depends on, each cut to letters, digits and {@code . _ - + ( )} (other runs of
 * characters become one {@code _}) and joined by {@code |}.
 */
public final class MachineKey {
  private MachineKey() {}

  /**
   * The JVM backend's key: {@code jvm|CPU|Nf|jdkV}, with the CPU's model name (from
   * /proc/cpuinfo, else os.arch), the preferred vector width N in floats of the Vector API and
   * the JDK's version.
   *
   * @return the key
   */
  public static String jvm() {
    return of("jvm", cpuModel(), FloatVector.SPECIES_PREFERRED.length() + "f", "jdk" + jdk());
  }

  /**
   * The TornadoVM backend's key: {@code tornado|DEVICE|DRIVER|tornadovmV|jdkV}.
   *
   * @param device the device's name as TornadoVM reports it
   * @param driver its driver or OpenCL version as TornadoVM reports it
   * @param tornadoVersion TornadoVM's version
   * @return the key
   */
  public static String tornado(String device, String driver, String tornadoVersion) {
    return of("tornado", device, driver, "tornadovm" + tornadoVersion, "jdk" + jdk());
  }

  /**
   * A key from its parts, each cleaned as the class says.
   *
   * @param parts the parts
   * @return the parts joined by {@code |}
   */
  public static String of(String... parts) {
    return Stream.of(parts).map(MachineKey::clean).collect(Collectors.joining("|"));
  }

  /** A part reduced to the characters a key keeps. */
  static String clean(String part) {
    String s = part == null ? "unknown" : part.trim();
    s = s.replaceAll("[^A-Za-z0-9._+()-]+", "_");
    return s.isEmpty() ? "unknown" : s;
  }

  /**
   * The JDK's version, e.g. {@code 25.0.1}.
   *
   * @return the feature, interim, update ... numbers joined by dots
   */
  public static String jdk() {
    return Runtime.version().version().stream().map(String::valueOf)
        .collect(Collectors.joining("."));
  }

  /**
   * The CPU's model name: the first {@code model name} line of /proc/cpuinfo, else os.arch.
   *
   * @return the model name
   */
  public static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.toLowerCase(Locale.ROOT).startsWith("model name")) {
          int colon = line.indexOf(':');
          if (colon >= 0 && !line.substring(colon + 1).isBlank()) {
            return line.substring(colon + 1).trim();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc/cpuinfo: the architecture names the machine
    }
    return System.getProperty("os.arch", "unknown");
  }
}
