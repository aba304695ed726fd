package org.denseam.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.denseam.backend.Backend;
import org.denseam.backend.jvm.JvmBackend;
import org.denseam.experiments.BinaryData;

/** What the {@code dam bench} commands share: the backend under test, their data and probes. */
final class BenchSupport {
  private BenchSupport() {}

  /**
   * The backend to measure: {@code --threads N} and {@code --projection-cache MiB} configure the
   * JVM backend.
   *
   * @param name the backend's name
   * @param threads the jvm backend's threads, or null for all cores
   * @param cacheMiB the jvm backend's projection cache in MiB (0: none)
   * @return the opened backend
   * @throws IllegalArgumentException if threads or a cache are given for another backend
   */
  static Backend backend(String name, Integer threads, long cacheMiB) {
    if (threads != null || cacheMiB > 0) {
      if (!name.equals("jvm")) {
        throw new IllegalArgumentException(
            "--threads and --projection-cache apply to the jvm backend only");
      }
      int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      return new JvmBackend(n, cacheMiB << 20);
    }
    return Cli.backend(name);
  }

  /**
   * K random binary patterns in {0, 1/√D}^D (duplicates allowed), from their own stream.
   *
   * @param k number of patterns K
   * @param d dimension D
   * @param seed seed of the stream
   * @return K × D row-major patterns
   */
  static double[] patterns(int k, int d, long seed) {
    return BinaryData.randomPatterns(k, d, new SplittableRandom(seed));
  }

  /**
   * B queries: the stored patterns, cycled, with 10 % of their bits (at least one) flipped.
   *
   * @param pats K × D patterns
   * @param k number of patterns K
   * @param d dimension D
   * @param b number of queries B
   * @param seed seed of the flips' stream
   * @return B × D queries
   */
  static double[] queries(double[] pats, int k, int d, int b, long seed) {
    double[] cycled = new double[Math.multiplyExact(b, d)];
    for (int i = 0; i < b; i++) {
      System.arraycopy(pats, (i % k) * d, cycled, i * d, d);
    }
    return BinaryData.flipBits(cycled, b, d, Math.max(1, d / 10), new SplittableRandom(seed));
  }

  /**
   * Bytes allocated so far by all live threads (HotSpot's per-thread counters).
   *
   * @return the bytes, or 0 where the JVM does not count them
   */
  static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
      long[] ids = t.getAllThreadIds();
      long sum = 0;
      for (long v : t.getThreadAllocatedBytes(ids)) {
        sum += Math.max(0, v);
      }
      return sum;
    }
    return 0;
  }

  /**
   * Peak resident set size of this process (VmHWM).
   *
   * @return KiB, or -1 where /proc is absent
   */
  static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /**
   * The median of some times.
   *
   * @param v the values, not modified
   * @return the middle value, or the mean of the two middle ones
   */
  static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
