package org.denseam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The benchmarks' patterns: one bit per draw of the stream, set bits 1/√D. */
class BinaryPatternsTest {
  @Test
  void oneDrawPerEntryRowByRow() {
    int n = 5, d = 16;
    double[] p = BinaryPatterns.random(n, d, new SplittableRandom(3));
    SplittableRandom rnd = new SplittableRandom(3);
    assertEquals(n * d, p.length);
    for (double v : p) {
      assertEquals(rnd.nextBoolean() ? 0.25 : 0.0, v);
    }
  }
}
