package org.denseam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NPY header grammar, rule by rule, with the message of each refusal. */
class NpyHeaderTest {
  @TempDir Path dir;

  private static final String F = "'fortran_order': False";

  private static NpyHeader ok(String text) {
    return NpyHeader.parse(text, 1);
  }

  private static String refused(String text) {
    return refused(text, 1);
  }

  private static String refused(String text, int major) {
    String m = assertThrows(IllegalArgumentException.class, () -> NpyHeader.parse(text, major))
        .getMessage();
    assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
    return m;
  }

  @Test
  void readsWhatNumpyWrites() {
    NpyHeader h = ok("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"
        + " ".repeat(50) + "\n");
    assertEquals("<f8", h.descr());
    assertFalse(h.fortranOrder());
    assertArrayEquals(new long[] {3, 4}, h.shape());
    assertEquals(8, h.floatWidth());
    assertEquals(ByteOrder.LITTLE_ENDIAN, h.order());
    assertArrayEquals(new long[] {3}, ok("{'descr': '>f4', " + F + ", 'shape': (3,), }").shape());
    assertEquals(ByteOrder.BIG_ENDIAN, ok("{'descr': '>f4', " + F + ", 'shape': (3,)}").order());
    assertArrayEquals(new long[0], ok("{'descr': '<f4', " + F + ", 'shape': ()}").shape());
  }

  @Test
  void acceptsPythonsSpellings() {
    // double quotes, no spaces, any key order, no trailing comma
    assertArrayEquals(new long[] {2, 3},
        ok("{\"shape\":(2,3),\"descr\":\"<f4\",\"fortran_order\":True}").shape());
    // newlines, tabs, CR and form feeds between tokens; trailing commas everywhere
    assertArrayEquals(new long[] {2, 3}, ok("\t {\n'descr'\t:\r\n'<f8' ,\f" + F
        + " ,\n 'shape' : ( 2 , 3 , ) ,\n}\f\n\n  \n").shape());
    // parentheses around a value are the value itself; around the whole dict too
    NpyHeader p = ok("({'descr': ('<f8'), 'fortran_order': (False), 'shape': ((2, 3))})");
    assertArrayEquals(new long[] {2, 3}, p.shape());
    // signs, repeated zeros
    assertArrayEquals(new long[] {2, 0}, ok("{'descr': '<f8', " + F + ", 'shape': (+2, 00)}")
        .shape());
    // dtype without a byte order, or with = or |: the machine's order, as NumPy reads it
    for (String d : new String[] {"f8", "=f8", "|f8"}) {
      NpyHeader h = ok("{'descr': '" + d + "', " + F + ", 'shape': (1,)}");
      assertEquals(8, h.floatWidth());
      assertEquals(ByteOrder.nativeOrder(), h.order());
    }
  }

  @Test
  void aRepeatedKeyTakesItsLastValueAsPythonDoes() {
    NpyHeader h = ok("{'descr': '<i4', 'shape': (5,), 'fortran_order': True, 'descr': '<f8',"
        + " 'shape': (2, 3), 'fortran_order': False}");
    assertEquals("<f8", h.descr());
    assertFalse(h.fortranOrder());
    assertArrayEquals(new long[] {2, 3}, h.shape());
    assertArrayEquals(new long[] {7},
        ok("{'descr': '<f8', " + F + ", 'shape': (2, 3), \"shape\": (7,)}").shape());
  }

  @Test
  void python2LongsOnlyInVersions1And2() {
    assertArrayEquals(new long[] {3, 4},
        NpyHeader.parse("{'descr': '<f8', " + F + ", 'shape': (3L, 4L), }", 1).shape());
    assertArrayEquals(new long[] {3, 4},
        NpyHeader.parse("{'descr': '<f8', " + F + ", 'shape': (3L, 4L), }", 2).shape());
    assertEquals("bad shape entry '3L'",
        refused("{'descr': '<f8', " + F + ", 'shape': (3L, 4), }", 3));
    assertEquals("bad shape entry '3l'", refused("{'descr': '<f8', " + F + ", 'shape': (3l,)}"));
  }

