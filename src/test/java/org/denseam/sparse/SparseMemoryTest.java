package org.denseam.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.denseam.math.Entmax;
import org.denseam.math.Tsallis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparseMemoryTest {
  static double[] gaussian(SplittableRandom r, int n, double scale) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = scale * r.nextGaussian();
    }
    return a;
  }

  /** N patterns uniform on the unit sphere of R^D. */
  static double[] sphere(SplittableRandom r, int n, int d) {
    double[] x = gaussian(r, n * d, 1);
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += x[i * d + j] * x[i * d + j];
      }
      for (int j = 0; j < d; j++) {
        x[i * d + j] /= Math.sqrt(s);
      }
    }
    return x;
  }

  static double dot(double[] a, int ao, double[] b, int bo, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      s += a[ao + j] * b[bo + j];
    }
    return s;
  }

  static double[] row(double[] a, int r, int d) {
    double[] out = new double[d];
    System.arraycopy(a, r * d, out, 0, d);
    return out;
  }

  @Test
  void validatesLikeExactMemory() {
    double[] x = {1, 0, 0, 1};
    assertThrows(IllegalArgumentException.class, () -> new SparseMemory(x, 2, 2, 0, 2));
    assertThrows(IllegalArgumentException.class, () -> new SparseMemory(x, 2, 2, Double.NaN, 2));
    assertThrows(IllegalArgumentException.class, () -> new SparseMemory(x, 2, 2, 1, 0.9));
    assertThrows(IllegalArgumentException.class, () -> new SparseMemory(x, 2, 2, 1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new SparseMemory(x, 3, 2, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> new SparseMemory(x, 0, 2, 1, 2));
    assertThrows(IllegalArgumentException.class, () -> new SparseMemory(null, 2, 2, 1, 2));
    assertThrows(IllegalArgumentException.class,
        () -> new SparseMemory(new double[] {1, Double.NaN, 0, 1}, 2, 2, 1, 2));
    SparseMemory m = new SparseMemory(x, 2, 2, 1, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.update(new double[] {1, 2, 3}, 1, new double[2]));
    assertTrue(e.getMessage().contains("queries"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> m.energy(new double[] {Double.POSITIVE_INFINITY, 0}, 1, new double[1]));
    assertThrows(IllegalArgumentException.class, () -> m.weights(new double[] {1, 0}, 1, new double[3]));
    // Copied on construction.
    x[0] = 5;
    assertEquals(1, m.patterns()[0]);
  }

  @Test
  void weightsAndUpdateFollowEquation8() {
    SplittableRandom r = new SplittableRandom(21);
    int n = 9, d = 4, b = 5;
    double[] x = gaussian(r, n * d, 1);
    double[] q = gaussian(r, b * d, 1);
    for (double alpha : new double[] {1, 1.33, 1.5, 2, 3}) {
      SparseMemory m = new SparseMemory(x, n, d, 1.7, alpha);
      double[] p = new double[b * n];
      m.weights(q, b, p);
      double[] out = new double[b * d];
      m.update(q, b, out);
      for (int k = 0; k < b; k++) {
        double[] theta = new double[n];
        for (int i = 0; i < n; i++) {
          theta[i] = 1.7 * dot(x, i * d, q, k * d, d);
        }
        double[] expected = new double[n];
        Entmax.apply(alpha, theta, expected);
        assertArrayEquals(expected, row(p, k, n), 1e-15);
        for (int j = 0; j < d; j++) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += expected[i] * x[i * d + j];
          }
          assertEquals(s, out[k * d + j], 1e-14);
        }
      }
      double[] inPlace = q.clone();
      m.update(inPlace, b, inPlace);
      assertArrayEquals(out, inPlace, 0);
    }
  }

  @Test
  void energyAtAlphaOneIsRamsauersEquation1() {
    // E(q) = -lse(β, Xq) + ½ qᵀq + β⁻¹ log N + ½ M².
    SplittableRandom r = new SplittableRandom(22);
    int n = 7, d = 3, b = 6;
    double beta = 2.5;
    double[] x = gaussian(r, n * d, 1.3);
    double[] q = gaussian(r, b * d, 1);
    SparseMemory m = new SparseMemory(x, n, d, beta, 1);
    double[] e = new double[b];
    m.energy(q, b, e);
    double m2 = 0;
    for (int i = 0; i < n; i++) {
      m2 = Math.max(m2, dot(x, i * d, x, i * d, d));
    }
    for (int k = 0; k < b; k++) {
      double max = Double.NEGATIVE_INFINITY;
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = beta * dot(x, i * d, q, k * d, d);
        max = Math.max(max, a[i]);
      }
      double sum = 0;
      for (double v : a) {
        sum += Math.exp(v - max);
      }
      double lse = (max + Math.log(sum)) / beta;
      double expected = -lse + 0.5 * dot(q, k * d, q, k * d, d) + Math.log(n) / beta + 0.5 * m2;
      assertEquals(expected, e[k], 1e-12);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 1.25, 1.5, 2, 4})
  void energyNeverIncreasesAlongCccpAndObeysProposition1(double alpha) {
    SplittableRandom r = new SplittableRandom(23);
    int n = 12, d = 6, b = 20;
    for (double beta : new double[] {0.5, 2, 8}) {
      double[] x = gaussian(r, n * d, 1);
      double[] q = gaussian(r, b * d, 1.5);
      SparseMemory m = new SparseMemory(x, n, d, beta, alpha);
      double big = Math.min(2 * m.maxNorm() * m.maxNorm(),
          -Tsallis.uniformNegentropy(alpha, n) / beta + 0.5 * m.maxNorm() * m.maxNorm());
      double[] e = new double[b];
      double[] next = new double[b];
      m.energy(q, b, e);
      boolean decreased = false;
      for (int t = 1; t <= 30; t++) {
        m.update(q, b, q);
        m.energy(q, b, next);
        for (int k = 0; k < b; k++) {
          assertTrue(next[k] <= e[k] + 1e-12 * (1 + Math.abs(e[k])),
              "alpha " + alpha + " beta " + beta + ": E rose from " + e[k] + " to " + next[k]);
          decreased |= next[k] < e[k] - 1e-6;
          // q_t (t ≥ 1) is in the convex hull of the patterns: 0 ≤ E ≤ min(2M², -Ω(1/N)/β + ½M²).
          assertTrue(next[k] >= -1e-12 && next[k] <= big + 1e-12, "E = " + next[k] + " > " + big);
        }
        System.arraycopy(next, 0, e, 0, b);
      }
      assertTrue(decreased, "the dynamics moved");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.33, 1.5, 2, 3})
  void proposition2OneStepRetrievalFromTheMargin(double alpha) {
    // If q0ᵀ(x_i - x_j) ≥ 1/((α-1)β) for all j ≠ i, one update gives exactly x_i.
    SplittableRandom r = new SplittableRandom(24);
    int n = 10, d = 5;
    int cases = 0;
    for (int t = 0; t < 300; t++) {
      double[] x = sphere(r, n, d);
      double[] q0 = gaussian(r, d, 1);
      int i = 0;
      for (int k = 1; k < n; k++) {
        if (dot(x, k * d, q0, 0, d) > dot(x, i * d, q0, 0, d)) {
          i = k;
        }
      }
      double minGap = Double.POSITIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        if (k != i) {
          minGap = Math.min(minGap, dot(x, i * d, q0, 0, d) - dot(x, k * d, q0, 0, d));
        }
      }
      if (minGap < 1e-3) {
        continue;
      }
      double critical = 1 / ((alpha - 1) * minGap); // β at which the condition holds with equality
      SparseMemory above = new SparseMemory(x, n, d, critical * (1.001 + r.nextDouble()), alpha);
      double[] q1 = new double[d];
      above.update(q0, 1, q1);
      assertArrayEquals(row(x, i, d), q1, 0, "one update reaches x_i exactly");
      // Below the condition the weights are not one-hot and the update does not land on x_i.
      SparseMemory below = new SparseMemory(x, n, d, critical * 0.999 * (0.05 + 0.95 * r.nextDouble()), alpha);
      below.update(q0, 1, q1);
      assertFalse(java.util.Arrays.equals(row(x, i, d), q1));
      cases++;
    }
    assertTrue(cases > 100, "cases tested: " + cases);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.33, 1.5, 2, 3})
  void proposition2StationaryPatternsAndEpsilonBall(double alpha) {
    // x_i is a fixed point iff Δ_i = x_iᵀx_i - max_{j≠i} x_iᵀx_j ≥ 1/((α-1)β) (the proof's Δ_i);
    // with unit patterns and Δ_i ≥ 1/((α-1)β) + 2ε, every q0 with ||q0 - x_i|| ≤ ε reaches x_i in
    // one update.
    SplittableRandom r = new SplittableRandom(25);
    int n = 8, d = 16;
    int stationary = 0, moving = 0;
    for (int t = 0; t < 60; t++) {
      double[] x = sphere(r, n, d);
      // Δ_i is about 0.5 here: β spans both sides of Δ_i = 1/((α-1)β).
      double beta = 0.6 * Math.pow(10, r.nextDouble()) / (alpha - 1);
      SparseMemory m = new SparseMemory(x, n, d, beta, alpha);
      for (int i = 0; i < n; i++) {
        double delta = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
          if (k != i) {
            delta = Math.min(delta, dot(x, i * d, x, i * d, d) - dot(x, i * d, x, k * d, d));
          }
        }
        double margin = 1 / ((alpha - 1) * beta);
        if (Math.abs(delta - margin) < 1e-9) {
          continue;
        }
        double[] xi = row(x, i, d);
        double[] q1 = new double[d];
        m.update(xi, 1, q1);
        assertEquals(delta >= margin, java.util.Arrays.equals(xi, q1), "Δ = " + delta + ", margin " + margin);
        if (delta >= margin) {
          stationary++;
          double eps = (delta - margin) / 2 * r.nextDouble();
          double[] dir = gaussian(r, d, 1);
          double norm = Math.sqrt(dot(dir, 0, dir, 0, d));
          double[] q0 = new double[d];
          for (int j = 0; j < d; j++) {
            q0[j] = xi[j] + eps * dir[j] / norm;
          }
          Cccp.Result res = Cccp.fixedSteps(1).run(m, q0, 1);
          assertArrayEquals(xi, res.states(), 0);
          // The weights at x_i are e_i, and the next update confirms the fixed point.
          assertEquals(1, Entmax.supportSize(res.weights(), 0));
          assertEquals(1, res.weights()[i]);
          Cccp.Result conv = new Cccp(10, 0).run(m, q0, 1);
          assertTrue(conv.converged()[0]);
          assertEquals(2, conv.steps()[0]);
        } else {
          moving++;
        }
      }
    }
    assertTrue(stationary > 20 && moving > 20, "stationary " + stationary + ", moving " + moving);
  }
}
