package org.denseam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Adversarial NPY headers, each loaded by NumPy ({@code np.load}) and by {@link Npy#header}: both
 * must accept it with the same shape, or both refuse it, except for the cases listed as
 * {@link Verdict#STRICTER} (NumPy accepts, we refuse on purpose: Python spellings NumPy never
 * writes, or arrays we do not support), where the test checks that NumPy does accept them. Skipped
 * when {@code python3} with NumPy is not installed.
 */
@Execution(ExecutionMode.CONCURRENT)
class NpyNumpyCrossCheckTest {
  @TempDir Path dir;

  enum Verdict {
    SAME,
    STRICTER
  }

  record Case(String name, int version, String header, int dataBytes, Verdict verdict) {}

  private static final String F = "'fortran_order': False";
  private static final String D = "'descr': '<f8'";

  private static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    // accepted by both, with the same shape
    same(c, "numpy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48);
    same(c, "double-quotes", "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2, 3)}", 48);
    same(c, "compact", "{'descr':'<f8','fortran_order':False,'shape':(2,3)}", 48);
    same(c, "whitespace", "\t {\n\t'descr' : '<f8' ,\r\n 'fortran_order':False,\f'shape':( 2 ,3 , ),"
        + "\n}\f\n \n", 48);
    same(c, "key-order", "{'shape': (2, 3), 'descr': '<f8', 'fortran_order': False}", 48);
    same(c, "shape-twice", "{" + D + ", " + F + ", 'shape': (5,), 'shape': (2, 3)}", 48);
    same(c, "shape-twice-1d", "{" + D + ", " + F + ", 'shape': (2, 3), 'shape': (6,)}", 48);
    same(c, "shape-twice-quotes", "{" + D + ", " + F + ", 'shape': (6,), \"shape\": (3, 2)}", 48);
    same(c, "descr-twice", "{'descr': '<i4', " + F + ", 'shape': (2, 3), " + D + "}", 48);
    same(c, "descr-twice-f4", "{" + D + ", " + F + ", 'shape': (2, 3), 'descr': '<f4'}", 24);
    same(c, "fortran-twice", "{" + D + ", 'fortran_order': True, 'shape': (2, 3), " + F + "}", 48);
    same(c, "grouped", "{'descr': ('<f8'), 'fortran_order': (False), 'shape': ((2, 3))}", 48);
    same(c, "grouped-dict", "({" + D + ", " + F + ", 'shape': (2, 3)})", 48);
    same(c, "1d", "{" + D + ", " + F + ", 'shape': (6,)}", 48);
    same(c, "empty-rows", "{" + D + ", " + F + ", 'shape': (0, 3)}", 0);
    same(c, "zeros", "{" + D + ", " + F + ", 'shape': (00, 3)}", 0);
    same(c, "plus", "{" + D + ", " + F + ", 'shape': (+2, 3)}", 48);
    same(c, "big-endian", "{'descr': '>f8', " + F + ", 'shape': (2, 3)}", 48);
    same(c, "f4", "{'descr': '<f4', " + F + ", 'shape': (2, 3)}", 24);
    same(c, "no-order", "{'descr': 'f8', " + F + ", 'shape': (2, 3)}", 48);
    same(c, "native", "{'descr': '=f8', " + F + ", 'shape': (2, 3)}", 48);
    same(c, "pipe", "{'descr': '|f8', " + F + ", 'shape': (2, 3)}", 48);
    same(c, "fortran-1d", "{" + D + ", 'fortran_order': True, 'shape': (6,)}", 48);
    c.add(new Case("python2-long-v1", 1, "{" + D + ", " + F + ", 'shape': (2L, 3L), }", 48,
        Verdict.SAME));
    c.add(new Case("python2-long-v2", 2, "{" + D + ", " + F + ", 'shape': (2L, 3L), }", 48,
        Verdict.SAME));
    c.add(new Case("v3-utf8", 3, "{" + D + ", " + F + ", 'shape': (2, 3), }", 48, Verdict.SAME));
    // refused by both
    c.add(new Case("python2-long-v3", 3, "{" + D + ", " + F + ", 'shape': (2L, 3L), }", 48,
        Verdict.SAME));
    same(c, "lowercase-l", "{" + D + ", " + F + ", 'shape': (2l, 3), }", 48);
    same(c, "tuple", "('<f8', False, (2, 3))", 48);
    same(c, "list", "[" + D + "]", 48);
    same(c, "string", "'{" + D + ", " + F + ", \\'shape\\': (2, 3)}'", 48);
    same(c, "set", "{'descr', 'fortran_order', 'shape'}", 48);
    same(c, "empty-dict", "{}", 48);
    same(c, "empty", "", 48);
    same(c, "no-shape", "{" + D + ", " + F + "}", 48);
    same(c, "no-descr", "{" + F + ", 'shape': (2, 3)}", 48);
    same(c, "no-fortran", "{" + D + ", 'shape': (2, 3)}", 48);
    same(c, "extra-key", "{" + D + ", " + F + ", 'shape': (2, 3), 'extra': 0}", 48);
    same(c, "int-key", "{" + D + ", " + F + ", 'shape': (2, 3), 0: 0}", 48);
    same(c, "key-case", "{" + D + ", " + F + ", 'Shape': (2, 3)}", 48);
    same(c, "key-space", "{" + D + ", " + F + ", 'shape ': (2, 3)}", 48);
    same(c, "bytes-key", "{" + D + ", " + F + ", b'shape': (2, 3)}", 48);
    same(c, "shape-int", "{" + D + ", " + F + ", 'shape': 6}", 48);
    same(c, "shape-parenthesised-int", "{" + D + ", " + F + ", 'shape': (6)}", 48);
    same(c, "shape-list", "{" + D + ", " + F + ", 'shape': [2, 3]}", 48);
    same(c, "shape-string", "{" + D + ", " + F + ", 'shape': '(2, 3)'}", 48);
    same(c, "shape-float", "{" + D + ", " + F + ", 'shape': (2.0, 3)}", 48);
    same(c, "shape-none", "{" + D + ", " + F + ", 'shape': (2, None)}", 48);
    same(c, "shape-negative", "{" + D + ", " + F + ", 'shape': (-2, -3)}", 48);
    same(c, "shape-negative-grouped", "{" + D + ", " + F + ", 'shape': (-(2), -(3))}", 48);
    same(c, "shape-nested", "{" + D + ", " + F + ", 'shape': ((2,), 3)}", 48);
    same(c, "shape-huge", "{" + D + ", " + F + ", 'shape': (99999999999999999999999,)}", 48);
    same(c, "shape-leading-zero", "{" + D + ", " + F + ", 'shape': (02, 3)}", 48);
    same(c, "shape-no-comma", "{" + D + ", " + F + ", 'shape': (2 3)}", 48);
    same(c, "shape-lone-comma", "{" + D + ", " + F + ", 'shape': (,)}", 48);
    same(c, "fortran-int", "{" + D + ", 'fortran_order': 0, 'shape': (2, 3)}", 48);
    same(c, "fortran-string", "{" + D + ", 'fortran_order': 'False', 'shape': (2, 3)}", 48);
    same(c, "fortran-lowercase", "{" + D + ", 'fortran_order': false, 'shape': (2, 3)}", 48);
    same(c, "fortran-none", "{" + D + ", 'fortran_order': None, 'shape': (2, 3)}", 48);
    same(c, "descr-int", "{'descr': 8, " + F + ", 'shape': (2, 3)}", 48);
    same(c, "descr-none", "{'descr': None, " + F + ", 'shape': (2, 3)}", 48);
    same(c, "trailing-text", "{" + D + ", " + F + ", 'shape': (2, 3)} x", 48);
    same(c, "trailing-brace", "{" + D + ", " + F + ", 'shape': (2, 3)}}", 48);
    same(c, "trailing-comma", "{" + D + ", " + F + ", 'shape': (2, 3)},", 48);
    same(c, "trailing-nul", "{" + D + ", " + F + ", 'shape': (2, 3)}\0", 48);
    same(c, "unclosed", "{" + D + ", " + F + ", 'shape': (2, 3)", 48);
    same(c, "double-comma", "{" + D + ",, " + F + ", 'shape': (2, 3)}", 48);
    same(c, "lone-comma", "{,}", 48);
    same(c, "missing-comma", "{" + D + " " + F + ", 'shape': (2, 3)}", 48);
    same(c, "missing-colon", "{'descr' '<f8', " + F + ", 'shape': (2, 3)}", 48);
    same(c, "unterminated-string", "{'descr': '<f8, " + F + ", 'shape': (2, 3)}", 48);
    same(c, "newline-in-string", "{'descr': '<f8\n', " + F + ", 'shape': (2, 3)}", 48);
    same(c, "vertical-tab", "{" + D + ",\u000b" + F + ", 'shape': (2, 3)}", 48);
    same(c, "nbsp", "{" + D + ",\u00a0" + F + ", 'shape': (2, 3)}", 48);
    same(c, "indented-after-newline", "\n  {" + D + ", " + F + ", 'shape': (2, 3)}", 48);
    same(c, "bool-dimension", "{" + D + ", " + F + ", 'shape': (True, 6)}", 48);
    same(c, "subarray", "{'descr': ('<f8', (3,)), " + F + ", 'shape': (2,)}", 48);
    same(c, "size-mismatch", "{" + D + ", " + F + ", 'shape': (2, 4)}", 48);
    // accepted by NumPy, refused here on purpose
    stricter(c, "leading-newline", "\n{" + D + ", " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "comment", "{" + D + ", " + F + ", 'shape': (2, 3)} # by hand", 48);
    stricter(c, "unicode-prefix", "{'descr': u'<f8', " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "escape", "{'descr': '\\x3cf8', " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "adjacent-strings", "{'descr': '<' 'f8', " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "triple-quotes", "{'descr': '''<f8''', " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "hex", "{" + D + ", " + F + ", 'shape': (0x2, 3)}", 48);
    stricter(c, "underscore", "{'descr': '<f4', " + F + ", 'shape': (1_2,)}", 48);
    stricter(c, "continuation", "{" + D + ", \\\n" + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "deep", "{" + D + ", " + F + ", 'shape': " + "(".repeat(40) + "2, 3"
        + ")".repeat(40) + "}", 48);
    stricter(c, "0-d", "{" + D + ", " + F + ", 'shape': ()}", 8);
    stricter(c, "3-d", "{" + D + ", " + F + ", 'shape': (1, 2, 3)}", 48);
    stricter(c, "int-dtype", "{'descr': '<i8', " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "float64-name", "{'descr': 'float64', " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "fortran-2d", "{" + D + ", 'fortran_order': True, 'shape': (2, 3)}", 48);
    stricter(c, "structured", "{'descr': [('a', '<f8')], " + F + ", 'shape': (2, 3)}", 48);
    stricter(c, "structured-2", "{'descr': [('a', '<f4'), ('b', '<f4')], " + F
        + ", 'shape': (6,)}", 48);
    return c;
  }

  private static void same(List<Case> c, String name, String header, int data) {
    c.add(new Case(name, 1, header, data, Verdict.SAME));
  }

  private static void stricter(List<Case> c, String name, String header, int data) {
    c.add(new Case(name, 1, header, data, Verdict.STRICTER));
  }

  @Test
  void agreesWithNumpyOnAdversarialHeaders() throws Exception {
    assumeTrue(numpyAvailable(), "python3 with NumPy is not installed");
    List<Case> cases = cases();
    List<String> command = new ArrayList<>(List.of("python3", "-c", String.join("\n",
        "import sys, warnings",
        "import numpy as np",
        "warnings.simplefilter('ignore')",
        "for p in sys.argv[1:]:",
        "    try:",
        "        a = np.load(p, allow_pickle=False)",
        "        print('ok', tuple(int(n) for n in a.shape) if a.dtype.fields is None",
        "              and a.dtype.subdtype is None else 'other')",
        "    except Exception as e:",
        "        print('refused', type(e).__name__)")));
    for (int i = 0; i < cases.size(); i++) {
      Case k = cases.get(i);
      Path p = dir.resolve(i + "-" + k.name() + ".npy");
      byte[] data = new byte[k.dataBytes()];
      Files.write(p, NpyTest.file(k.version(), k.header(), data));
      command.add(p.toString());
    }
    Process proc = new ProcessBuilder(command).redirectErrorStream(false)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(proc.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, proc.exitValue(), out);
    String[] lines = out.strip().split("\n");
    assertEquals(cases.size(), lines.length, out);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case k = cases.get(i);
      Path p = Path.of(command.get(3 + i));
      String numpy = lines[i].startsWith("ok") ? lines[i].substring(3) : "refused";
      String ours;
      try {
        Npy.Header h = Npy.header(p);
        ours = h.vector() ? "(" + h.cols() + ",)" : "(" + h.rows() + ", " + h.cols() + ")";
      } catch (IOException e) {
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        ours = "refused";
      }
      boolean fine = k.verdict() == Verdict.SAME ? numpy.equals(ours)
          : !numpy.equals("refused") && ours.equals("refused");
      if (!fine) {
        wrong.add(k.name() + " (" + k.verdict() + "): NumPy " + lines[i] + ", ours " + ours);
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  private static boolean numpyAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
