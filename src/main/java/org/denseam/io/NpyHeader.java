package org.denseam.io;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header dictionary of a NumPy {@code .npy} file, parsed with the grammar NumPy reads it
 * with.
 *
 * <p>NumPy ({@code numpy/lib/format.py}, {@code _read_array_header}) evaluates the header text
 * with Python's {@code ast.literal_eval} and requires a {@code dict} whose keys are exactly
 * {@code 'descr'}, {@code 'fortran_order'} and {@code 'shape'}, with {@code shape} a tuple of
 * {@code int}s and {@code fortran_order} a {@code bool}. {@link #parse} reads the subset of
 * Python literals that NumPy writes, and refuses the rest:
 *
 * <pre>
 * header  = [spaces or tabs] value [whitespace]           (the value must be a dict)
 * value   = dict | "(" ")" | "(" value ")" | "(" value "," [value {"," value} [","]] ")"
 *         | "[" [value {"," value} [","]] "]" | string | integer | "True" | "False" | "None"
 * dict    = "{" [value ":" value {"," value ":" value} [","]] "}"
 * string  = "'" {any character but ', \, CR, LF} "'" | '"' {any character but ", \, CR, LF} '"'
 * integer = ["-" | "+"] digits ["L"]                   ("L" only in format versions 1.0 and 2.0)
 * digits  = "0" {"0"} | "1".."9" {"0".."9"}
 * </pre>
 *
 * where whitespace (space, tab, CR, LF, form feed) may separate any two tokens, and
 * {@code ( value )} is the value itself (Python's grouping), not a tuple. As in Python, when a
 * key appears twice the last value counts ({@code {'shape': (1,), 'shape': (2,)}} has shape
 * {@code (2,)}, as NumPy reads it). The checks after the syntax, in order, each with its
 * message: a key other than the three ({@code header has an unexpected key 'x': an NPY header
 * holds exactly 'descr', 'fortran_order' and 'shape'}); a missing key ({@code header has no
 * 'shape'}); {@code descr} a list ({@code structured dtype is not supported: use float32 or
 * float64}), a tuple ({@code subarray dtype ... is not supported ...}) or not a string;
 * {@code fortran_order} not {@code True}/{@code False}; {@code shape} not a tuple ({@code shape
 * (3) is not a tuple ...}), an entry that is not an integer ({@code bad shape entry '2.0'}),
 * negative ({@code negative dimension -3}) or beyond a 64-bit integer.
 *
 * <p>Python literals NumPy would also accept but never writes are refused, each with a message:
 * escapes and prefixes in strings ({@code u'..'}, {@code '\x41'}), adjacent strings
 * ({@code '<' 'f8'}), triple quotes, integers in other bases or with underscores
 * ({@code 0x10}, {@code 1_000}), booleans as dimensions ({@code (True, 3)}), a sign before a
 * parenthesised number ({@code -(3)}), comments, line continuations, newlines before the dict,
 * and nesting deeper than {@value #MAX_DEPTH} levels. The {@code L} suffix of Python 2 integers
 * ({@code (3L, 4L)}) is accepted in versions 1.0 and 2.0 only, as NumPy's
 * {@code _filter_header} does.
 *
 * <p>{@link PyLiteralParser} reads the syntax into {@link PyLiteral} values; this class checks
 * them and keeps the three fields.
 *
 * <p>Messages name the problem, never the file: callers prefix the file's name. Any text from
 * the header that a message quotes is cut to 40 characters, with control characters escaped,
 * so every message is one line.
 */
public final class NpyHeader {
  /** The deepest nesting of brackets accepted. */
  public static final int MAX_DEPTH = PyLiteralParser.MAX_DEPTH;

  private final String descr;
  private final boolean fortranOrder;
  private final long[] shape;

  private NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    this.descr = descr;
    this.fortranOrder = fortranOrder;
    this.shape = shape;
  }

  /**
   * The dtype string, as written ({@code '<f8'} gives {@code <f8}).
   *
   * @return the descr
   */
  public String descr() {
    return descr;
  }

  /**
   * Whether the data are in Fortran (column-major) order.
   *
   * @return fortran_order
   */
  public boolean fortranOrder() {
    return fortranOrder;
  }

  /**
   * The shape: non-negative dimensions, none for a 0-D array.
   *
   * @return a copy of the shape
   */
  public long[] shape() {
    return shape.clone();
  }

  /**
   * The width of a float32 or float64 dtype: {@code descr} is {@code f4} or {@code f8},
   * optionally after a byte-order character {@code <}, {@code >}, {@code =} or {@code |}.
   *
   * @return 4 or 8
   * @throws IllegalArgumentException for any other dtype ({@code dtype 'i4' is not supported:
   *     use float32 or float64}; for a dtype of the form order, letter, digits, the order is left
   *     out of the message)
   */
  public int floatWidth() {
    String t = descr.length() == 3 && "<>=|".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1)
        : descr;
    if (t.equals("f4")) {
      return 4;
    }
    if (t.equals("f8")) {
      return 8;
    }
    boolean typed = descr.length() >= 3 && "<>=|".indexOf(descr.charAt(0)) >= 0
        && Character.isLetter(descr.charAt(1))
        && descr.substring(2).chars().allMatch(c -> c >= '0' && c <= '9');
    throw new IllegalArgumentException("dtype '" + show(typed ? descr.substring(1) : descr)
        + "' is not supported: use float32 or float64");
  }

  /**
   * The byte order of the values: big-endian for {@code >}, little-endian for {@code <}, and the
   * machine's order otherwise ({@code =}, {@code |} or no order character, as NumPy reads them).
   *
   * @return the byte order
   */
  public ByteOrder order() {
    char c = descr.isEmpty() ? '=' : descr.charAt(0);
    return c == '>' ? ByteOrder.BIG_ENDIAN
        : c == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
  }

  /**
   * Parses and checks a header's text (the bytes after the length field, decoded as Latin-1 for
   * versions 1.0 and 2.0, UTF-8 for 3.0), by the rules in the class description.
   *
   * @param text the header text, padding and newline included
   * @param major the format version's major number (1, 2 or 3)
   * @return the header
   * @throws IllegalArgumentException if the text is not a header NumPy writes: the message is one
   *     line naming the problem
   */
  public static NpyHeader parse(String text, int major) {
    PyLiteralParser p = new PyLiteralParser(text, major < 3);
    PyLiteral v = p.header();
    if (!(v instanceof PyLiteral.Dict d)) {
      throw new IllegalArgumentException(
          "header is not a dict literal: it holds " + v.kind() + " " + p.show(v));
    }
    Map<String, PyLiteral> keys = new LinkedHashMap<>();
    for (PyLiteral[] e : d.entries) {
      if (!(e[0] instanceof PyLiteral.Str k)) {
        throw new IllegalArgumentException("header has a key that is not a string: "
            + p.show(e[0]) + ": an NPY header holds exactly 'descr', 'fortran_order' and 'shape'");
      }
      if (!k.s.equals("descr") && !k.s.equals("fortran_order") && !k.s.equals("shape")) {
        throw new IllegalArgumentException("header has an unexpected key '" + show(k.s)
            + "': an NPY header holds exactly 'descr', 'fortran_order' and 'shape'");
      }
      keys.put(k.s, e[1]); // as in Python, a later value replaces an earlier one
    }
    for (String k : new String[] {"descr", "fortran_order", "shape"}) {
      if (!keys.containsKey(k)) {
        throw new IllegalArgumentException("header has no '" + k + "'");
      }
    }
    PyLiteral dv = keys.get("descr");
    String descr;
    if (dv instanceof PyLiteral.Str s) {
      descr = s.s;
    } else if (dv instanceof PyLiteral.Seq l && l.list) {
      throw new IllegalArgumentException("structured dtype is not supported: use float32 or"
          + " float64");
    } else if (dv instanceof PyLiteral.Seq) {
      throw new IllegalArgumentException("subarray dtype " + p.show(dv)
          + " is not supported: use float32 or float64");
    } else {
      throw new IllegalArgumentException("descr " + p.show(dv) + " is not a dtype string");
    }
    PyLiteral fv = keys.get("fortran_order");
    if (!(fv instanceof PyLiteral.Bool f)) {
      throw new IllegalArgumentException(
          "fortran_order is not True or False: " + p.show(fv));
    }
    PyLiteral sv = keys.get("shape");
    if (!(sv instanceof PyLiteral.Seq t) || t.list) {
      throw new IllegalArgumentException("shape " + p.show(sv) + " is not a tuple"
          + (sv instanceof PyLiteral.Int ? " (a 1-D shape is written (n,))" : ""));
    }
    long[] shape = new long[t.items.size()];
    for (int i = 0; i < shape.length; i++) {
      PyLiteral e = t.items.get(i);
      if (!(e instanceof PyLiteral.Int n)) {
        throw new IllegalArgumentException("bad shape entry '" + p.show(e) + "'");
      }
      if (n.v.signum() < 0) {
        throw new IllegalArgumentException("negative dimension " + show(n.v.toString()));
      }
      if (n.v.bitLength() > 63) {
        throw new IllegalArgumentException("dimension " + show(n.v.toString())
            + " is too large: it exceeds a 64-bit integer");
      }
      shape[i] = n.v.longValue();
    }
    return new NpyHeader(descr, f.b, shape);
  }

  /** Header text quoted in a message ({@link PyLiteralParser#show(String)}). */
  private static String show(String s) {
    return PyLiteralParser.show(s);
  }

  @Override
  public String toString() {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
        + ", 'shape': " + (shape.length == 1 ? "(" + shape[0] + ",)"
            : Arrays.toString(shape).replace('[', '(').replace(']', ')')) + "}";
  }
}
