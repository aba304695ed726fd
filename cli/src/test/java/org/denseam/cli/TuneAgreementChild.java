package org.denseam.cli;

import java.nio.file.Path;

/**
 * A child JVM of {@link TuneCommandTest}: computes gradients with the tunables its system
 * properties set, exact (MrDAM) and DrDAM with Gaussian and SORF projections, through {@code dam
 * grad}, into {@code DIR/exact.npy}, {@code DIR/gaussian.npy} and {@code DIR/sorf.npy}.
 */
final class TuneAgreementChild {
  private TuneAgreementChild() {}

  /**
   * Runs the three gradients.
   *
   * @param args DIR, the memories (.npy), the queries (.npy)
   */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    String[][] runs = {
      {"exact"},
      {"gaussian", "--dim", "8192"},
      {"sorf", "--dim", "8192", "--projection", "sorf"}};
    for (String[] run : runs) {
      String[] cmd = new String[9 + run.length - 1];
      String[] base = {"grad", "--memories", args[1], "--queries", args[2], "--beta", "5",
          "--out", dir.resolve(run[0] + ".npy").toString()};
      System.arraycopy(base, 0, cmd, 0, base.length);
      System.arraycopy(run, 1, cmd, base.length, run.length - 1);
      int rc = Main.execute(cmd);
      if (rc != 0) {
        System.exit(rc);
      }
    }
    System.exit(0);
  }
}