  @Test
  void refusesAnythingButADict() {
    assertEquals("header is not a dict literal: it holds a tuple ('<f8', False, (3,))",
        refused("('<f8', False, (3,))"));
    assertEquals("header is not a dict literal: it holds a list ['descr']", refused("['descr']"));
    assertEquals("header is not a dict literal: it holds a string 'descr'", refused("'descr'"));
    assertEquals("header is not a dict literal as NumPy writes it: expected ':' after a dict"
        + " key, found ',' at character 8", refused("{'descr', 'shape'}"));
    assertEquals("header is empty: it holds no dict", refused(""));
    assertEquals("header is empty: it holds no dict", refused("  \t \n  \n"));
    assertEquals("header is not a dict literal as NumPy writes it: the header ends where a value"
        + " is expected at character 10", refused("{'descr': "));
  }

  @Test
  void refusesTextAfterTheDict() {
    String d = "{'descr': '<f8', " + F + ", 'shape': (3,)}";
    assertEquals("header is not a dict literal as NumPy writes it: text after the end of the"
        + " header dict at character 56", refused(d + " x"));
    assertTrue(refused(d + "}").contains("text after the end of the header dict"));
    assertTrue(refused(d + ",").contains("text after the end of the header dict"));
    assertTrue(refused(d + "\n\0").contains("text after the end of the header dict"));
  }

  @Test
  void refusesBrokenSyntaxWithOneLine() {
    String s = "'descr': '<f8', " + F;
    assertTrue(refused("{" + s + ", 'shape': (3,)").contains("the header ends where ',' or '}'"
        + " in the dict is expected"));
    assertTrue(refused("{" + s + ", 'shape': (3 4)}").contains("expected ',' or ')' in the tuple,"
        + " found '4'"));
    assertTrue(refused("{" + s + ",, 'shape': (3,)}").contains("unexpected character ','"));
    assertTrue(refused("{,}").contains("unexpected character ','"));
    assertTrue(refused("{" + s + ", 'shape': (,)}").contains("unexpected character ','"));
    assertTrue(refused("{'descr': '<f8\n', " + F + ", 'shape': (3,)}")
        .contains("unterminated string at character 10"));
    assertTrue(refused("{'descr': '<f8', 'fortran_order': false, 'shape': (3,)}")
        .contains("'false' is not a literal"));
    assertTrue(refused("{" + s + ", 'shape': (3,)\u000b}").contains("found U+000B"));
    assertTrue(refused("{" + s + ", 'shape': (3,)\0}").contains("found U+0000"));
    assertTrue(refused("{" + s + ", 'shape': (-(3),)}").contains("a sign not followed by a"
        + " number"));
    assertTrue(refused("{" + s + ", 'shape': (3,)} # saved by hand")
        .contains("text after the end"));
    assertTrue(refused("{" + s + ", # comment\n 'shape': (3,)}").contains("a comment"));
    assertTrue(refused("{" + s + ", \\\n 'shape': (3,)}").contains("a line continuation"));
  }

  @Test
  void refusesPythonSpellingsNumpyNeverWrites() {
    String s = F + ", 'shape': (3,)";
    assertTrue(refused("\n{'descr': '<f8', " + s + "}").contains("starts with a line break"));
    assertTrue(refused("{'descr': u'<f8', " + s + "}").contains("string prefix u"));
    assertTrue(refused("{'descr': '\\x3cf8', " + s + "}").contains("a backslash escape"));
    assertTrue(refused("{'descr': '<' 'f8', " + s + "}").contains("adjacent strings"));
    assertTrue(refused("{'descr': '''<f8''', " + s + "}").contains("triple-quoted"));
    assertEquals("bad shape entry '0x3'", refused("{'descr': '<f8', " + F + ", 'shape': (0x3,)}"));
    assertEquals("bad shape entry '1_0'", refused("{'descr': '<f8', " + F + ", 'shape': (1_0,)}"));
    assertEquals("bad shape entry 'True'",
        refused("{'descr': '<f8', " + F + ", 'shape': (True, 3)}"));
    String deep = "(".repeat(40) + "3," + ")".repeat(40);
    assertTrue(refused("{'descr': '<f8', " + F + ", 'shape': " + deep + "}")
        .contains("nested deeper than 32 levels"));
    String veryDeep = "[".repeat(60000);
    assertTrue(refused(veryDeep).contains("nested deeper than 32 levels"));
  }

