package org.denseam.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The paper's error measures (eq. 14, eq. 15, random guess) on small cases worked out by hand. */
class MetricsTest {
  static final double EPS = 1e-12;

  @Test
  void maeOfEnergiesIsTheMeanAbsoluteDifference() {
    // |1 - 1.5| = 0.5, |2 - 1| = 1, |-3 - -3| = 0: mean 0.5.
    double[] e = {1, 2, -3};
    double[] eHat = {1.5, 1, -3};
    assertArrayEquals(new double[] {0.5, 1, 0}, Metrics.energyErrors(e, eHat), EPS);
    assertEquals(0.5, Metrics.maeEnergy(e, eHat), EPS);
    assertThrows(IllegalArgumentException.class, () -> Metrics.maeEnergy(e, new double[2]));
  }

  @Test
  void maeOfGradientsAveragesEuclideanNormsNotEntries() {
    // Query 0: difference (3, 4) has norm 5; query 1: no difference. Mean of norms 2.5, whereas
    // the mean absolute entry would be 7/4.
    double[] g = {0, 0, 1, 1};
    double[] gHat = {3, 4, 1, 1};
    assertArrayEquals(new double[] {5, 0}, Metrics.gradientErrors(g, gHat, 2), EPS);
    assertEquals(2.5, Metrics.maeGradient(g, gHat, 2), EPS);
    // Sign does not matter: (-3, -4) is as far.
    assertEquals(2.5, Metrics.maeGradient(new double[] {-3, -4, 0, 0}, new double[4], 2), EPS);
    assertThrows(IllegalArgumentException.class,
        () -> Metrics.maeGradient(new double[3], new double[3], 2));
  }

