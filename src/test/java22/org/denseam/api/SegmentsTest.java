package org.denseam.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class SegmentsTest {
  @Test
  void readsNativeFloatsAndDoublesAndWritesBack() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment f = arena.allocate(4 + 6 * 4);
      MemorySegment d = arena.allocate(6 * 8);
      for (int i = 0; i < 6; i++) {
        f.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4 + 4L * i, i * 0.5f);
        d.set(ValueLayout.JAVA_DOUBLE, 8L * i, -i * 0.25);
      }
      Vectors vf = Segments.floats(f, 4, 2, 3);
      Vectors vd = Segments.doubles(d, 0, 3, 2);
      assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5}, vf.toArray());
      assertEquals(3, vd.count());
      assertEquals(-1.25, vd.get(2, 1));
      MemorySegment out = arena.allocate(6 * 8);
      Segments.copyTo(vf, out, 0);
      assertEquals(2.5, out.getAtIndex(ValueLayout.JAVA_DOUBLE, 5));
      assertThrows(IllegalArgumentException.class, () -> Segments.floats(f, 8, 2, 3));
      f.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 8, Float.NaN);
      assertThrows(IllegalArgumentException.class, () -> Segments.floats(f, 4, 2, 3));
    }
  }

  @Test
  void segmentQueriesDriveAMemory() {
    try (Arena arena = Arena.ofConfined(); Engine e = DenseAM.open("reference")) {
      MemorySegment p = arena.allocate(8L * 4);
      p.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, 1.0);
      p.setAtIndex(ValueLayout.JAVA_DOUBLE, 3, 1.0);
      Memory m = e.exactMemory(Segments.doubles(p, 0, 2, 2), 10);
      double[] g = m.gradient(Segments.doubles(p, 0, 1, 2)).toArray();
      assertEquals(2, g.length);
    }
  }
}