  @Test
  void refusesOtherKeysAndMissingKeys() {
    assertEquals("header has an unexpected key 'extra': an NPY header holds exactly 'descr',"
        + " 'fortran_order' and 'shape'",
        refused("{'descr': '<f8', " + F + ", 'shape': (3,), 'extra': 1}"));
    assertTrue(refused("{'descr': '<f8', " + F + ", 'Shape': (3,)}")
        .startsWith("header has an unexpected key 'Shape'"));
    assertTrue(refused("{'descr': '<f8', " + F + ", 'shape': (3,), 1: 2}")
        .startsWith("header has a key that is not a string: 1"));
    assertEquals("header has no 'descr'", refused("{" + F + ", 'shape': (3,)}"));
    assertEquals("header has no 'fortran_order'", refused("{'descr': '<f8', 'shape': (3,)}"));
    assertEquals("header has no 'shape'", refused("{'descr': '<f8', " + F + "}"));
    assertEquals("header has no 'descr'", refused("{}"));
  }

  @Test
  void checksEachValueAsNumpyDoes() {
    String tail = ", " + F + ", 'shape': (3,)}";
    assertEquals("structured dtype is not supported: use float32 or float64",
        refused("{'descr': [('a', '<f8'), ('b', '<i4')]" + tail));
    assertEquals("subarray dtype ('<f8', (2,)) is not supported: use float32 or float64",
        refused("{'descr': ('<f8', (2,))" + tail));
    assertEquals("descr 5 is not a dtype string", refused("{'descr': 5" + tail));
    assertEquals("descr None is not a dtype string", refused("{'descr': None" + tail));
    String d = "{'descr': '<f8', 'shape': (3,), 'fortran_order': ";
    assertEquals("fortran_order is not True or False: 0", refused(d + "0}"));
    assertEquals("fortran_order is not True or False: 'False'", refused(d + "'False'}"));
    assertEquals("fortran_order is not True or False: None", refused(d + "None}"));
    String s = "{'descr': '<f8', " + F + ", 'shape': ";
    assertEquals("shape (3) is not a tuple (a 1-D shape is written (n,))", refused(s + "(3)}"));
    assertEquals("shape 3 is not a tuple (a 1-D shape is written (n,))", refused(s + "3}"));
    assertEquals("shape [2, 3] is not a tuple", refused(s + "[2, 3]}"));
    assertEquals("shape '(2, 3)' is not a tuple", refused(s + "'(2, 3)'}"));
    assertEquals("bad shape entry '2.0'", refused(s + "(2.0, 3)}"));
    assertEquals("bad shape entry '1e3'", refused(s + "(1e3,)}"));
    assertEquals("bad shape entry 'None'", refused(s + "(2, None)}"));
    assertEquals("bad shape entry '(2,)'", refused(s + "((2,), 3)}"));
    assertEquals("bad shape entry '007'", refused(s + "(007,)}"));
    assertEquals("negative dimension -2", refused(s + "(-2, 3)}"));
    assertEquals("negative dimension -2", refused(s + "(- 2, 3)}"));
    assertEquals("dimension 9223372036854775808 is too large: it exceeds a 64-bit integer",
        refused(s + "(9223372036854775808,)}"));
    assertArrayEquals(new long[] {Long.MAX_VALUE},
        ok(s + "(9223372036854775807,)}").shape());
  }

