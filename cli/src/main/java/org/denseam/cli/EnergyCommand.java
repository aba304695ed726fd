package org.denseam.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.denseam.api.NpyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dam energy}: energies of queries. */
@Command(name = "energy", mixinStandardHelpOptions = true,
    description = "Energy of each query: exact MrDAM, or DrDAM with --dim/--store.")
final class EnergyCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(names = "--out", paramLabel = "E.npy", required = true, description = "Energies, length B.")
  Path out;

  @Override
  public Integer call() throws Exception {
    model.checkOutputs("--out", out);
    return model.run((engine, q, vector, m) -> {
      double[] e = m.energy(q);
      Cli.checkFinite("energy", e, 1, "query", m.beta());
      NpyFile.write(out, e, engine.singlePrecision());
    });
  }
}
