package org.denseam.cli;

import org.denseam.api.FeatureSpec;
import picocli.CommandLine.Option;

/**
 * The grid of the figures over Y on binary patterns ({@code dam experiment fig3} and {@code
 * fig4a}): K, queries per set, D, β, Y and the basis. An option left out keeps the value of the
 * figure's scale preset. The descriptions, whose defaults differ between the figures, are in the
 * resource bundle {@code org/denseam/cli/Figures.properties}, keyed by command.
 */
final class GridOptions {
  @Option(names = "--k", paramLabel = "K", descriptionKey = "k")
  Integer k;

  @Option(names = "--queries", paramLabel = "B", descriptionKey = "queries")
  Integer queries;

  @Option(names = "--dims", paramLabel = "D,...", split = ",", descriptionKey = "dims")
  int[] dims;

  @Option(names = "--betas", paramLabel = "B,...", split = ",", descriptionKey = "betas")
  double[] betas;

  @Option(names = "--ys", paramLabel = "Y,...", split = ",", descriptionKey = "ys")
  int[] ys;

  @Option(names = "--features", paramLabel = "F", descriptionKey = "features")
  String features;

  /** K, or the preset's. */
  int k(int preset) {
    return k != null ? k : preset;
  }

  /** Queries per set, or the preset's, at most K. */
  int queries(int preset, int k) {
    return queries != null ? queries : Math.min(preset, k);
  }

  /** The dimensions D, or the preset's. */
  int[] dims(int[] preset) {
    return dims != null ? dims : preset;
  }

  /** The inverse temperatures β, or the preset's. */
  double[] betas(double[] preset) {
    return betas != null ? betas : preset;
  }

  /** The feature dimensions Y, or the preset's. */
  int[] ys(int[] preset) {
    return ys != null ? ys : preset;
  }

  /** The basis, or the preset's. */
  String basis(String preset) {
    return features != null ? FeatureSpec.basisName(features) : preset;
  }
}