  @Test
  void binarisationThresholdsAtHalfOfOneOverRootD() {
    // D = 4: 1/√D = 0.5, threshold 0.25 (inclusive).
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0, 0.5},
        Metrics.binarize(new double[] {0.2499, 0.25, 0.6, -1, 7}, 4), EPS);
    // D = 100: 1/√D = 0.1, threshold 0.05.
    assertEquals(0.1, Metrics.binarize(0.05, 100), EPS);
    assertEquals(0.0, Metrics.binarize(0.0499, 100), EPS);
  }

  @Test
  void normalisedHammingErrorCountsDifferingBitsOverD() {
    // D = 4, threshold 0.25. Query 0: x* bits 1 0 1 0, x̂* bits 0 1 0 0: three differ,
    // Δ_H = (1/√4) · 3 · (1/√4) = 3/4. Query 1: values differ but binarise alike: Δ_H = 0.
    double[] x = {0.30, 0.10, 0.40, 0.00, 0.26, 0.9, 0.0, 0.1};
    double[] xHat = {0.20, 0.30, 0.10, 0.00, 0.70, 0.3, 0.2, 0.0};
    assertArrayEquals(new double[] {0.75, 0}, Metrics.hammingErrors(x, xHat, 4), EPS);
    assertEquals(0.375, Metrics.hammingError(x, xHat, 4), EPS);
    // Complementary binary vectors differ everywhere: Δ_H = 1.
    double[] a = {0.5, 0, 0.5, 0};
    double[] b = {0, 0.5, 0, 0.5};
    assertEquals(1.0, Metrics.hammingError(a, b, 4), EPS);
  }

  @Test
  void hammingErrorOfRandomBitsIsAboutTheRandomGuess() {
    int d = 64;
    int n = 2000;
    SplittableRandom r = new SplittableRandom(3);
    double[] a = BinaryData.randomPatterns(n, d, r);
    double[] b = BinaryData.randomPatterns(n, d, r);
    double h = Metrics.hammingError(a, b, d);
    // Mean of n·D fair coin flips: standard deviation 0.5/√(n·D) ≈ 0.0014.
    assertEquals(Metrics.HAMMING_RANDOM_GUESS, h, 0.01);
  }

  @Test
  void randomGuessComparesReferenceEnergiesWithGuessEnergies() {
    // MrDAM at the stored patterns vs DrDAM at unrelated random queries.
    double[] eRef = {-0.1, -0.2};
    double[] eGuess = {0.3, 0.0};
    assertEquals((0.4 + 0.2) / 2, Metrics.randomGuessEnergy(eRef, eGuess), EPS);
    double[] gRef = {0, 0, 0, 0};
    double[] gGuess = {6, 8, 0, 1};
    assertEquals((10 + 1) / 2.0, Metrics.randomGuessGradient(gRef, gGuess, 2), EPS);
  }

  @Test
  void randomGuessLevelIsTheLargestPerBetaMeanOverY() {
    // β rows: means 2, 3 and 0.5 → level 3; a NaN entry (overflow) is skipped.
    double[][] guess = {{1, 3}, {4, 2}, {0.5, 0.5}};
    assertEquals(3, Metrics.randomGuessLevel(guess), EPS);
    assertEquals(3, Metrics.randomGuessLevel(new double[][] {{1, 3}, {Double.NaN, 3}}), EPS);
    assertTrue(Double.isNaN(Metrics.randomGuessLevel(new double[][] {{Double.NaN}})));
  }

  @Test
  void summaryHasPopulationStandardErrorOfTheMean() {
    // Values 1, 3: mean 2, population sd 1, standard error 1/√2.
    Metrics.Summary s = Metrics.summarize(new double[] {1, 3});
    assertEquals(2, s.mean(), EPS);
    assertEquals(1 / Math.sqrt(2), s.stderr(), EPS);
    assertEquals(2, s.n());
  }

  @Test
  void boundConstantIsFittedByLeastSquaresInLogSpace() {
    // Exact c·√(D/Y) with c = 2 is recovered.
    double d = 30;
    double[] y = {1000, 4000, 16000};
    double[] err = new double[3];
    for (int i = 0; i < 3; i++) {
      err[i] = 2 * Math.sqrt(d / y[i]);
    }
    assertEquals(2, Metrics.fitBoundConstant(y, err, v -> Math.sqrt(d / v)), 1e-12);
    // With errors off by factors 2 and 1/2 the log-space fit is the geometric mean: c = 1.
    double[] shape = {1, 1};
    assertEquals(1, Metrics.fitBoundConstant(shape, new double[] {2, 0.5}, v -> v), 1e-12);
    // Zero and NaN errors are left out.
    assertEquals(4, Metrics.fitBoundConstant(new double[] {1, 1, 1},
        new double[] {4, 0, Double.NaN}, v -> v), 1e-12);
  }

  @Test
  void binaryDataIsDistinctAndFlipsExactlyTheRequestedBits() {
    int d = 10;
    double one = BinaryData.one(d);
    double[] p = BinaryData.uniquePatterns(300, d, new SplittableRandom(1));
    Set<String> rows = new HashSet<>();
    for (int r = 0; r < 300; r++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < d; i++) {
        double v = p[r * d + i];
        assertTrue(v == 0 || v == one);
        sb.append(v > 0 ? '1' : '0');
      }
      rows.add(sb.toString());
    }
    assertEquals(300, rows.size());
    double[] q = BinaryData.flipBits(p, 300, d, BinaryData.flipCount(0.1, d),
        new SplittableRandom(2));
    for (int r = 0; r < 300; r++) {
      int diff = 0;
      for (int i = 0; i < d; i++) {
        diff += p[r * d + i] != q[r * d + i] ? 1 : 0;
      }
      assertEquals(1, diff);
    }
    assertEquals(10, BinaryData.flipCount(0.1, 100));
    assertEquals(3, BinaryData.flipCount(0.1, 30));
    assertThrows(IllegalArgumentException.class,
        () -> BinaryData.uniquePatterns(600, 10, new SplittableRandom(1)));
    assertNotEquals(BinaryData.seed(1, 30, 1), BinaryData.seed(1, 100, 1));
  }

  @Test
  void fig6NormalisationMapsTheDataOntoTheBox() {
    Fig6.Data data = new Fig6.Data("t", new double[] {2, 4, 6, 10}, 2, 2);
    double[] x = Fig6.normalise(data);
    double one = 1 / Math.sqrt(2);
    assertArrayEquals(new double[] {0, 0.25 * one, 0.5 * one, one}, x, EPS);
    assertThrows(IllegalArgumentException.class,
        () -> Fig6.normalise(new Fig6.Data("c", new double[] {3, 3}, 1, 2)));
  }
}
