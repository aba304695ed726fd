package org.denseam.cli;

import picocli.CommandLine.Command;

/**
 * {@code dam bench}: throughput against a NumPy baseline, single-query latency percentiles, and
 * peak memory as the number of stored patterns grows; one class per subcommand ({@link
 * BenchThroughput}, {@link BenchLatency}, {@link BenchMemory}, {@link BenchCpu}), with {@link
 * BenchSupport} and {@link NumpyBaseline}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: throughput (with the NumPy baseline side by side), latency"
        + " percentiles (HdrHistogram) and peak memory versus K.",
    subcommands = {
      BenchThroughput.class,
      BenchLatency.class,
      BenchMemory.class,
      BenchCpu.class
    })
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing benchmark: throughput, latency, memory or cpu");
  }
}
