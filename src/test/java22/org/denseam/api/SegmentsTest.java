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

  @Test
  void aViewIsReadInPlaceAndGivesTheBitsOfTheSameFloatsOnTheHeap() {
    int k = 500, d = 20, b = 4;
    float[] f = new float[k * d];
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (r.nextGaussian() / 4);
    }
    try (Arena arena = Arena.ofShared(); Engine e = DenseAM.open("jvm")) {
      MemorySegment s = arena.allocate(8 + 4L * f.length);
      MemorySegment.copy(f, 0, s, ValueLayout.JAVA_FLOAT_UNALIGNED, 8, f.length);
      Vectors view = Segments.view(s, 8, k, d);
      assertEquals(true, view.float32());
      assertArrayEquals(f, view.toFloatArray());
      Vectors q = Vectors.of(java.util.Arrays.copyOf(f, b * d), b, d);
      assertArrayEquals(e.exactMemory(Vectors.of(f, k, d), 6).gradient(q).toArray(),
          e.exactMemory(view, 6).gradient(q).toArray());
      FeatureStore heap = e.featureMemory(Vectors.of(f, k, d), 6, "sincos", 1024, 2);
      FeatureStore seg = e.featureMemory(view, 6, "sincos", 1024, 2);
      assertArrayEquals(heap.vector(), seg.vector());
      s.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 8 + 4L * (k * d - 1), Float.POSITIVE_INFINITY);
      IllegalArgumentException ex =
          assertThrows(IllegalArgumentException.class, () -> Segments.view(s, 8, k, d));
      assertEquals("vectors has a non-finite value (Infinity) at row " + (k - 1) + ", column "
          + (d - 1), ex.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Segments.view(s, 12, k, d));
    }
  }
}
