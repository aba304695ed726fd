package org.denseam.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.denseam.cli.Main;

/** Test data, NPY files and in-process CLI runs for the Spark tests. */
final class TestData {
  private TestData() {}

  /** The shared local[2] session of the tests. */
  static SparkSession local() {
    return SparkSupport.session(SparkSupport.conf("local[2]", false));
  }

  /** Gaussian vectors scaled by {@code scale}, rounded to float32 (so NPY float32 holds them exactly). */
  static double[] gaussian(long seed, int rows, int d, double scale) {
    Random r = new Random(seed);
    double[] x = new double[rows * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * scale);
    }
    return x;
  }

  /** Writes rows {@code [from, to)} of a K × D matrix as a float32 NPY file. */
  static void npy(Path file, double[] x, int d, int from, int to) throws IOException {
    double[] part = java.util.Arrays.copyOfRange(x, from * d, to * d);
    byte[] h = NpyShards.header(to - from, d, false, true);
    byte[] v = NpyShards.encode(part, true);
    byte[] all = new byte[h.length + v.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(v, 0, all, h.length, v.length);
    Files.write(file, all);
  }

  /** Splits a K × D matrix into {@code n} NPY shards {@code part-i.npy} of a new directory. */
  static Path shards(Path dir, double[] x, int d, int n) throws IOException {
    Files.createDirectories(dir);
    int k = x.length / d;
    for (int i = 0; i < n; i++) {
      npy(dir.resolve("part-" + i + ".npy"), x, d, (int) ((long) k * i / n),
          (int) ((long) k * (i + 1) / n));
    }
    return dir;
  }

  /** Reads an NPY file written by the CLI (float32 or float64, 1-D or 2-D) as doubles. */
  static double[] read(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int hl = (b[8] & 0xFF) | ((b[9] & 0xFF) << 8);
    String header = new String(b, 10, hl, StandardCharsets.ISO_8859_1);
    boolean f4 = header.contains("<f4");
    ByteBuffer bb = ByteBuffer.wrap(b, 10 + hl, b.length - 10 - hl).order(ByteOrder.LITTLE_ENDIAN);
    double[] out = new double[bb.remaining() / (f4 ? 4 : 8)];
    for (int i = 0; i < out.length; i++) {
      out[i] = f4 ? bb.getFloat() : bb.getDouble();
    }
    return out;
  }

  /** Largest |a - b| over largest |b|. */
  static double relErr(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths " + a.length + " and " + b.length);
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.length; i++) {
      num = Math.max(num, Math.abs(a[i] - b[i]));
      den = Math.max(den, Math.abs(b[i]));
    }
    return num / den;
  }

  /** One in-process run of the {@code dam} CLI. */
  record Run(int code, String out, String err) {}

  static Run dam(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
