package org.denseam;

/**
 * Argument checks shared by the library API and the CLI. Every failure is an {@link
 * IllegalArgumentException} whose message names the offending argument.
 */
public final class Checks {
  private Checks() {}

  /**
   * Checks that an inverse temperature is usable.
   *
   * @param beta the inverse temperature β
   * @return {@code beta}
   * @throws IllegalArgumentException if β is not finite and positive
   */
  public static double beta(double beta) {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
    }
    return beta;
  }

  /**
   * Checks that a size argument is positive.
   *
   * @param name the argument's name, used in the message
   * @param value its value
   * @return {@code value}
   * @throws IllegalArgumentException if {@code value <= 0}
   */
  public static int positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be <= " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  /**
   * Checks that a flat row-major array holds {@code rows × cols} finite values.
   *
   * @param name the argument's name, used in the message
   * @param a the array
   * @param rows expected number of rows
   * @param cols expected number of columns
   * @throws IllegalArgumentException if the length differs or a value is NaN or infinite
   */
  public static void finiteMatrix(String name, double[] a, int rows, int cols) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if ((long) rows * cols != a.length) {
      throw new IllegalArgumentException(
          name + " has " + a.length + " values, expected " + rows + " x " + cols);
    }
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new IllegalArgumentException(
            name + " has a non-finite value (" + a[i] + ") at row " + (i / cols) + ", column "
                + (i % cols));
      }
    }
  }

  /**
   * Checks that a float32 matrix has the expected length and only finite values.
   *
   * @param name the argument's name, used in the message
   * @param a the array
   * @param rows expected number of rows
   * @param cols expected number of columns
   * @throws IllegalArgumentException if the length differs or a value is NaN or infinite
   */
  public static void finiteMatrix(String name, float[] a, int rows, int cols) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if ((long) rows * cols != a.length) {
      throw new IllegalArgumentException(
          name + " has " + a.length + " values, expected " + rows + " x " + cols);
    }
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(
            name + " has a non-finite value (" + a[i] + ") at row " + (i / cols) + ", column "
                + (i % cols));
      }
    }
  }

  /**
   * Checks that {@code rows × cols} fits a Java array index.
   *
   * @param name the argument's name, used in the message
   * @param rows number of rows
   * @param cols number of columns
   * @return {@code rows × cols}
   * @throws IllegalArgumentException if the product exceeds {@code Integer.MAX_VALUE - 8}
   */
  public static int product(String name, long rows, long cols) {
    long n = rows * cols;
    if (rows < 0 || cols < 0 || n / Math.max(1, cols) != rows || n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          name + ": " + rows + " x " + cols + " values exceed the largest array this library holds");
    }
    return (int) n;
  }

  /**
   * Fails before an allocation that cannot fit in this JVM's heap.
   *
   * @param what what the memory is for, e.g. "Y = 1000000000"
   * @param bytes bytes the allocation needs
   * @throws IllegalArgumentException naming the need and the limit when {@code bytes} exceeds the
   *     heap the JVM may still use
   */
  public static void memory(String what, long bytes) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (bytes > free) {
      throw new IllegalArgumentException(what + " needs " + size(bytes) + " of memory, but this JVM"
          + " may use only " + size(free) + " more (of " + size(rt.maxMemory()) + "); use a"
          + " smaller size, or give the JVM more heap (e.g. DAM_JAVA_OPTS=-Xmx"
          + Math.max(1, (bytes + rt.maxMemory()) >> 30) + "g for ./dam)");
    }
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30))
        : String.format("%.1f MiB", bytes / (double) (1L << 20));
  }
}
