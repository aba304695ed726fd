package org.denseam.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.denseam.TestData;
import org.denseam.backend.Similarity;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.memory.ExactMemory;
import org.junit.jupiter.api.Test;

class DescentTest {
  final ReferenceBackend ref = new ReferenceBackend();
  final int k = 20, d = 32;
  final double[] pats = TestData.binary(k, d, 1);
  final ExactMemory m = new ExactMemory(pats, k, d, 40, Similarity.L2);

  @Test
  void energyNeverIncreasesAndRecallsPattern() {
    double[] x = pats.clone();
    double one = 1 / Math.sqrt(d);
    for (int mu = 0; mu < k; mu++) {
      int i = mu * d + (mu % d);
      x[i] = x[i] > 0 ? 0 : one; // flip one bit
    }
    Descent.Result r = new Descent(60, 0.3, 0, null, true).run(m, ref, x, k);
    assertEquals(61, r.trace().size());
    for (int t = 1; t < r.trace().size(); t++) {
      for (int b = 0; b < k; b++) {
        assertTrue(r.trace().get(t)[b] <= r.trace().get(t - 1)[b] + 1e-12, "E rose at step " + t);
      }
    }
    for (int i = 0; i < x.length; i++) {
      assertEquals(pats[i], x[i], 0.02);
    }
  }

  @Test
  void clampedCoordinatesKeepTheirValues() {
    double[] x = TestData.uniform(3 * d, 0, 0.25, 2);
    double[] x0 = x.clone();
    boolean[] mask = new boolean[d];
    for (int i = 0; i < d / 3; i++) {
      mask[i] = true;
    }
    new Descent(10, 0.5, 0, mask, false).run(m, ref, x, 3);
    boolean moved = false;
    for (int b = 0; b < 3; b++) {
      for (int i = 0; i < d; i++) {
        if (mask[i]) {
          assertEquals(x0[b * d + i], x[b * d + i], 0.0);
        } else {
          moved |= x0[b * d + i] != x[b * d + i];
        }
      }
    }
    assertTrue(moved);
  }

  @Test
  void toleranceStopsEarly() {
    double[] x = pats.clone();
    Descent.Result r = new Descent(1000, 0.3, 1e-9, null, false).run(m, ref, x, k);
    for (int s : r.stepsTaken()) {
      assertTrue(s < 1000, "stopped after " + s + " steps");
    }
  }

  @Test
  void rejectsBadParameters() {
    assertThrows(IllegalArgumentException.class, () -> new Descent(-1, 0.1, 0, null, false));
    assertThrows(IllegalArgumentException.class, () -> new Descent(1, 0, 0, null, false));
    assertThrows(IllegalArgumentException.class, () -> new Descent(1, Double.NaN, 0, null, false));
    Descent bad = new Descent(1, 0.1, 0, new boolean[d + 1], false);
    assertThrows(IllegalArgumentException.class, () -> bad.run(m, ref, new double[d], 1));
  }
}
