package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChiSquareTest {
  @Test
  void survivalMatchesTables() {
    // 95% quantiles of χ²_k from standard tables.
    assertEquals(0.05, ChiSquare.survival(3.841458820694124, 1), 1e-12);
    assertEquals(0.05, ChiSquare.survival(5.991464547107979, 2), 1e-12);
    assertEquals(0.05, ChiSquare.survival(11.070497693516351, 5), 1e-12);
    assertEquals(0.05, ChiSquare.survival(18.307038053275146, 10), 1e-12);
    // 99.9% quantile of χ²_7.
    assertEquals(0.001, ChiSquare.survival(24.321886347856854, 7), 1e-13);
    // χ²_2 is exponential: P(X ≥ x) = exp(-x/2).
    for (double x : new double[] {0.1, 1, 2, 7.5, 40}) {
      assertEquals(Math.exp(-x / 2), ChiSquare.survival(x, 2), 1e-14 * Math.max(1, Math.exp(-x / 2)));
    }
    assertEquals(1, ChiSquare.survival(0, 3));
    assertEquals(0, ChiSquare.survival(Double.POSITIVE_INFINITY, 3));
  }

  @Test
  void homogeneity() {
    ChiSquare.Test same = ChiSquare.homogeneity(new long[] {10, 20, 30}, new long[] {20, 40, 60}, 5);
    assertEquals(0, same.statistic(), 1e-12);
    assertEquals(2, same.df());
    assertEquals(1, same.pValue(), 1e-12);
    ChiSquare.Test diff = ChiSquare.homogeneity(new long[] {60, 20, 10}, new long[] {10, 20, 60}, 5);
    assertTrue(diff.pValue() < 1e-10, diff.toString());
    // 2x2 table [[30, 10], [20, 20]]: χ² = 80 (30·20 - 10·20)² / (40·40·50·30) = 5.333….
    ChiSquare.Test two = ChiSquare.homogeneity(new long[] {30, 10}, new long[] {20, 20}, 1);
    assertEquals(16.0 / 3, two.statistic(), 1e-12);
    assertEquals(1, two.df());
    // Sparse categories are pooled: the last three hold 1 + 2 + 0 observations.
    ChiSquare.Test pooled = ChiSquare.homogeneity(new long[] {50, 40, 1, 0, 0}, new long[] {45, 45, 0, 2, 0}, 10);
    assertEquals(1, pooled.df());
    assertThrows(IllegalArgumentException.class, () -> ChiSquare.homogeneity(new long[] {1}, new long[] {1, 2}, 1));
    assertThrows(IllegalArgumentException.class, () -> ChiSquare.homogeneity(new long[] {0, 0}, new long[] {1, 2}, 1));
    assertThrows(IllegalArgumentException.class, () -> ChiSquare.homogeneity(new long[] {-1, 3}, new long[] {1, 2}, 1));
  }
}
