package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.denseam.api.RetrieveOptions;
import org.junit.jupiter.api.Test;

/**
 * Table 1 within sampling noise. Our T trials and the paper's 1000 are two samples; if they come
 * from one distribution, Pearson's homogeneity statistic is approximately χ² on (groups - 1)
 * degrees of freedom, so requiring p &gt; 1e-4 in each of the three columns rejects a correct
 * implementation for about 0.03% of seeds (over 200 seeds at T = 400, one of the 600 column tests
 * fell below 1e-3, as expected of a correct implementation). A protocol with a visibly different distribution (one
 * update instead of convergence) must be rejected at the same level, so the test has power at this
 * T.
 */
class Table1Test {
  static final int TRIALS = 400;
  static final long SEED = 2024;
  static final double LEVEL = 1e-4;

  @Test
  void reproducesThePapersDistributionWithinSamplingNoise() {
    Table1.Result r = Table1.run(TRIALS, SEED, Table1.toConvergence());
    for (int c = 0; c < 3; c++) {
      double[] ours = r.percent(c);
      assertEquals(100, Arrays.stream(ours).sum(), 1e-9);
      ChiSquare.Test t = r.homogeneity(c);
      assertTrue(t.pValue() > LEVEL, "alpha " + Table1.alphas()[c] + ": ours " + Arrays.toString(ours)
          + " vs paper " + Arrays.toString(Table1.paperPercent(c)) + ", TV " + r.totalVariation(c)
          + ", " + t);
    }
    // The qualitative claim of the paper: α = 2 retrieves a single pattern most often, α = 1 never.
    assertTrue(r.percent(2)[0] > 50);
    assertEquals(0, r.percent(0)[0]);
  }

  @Test
  void aDifferentProtocolIsRejected() {
    Table1.Result r = Table1.run(TRIALS, SEED, RetrieveOptions.steps(1));
    for (int c = 0; c < 3; c++) {
      ChiSquare.Test t = r.homogeneity(c);
      assertTrue(t.pValue() < LEVEL, "alpha " + Table1.alphas()[c] + ": " + t);
    }
  }

  @Test
  void deterministicForASeed() {
    Table1.Result a = Table1.run(50, 7, Table1.toConvergence());
    Table1.Result b = Table1.run(50, 7, Table1.toConvergence());
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(a.counts()[c], b.counts()[c]);
    }
  }

  @Test
  void paperColumnsAreDistributions() {
    for (int c = 0; c < 3; c++) {
      assertEquals(100, Arrays.stream(Table1.paperPercent(c)).sum(), 0.15); // rounded to 0.1%
    }
  }
}
