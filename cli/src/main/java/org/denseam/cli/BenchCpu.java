package org.denseam.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dam bench cpu}: this CPU's limits as the JVM kernels see them, and how GradComp divides
 * its time between generating normals and the matrix products.
 */
@Command(name = "cpu", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "This CPU's limits as the JVM kernels see them: peak FMA rate (one core and"
        + " all cores), normals per second, and the two matrix products of GradComp on one core;"
        + " then how GradComp of B queries divides its time. Rates per second of CPU time.")
final class BenchCpu implements Callable<Integer> {
  @Option(names = "--d", defaultValue = "256", description = "D for normals and products.")
  int d;

  @Option(names = "--b", defaultValue = "256", description = "B for the products.")
  int b;

  @Option(names = "--seconds", defaultValue = "2", description = "Measuring time per figure.")
  double seconds;

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    PrintStream out = System.out;
    double one = org.denseam.backend.jvm.KernelProbe.peakFlops(1, seconds);
    double all = org.denseam.backend.jvm.KernelProbe.peakFlops(cores, seconds);
    double normals = org.denseam.backend.jvm.KernelProbe.normalsPerSecond(d, seconds);
    double[] gemm = org.denseam.backend.jvm.KernelProbe.gemmFlops(d, b, seconds);
    out.printf(Locale.ROOT, "vector lanes (float32): %d; cores: %d%n",
        org.denseam.backend.jvm.KernelProbe.lanes(), cores);
    out.printf(Locale.ROOT, "peak FMA rate: %.1f GFLOP/s on one core, %.1f GFLOP/s on %d%n",
        one * 1e-9, all * 1e-9, cores);
    out.printf(Locale.ROOT, "normals (Philox + Box-Muller, D=%d): %.0f M/s on one core,"
        + " %.2f ns each%n", d, normals * 1e-6, 1e9 / normals);
    out.printf(Locale.ROOT, "one core, D=%d, B=%d: forward H = Omega Z %.1f GFLOP/s (%.0f%% of"
        + " peak), transposed J += S^T Omega %.1f GFLOP/s (%.0f%%)%n", d, b, gemm[0] * 1e-9,
        100 * gemm[0] / one, gemm[1] * 1e-9, 100 * gemm[1] / one);
    // GradComp per projection and query: 2D flops forward + 2D transposed; D normals per
    // projection are shared by the B queries.
    double perNormal = 4.0 * b;
    double tGemm = 2.0 / (gemm[0] + gemm[1]) * perNormal; // seconds per normal's worth of GEMM
    double tRng = 1 / normals;
    out.printf(Locale.ROOT, "GradComp with B=%d does %.0f matrix flops per normal generated:"
        + " per normal %.2f ns of products and %.2f ns of generation (%.0f%% of the time in"
        + " generation); bound from these rates: %.1f GFLOP/s per core (%.0f%% of peak)%n", b,
        perNormal, tGemm * 1e9, tRng * 1e9, 100 * tRng / (tRng + tGemm),
        perNormal / (tGemm + tRng) * 1e-9, 100 * perNormal / (tGemm + tRng) / one);
    return 0;
  }
}