  @Test
  void dtypeMessagesAreTheEarlierOnes() {
    String tail = "', " + F + ", 'shape': (3,)}";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ok("{'descr': '<i4" + tail).floatWidth());
    assertEquals("dtype 'i4' is not supported: use float32 or float64", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ok("{'descr': '|O" + tail).floatWidth());
    assertEquals("dtype '|O' is not supported: use float32 or float64", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ok("{'descr': 'float64" + tail).floatWidth());
    assertEquals("dtype 'float64' is not supported: use float32 or float64", e.getMessage());
  }

  @Test
  void quotedHeaderTextIsOneShortLine() {
    String m = refused("{'descr': '<f8', " + F + ", 'shape': ('a\tb\u2028c" + "x".repeat(100)
        + "',)}");
    assertTrue(m.startsWith("bad shape entry ''a\\x09b\\u2028cxxx"), m);
    assertTrue(m.endsWith("...'"), m);
    assertTrue(m.length() < 80, m);
  }

  @Test
  void thePublicApiParsesWithTheSameGrammar() {
    org.denseam.api.NpyFile.HeaderDict h = org.denseam.api.NpyFile.parseHeader(
        "{'descr': '>f4', " + F + ", 'shape': (2, 3), 'shape': (4, 5)}", 1);
    assertArrayEquals(new long[] {4, 5}, h.shape());
    assertEquals(4, h.width());
    assertTrue(h.bigEndian());
    assertFalse(h.fortranOrder());
    assertEquals("dtype 'i8' is not supported: use float32 or float64",
        assertThrows(IllegalArgumentException.class, () -> org.denseam.api.NpyFile.parseHeader(
            "{'descr': '<i8', " + F + ", 'shape': (2, 3)}", 1)).getMessage());
    assertEquals("header has no 'shape'", assertThrows(IllegalArgumentException.class,
        () -> org.denseam.api.NpyFile.parseHeader("{'descr': '<f8', " + F + "}", 3))
        .getMessage());
  }

  @Test
  void thePublicApiAcceptsUint8OnlyWhenAsked() {
    for (String d : new String[] {"|u1", "u1", "<u1", ">u1", "=u1"}) {
      org.denseam.api.NpyFile.HeaderDict h = org.denseam.api.NpyFile.parseHeader(
          "{'descr': '" + d + "', " + F + ", 'shape': (2, 3, 4)}", 1, true);
      assertArrayEquals(new long[] {2, 3, 4}, h.shape(), d);
      assertEquals(1, h.width(), d);
      assertFalse(h.bigEndian(), d);
    }
    assertEquals(8, org.denseam.api.NpyFile.parseHeader(
        "{'descr': '>f8', " + F + ", 'shape': (2,)}", 1, true).width());
    assertEquals("dtype 'u1' is not supported: use float32 or float64",
        assertThrows(IllegalArgumentException.class, () -> org.denseam.api.NpyFile.parseHeader(
            "{'descr': '|u1', " + F + ", 'shape': (2, 3)}", 1, false)).getMessage());
    assertEquals("dtype 'i4' is not supported: use float32, float64 or uint8",
        assertThrows(IllegalArgumentException.class, () -> org.denseam.api.NpyFile.parseHeader(
            "{'descr': '<i4', " + F + ", 'shape': (2, 3)}", 1, true)).getMessage());
    assertEquals("dtype 'u2' is not supported: use float32, float64 or uint8",
        assertThrows(IllegalArgumentException.class, () -> org.denseam.api.NpyFile.parseHeader(
            "{'descr': '<u2', " + F + ", 'shape': (2, 3)}", 1, true)).getMessage());
  }

  @Test
  void npyNamesTheFileInEveryNewRefusal() throws IOException {
    String[] headers = {
      "{'descr': '<f8', " + F + ", 'shape': (2,), 'shape': (1,)}",
      "{'descr': '<f8', " + F + ", 'shape': (2,), 'extra': 0}",
      "('<f8', False, (2,))",
      "{'descr': '<f8', " + F + ", 'shape': (2,)} trailing",
      "{'descr': '<f8', " + F + ", 'shape': (2)}",
    };
    String[] expected = {
      "size mismatch: shape (1,) needs 8 data bytes, the file has 16",
      "header has an unexpected key 'extra'",
      "header is not a dict literal: it holds a tuple",
      "text after the end of the header dict",
      "shape (2) is not a tuple",
    };
    for (int i = 0; i < headers.length; i++) {
      Path p = dir.resolve("h" + i + ".npy");
      Files.write(p, NpyTest.file(1, headers[i], new byte[16]));
      String m = assertThrows(IOException.class, () -> Npy.read(p)).getMessage();
      assertTrue(m.startsWith(p + ": "), m);
      assertTrue(m.contains(expected[i]), m);
    }
    Path good = dir.resolve("dup.npy");
    Files.write(good, NpyTest.file(1,
        "{'descr': '<f8', " + F + ", 'shape': (1,), 'shape': (2,)}", new byte[16]));
    assertEquals(2, Npy.header(good).cols());
  }
}
