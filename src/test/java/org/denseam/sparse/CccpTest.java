package org.denseam.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.denseam.math.Entmax;
import org.junit.jupiter.api.Test;

class CccpTest {
  final SplittableRandom r = new SplittableRandom(31);
  final int n = 10, d = 5, b = 40;
  final double[] x = SparseMemoryTest.sphere(r, n, d);
  final double[] q0 = SparseMemoryTest.gaussian(r, b * d, 0.5);

  @Test
  void fixedStepsEqualsRepeatedUpdates() {
    for (double alpha : new double[] {1, 1.5, 2, 2.5}) {
      SparseMemory m = new SparseMemory(x, n, d, 4, alpha);
      for (int steps : new int[] {0, 1, 3, 25}) {
        double[] q = q0.clone();
        for (int t = 0; t < steps; t++) {
          m.update(q, b, q);
        }
        Cccp.Result res = Cccp.fixedSteps(steps).run(m, q0, b);
        assertArrayEquals(q, res.states(), 0, "alpha " + alpha + ", " + steps + " steps");
        double[] p = new double[b * n];
        m.weights(q, b, p);
        assertArrayEquals(p, res.weights(), 0);
        for (int k = 0; k < b; k++) {
          assertTrue(res.steps()[k] <= steps);
        }
      }
    }
  }

  @Test
  void convergesToFixedPoints() {
    for (double alpha : new double[] {1, 1.5, 2, 2.5}) {
      SparseMemory m = new SparseMemory(x, n, d, 4, alpha);
      Cccp.Result res = Cccp.toConvergence().run(m, q0, b);
      assertTrue(res.notConverged() <= 1, "alpha " + alpha + ": " + res.notConverged() + " not converged");
      double[] next = new double[b * d];
      m.update(res.states(), b, next);
      for (int k = 0; k < b; k++) {
        if (!res.converged()[k]) {
          continue;
        }
        // q* = Xᵀ p* up to the tolerance of the last move.
        for (int j = 0; j < d; j++) {
          assertEquals(res.states()[k * d + j], next[k * d + j], 1e-9);
        }
        if (alpha > 1 && Entmax.supportSize(SparseMemoryTest.row(res.weights(), k, n), 0) == 1) {
          // A one-hot fixed point is a pattern, exactly.
          assertArrayEquals(SparseMemoryTest.row(res.states(), k, d), SparseMemoryTest.row(next, k, d), 0);
        }
      }
    }
  }

  @Test
  void sparseUpdatesOftenStopExactlyAtAPattern() {
    SparseMemory m = new SparseMemory(x, n, d, 4, 2);
    Cccp.Result res = new Cccp(1000, 0).run(m, q0, b);
    int exact = 0;
    for (int k = 0; k < b; k++) {
      if (Entmax.supportSize(SparseMemoryTest.row(res.weights(), k, n), 0) == 1) {
        assertTrue(res.converged()[k], "exact fixed point detected with tol = 0");
        exact++;
      }
    }
    assertTrue(exact > b / 4, "queries retrieving a single pattern: " + exact);
  }

  @Test
  void rejectsBadParameters() {
    assertThrows(IllegalArgumentException.class, () -> new Cccp(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Cccp(1, -1e-3));
    assertThrows(IllegalArgumentException.class, () -> new Cccp(1, Double.NaN));
    SparseMemory m = new SparseMemory(x, n, d, 4, 2);
    assertThrows(IllegalArgumentException.class, () -> Cccp.fixedSteps(1).run(m, new double[d + 1], 1));
    assertThrows(IllegalArgumentException.class, () -> Cccp.fixedSteps(1).run(m, new double[d], 0));
  }
}
