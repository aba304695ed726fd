package org.denseam;

import java.util.SplittableRandom;

/** Deterministic test inputs. */
public final class TestData {
  private TestData() {}

  /**
   * Uniform values in [lo, hi).
   *
   * @param n how many
   * @param lo lower bound
   * @param hi upper bound
   * @param seed seed
   * @return the values
   */
  public static double[] uniform(int n, double lo, double hi, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = lo + (hi - lo) * r.nextDouble();
    }
    return a;
  }

  /**
   * Random binary patterns with entries in {0, 1/√D}.
   *
   * @param k number of patterns
   * @param d dimension
   * @param seed seed
   * @return K × D row-major
   */
  public static double[] binary(int k, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double one = 1 / Math.sqrt(d);
    double[] a = new double[k * d];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextBoolean() ? one : 0;
    }
    return a;
  }

  /**
   * Largest absolute difference, relative to the largest absolute reference value.
   *
   * @param actual values to check
   * @param expected reference values
   * @return {@code max|a - e| / max|e|}
   */
  public static double relMaxError(double[] actual, double[] expected) {
    double num = 0, den = 0;
    for (int i = 0; i < expected.length; i++) {
      num = Math.max(num, Math.abs(actual[i] - expected[i]));
      den = Math.max(den, Math.abs(expected[i]));
    }
    return num / den;
  }

  /**
   * The path of scripts/kernel-jit.options, the first-call JIT settings of ./dam (a java argument
   * file), which the build passes to the test JVMs as {@code denseam.jitOptions}: for child JVMs
   * started with {@code "@" + jitOptions()}.
   *
   * @return the path
   * @throws IllegalStateException if the property names no file (tests run outside Maven)
   */
  public static String jitOptions() {
    String path = System.getProperty("denseam.jitOptions");
    if (path == null || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(path))) {
      throw new IllegalStateException("denseam.jitOptions names no file (" + path
          + "): run the tests through Maven, which sets it to scripts/kernel-jit.options");
    }
    return path;
  }
}
