package org.denseam.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Philox4x32-10 against Random123's published known-answer vectors (kat_vectors). */
class PhiloxTest {

  @ParameterizedTest(name = "ctr {0} {1} {2} {3}, key {4} {5}")
  @CsvSource({
    "00000000,00000000,00000000,00000000,00000000,00000000,6627e8d5,e169c58d,bc57ac4c,9b00dbd8",
    "ffffffff,ffffffff,ffffffff,ffffffff,ffffffff,ffffffff,408f276d,41c83b0e,a20bc7c6,6d5451fd",
    "243f6a88,85a308d3,13198a2e,03707344,a4093822,299f31d0,d16cfe09,94fdcceb,5001e420,24126ea1"
  })
  void knownAnswers(String c0, String c1, String c2, String c3, String k0, String k1, String o0,
      String o1, String o2, String o3) {
    int[] out = new int[4];
    Philox4x32.block(hex(c0), hex(c1), hex(c2), hex(c3), hex(k0), hex(k1), out, 0);
    assertArrayEquals(new int[] {hex(o0), hex(o1), hex(o2), hex(o3)}, out);
  }

  @ParameterizedTest
  @CsvSource({"0,1", "1,0", "7,7"})
  void neighbouringCountersDiffer(int a, int b) {
    int[] x = new int[4];
    int[] y = new int[4];
    Philox4x32.block(a, 0, 0, 0, 1, 2, x, 0);
    Philox4x32.block(b, 0, 0, 0, 1, 2, y, 0);
    assertEquals(a == b, java.util.Arrays.equals(x, y));
    assertTrue(a == b || Integer.bitCount(x[0] ^ y[0]) > 4);
  }

  private static int hex(String s) {
    return Integer.parseUnsignedInt(s, 16);
  }
}
