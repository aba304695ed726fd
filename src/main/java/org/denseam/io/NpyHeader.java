package org.denseam.io;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Messages name the problem, never the file: callers prefix the file's name. Any text from
 * the header that a message quotes is cut to 40 characters, with control characters escaped,
 * so every message is one line.
 */
public final class NpyHeader {
  /** The deepest nesting of brackets accepted. */
  public static final int MAX_DEPTH = 32;

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
    Parser p = new Parser(text, major < 3);
    while (p.pos < text.length() && (text.charAt(p.pos) == ' ' || text.charAt(p.pos) == '\t')) {
      p.pos++;
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("header is empty: it holds no dict");
    }
    if (p.pos < text.length() && (text.charAt(p.pos) == '\n' || text.charAt(p.pos) == '\r'
        || text.charAt(p.pos) == '\f')) {
      throw new IllegalArgumentException(
          "header is not a dict literal: it starts with a line break");
    }
    Value v = p.value(0);
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.syntax(p.pos, "text after the end of the header dict");
    }
    if (!(v instanceof Dict d)) {
      throw new IllegalArgumentException(
          "header is not a dict literal: it holds " + v.kind() + " " + p.show(v));
    }
    Map<String, Value> keys = new LinkedHashMap<>();
    for (Value[] e : d.entries) {
      if (!(e[0] instanceof Str k)) {
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
    Value dv = keys.get("descr");
    String descr;
    if (dv instanceof Str s) {
      descr = s.s;
    } else if (dv instanceof Seq l && l.list) {
      throw new IllegalArgumentException("structured dtype is not supported: use float32 or"
          + " float64");
    } else if (dv instanceof Seq) {
      throw new IllegalArgumentException("subarray dtype " + p.show(dv)
          + " is not supported: use float32 or float64");
    } else {
      throw new IllegalArgumentException("descr " + p.show(dv) + " is not a dtype string");
    }
    Value fv = keys.get("fortran_order");
    if (!(fv instanceof Bool f)) {
      throw new IllegalArgumentException(
          "fortran_order is not True or False: " + p.show(fv));
    }
    Value sv = keys.get("shape");
    if (!(sv instanceof Seq t) || t.list) {
      throw new IllegalArgumentException("shape " + p.show(sv) + " is not a tuple"
          + (sv instanceof Int ? " (a 1-D shape is written (n,))" : ""));
    }
    long[] shape = new long[t.items.size()];
    for (int i = 0; i < shape.length; i++) {
      Value e = t.items.get(i);
      if (!(e instanceof Int n)) {
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

  /** A parsed literal, with where its text is. */
  private abstract static class Value {
    int start;
    int end;

    abstract String kind();
  }

  private static final class Str extends Value {
    final String s;

    Str(String s) {
      this.s = s;
    }

    @Override
    String kind() {
      return "a string";
    }
  }

  private static final class Int extends Value {
    final BigInteger v;

    Int(BigInteger v) {
      this.v = v;
    }

    @Override
    String kind() {
      return "an integer";
    }
  }

  /** A number literal of another form than a decimal integer (kept to name it in messages). */
  private static final class Num extends Value {
    @Override
    String kind() {
      return "a number";
    }
  }

  private static final class Bool extends Value {
    final boolean b;

    Bool(boolean b) {
      this.b = b;
    }

    @Override
    String kind() {
      return "a bool";
    }
  }

  private static final class None extends Value {
    @Override
    String kind() {
      return "None";
    }
  }

  private static final class Seq extends Value {
    final boolean list;
    final List<Value> items;

    Seq(boolean list, List<Value> items) {
      this.list = list;
      this.items = items;
    }

    @Override
    String kind() {
      return list ? "a list" : "a tuple";
    }
  }

  private static final class Dict extends Value {
    final List<Value[]> entries;

    Dict(List<Value[]> entries) {
      this.entries = entries;
    }

    @Override
    String kind() {
      return "a dict";
    }
  }

  private static final class Parser {
    final String text;
    final boolean python2Longs;
    int pos;

    Parser(String text, boolean python2Longs) {
      this.text = text;
      this.python2Longs = python2Longs;
    }

    void skipSpace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
          return;
        }
        pos++;
      }
    }

    Value value(int depth) {
      if (depth > MAX_DEPTH) {
        throw syntax(pos, "brackets nested deeper than " + MAX_DEPTH + " levels");
      }
      skipSpace();
      if (pos >= text.length()) {
        throw syntax(pos, "the header ends where a value is expected");
      }
      int start = pos;
      char c = text.charAt(pos);
      Value v;
      if (c == '{') {
        pos++;
        List<Value[]> entries = new ArrayList<>();
        while (true) {
          skipSpace();
          if (peek('}')) {
            break;
          }
          Value k = value(depth + 1);
          expect(':', "':' after a dict key");
          Value x = value(depth + 1);
          entries.add(new Value[] {k, x});
          if (!separator('}')) {
            break;
          }
        }
        expect('}', "',' or '}' in the dict");
        v = new Dict(entries);
      } else if (c == '[') {
        pos++;
        List<Value> items = new ArrayList<>();
        while (true) {
          skipSpace();
          if (peek(']')) {
            break;
          }
          items.add(value(depth + 1));
          if (!separator(']')) {
            break;
          }
        }
        expect(']', "',' or ']' in the list");
        v = new Seq(true, items);
      } else if (c == '(') {
        pos++;
        skipSpace();
        if (peek(')')) {
          pos++;
          v = new Seq(false, new ArrayList<>());
        } else {
          Value first = value(depth + 1);
          skipSpace();
          if (peek(')')) {
            pos++;
            first.start = start; // a parenthesised value is the value itself
            first.end = pos;
            return first;
          }
          List<Value> items = new ArrayList<>();
          items.add(first);
          expect(',', "',' or ')' in the tuple");
          while (true) {
            skipSpace();
            if (peek(')')) {
              break;
            }
            items.add(value(depth + 1));
            if (!separator(')')) {
              break;
            }
          }
          expect(')', "',' or ')' in the tuple");
          v = new Seq(false, items);
        }
      } else if (c == '\'' || c == '"') {
        v = string(c);
      } else if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
        v = number();
      } else if (Character.isLetter(c) || c == '_') {
        while (pos < text.length()
            && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
          pos++;
        }
        String name = text.substring(start, pos);
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
          throw syntax(start,
              "string prefix " + NpyHeader.show(name) + " (write plain '...' strings)");
        }
        switch (name) {
          case "True" -> v = new Bool(true);
          case "False" -> v = new Bool(false);
          case "None" -> v = new None();
          default -> throw syntax(start, "'" + NpyHeader.show(name) + "' is not a literal");
        }
      } else if (c == '#') {
        throw syntax(pos, "a comment");
      } else if (c == '\\') {
        throw syntax(pos, "a line continuation");
      } else {
        throw syntax(pos, "unexpected character " + describe(c));
      }
      v.start = start;
      v.end = pos;
      return v;
    }

    /** After an item: true if a ',' was read and more may follow, false at the closing one. */
    private boolean separator(char close) {
      skipSpace();
      if (peek(',')) {
        pos++;
        return true;
      }
      return false;
    }

    private boolean peek(char c) {
      return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c, String what) {
      skipSpace();
      if (!peek(c)) {
        throw syntax(pos, pos >= text.length() ? "the header ends where " + what + " is expected"
            : "expected " + what + ", found " + describe(text.charAt(pos)));
      }
      pos++;
    }

    private Value string(char quote) {
      int start = pos++;
      StringBuilder b = new StringBuilder();
      while (true) {
        if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r') {
          throw syntax(start, "unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == quote) {
          break;
        }
        if (c == '\\') {
          throw syntax(pos - 1, "a backslash escape in a string");
        }
        b.append(c);
      }
      if (b.isEmpty() && peek(quote)) {
        throw syntax(start, "a triple-quoted string");
      }
      int after = pos;
      skipSpace();
      if (peek('\'') || peek('"')) {
        throw syntax(pos, "adjacent strings (write one string)");
      }
      pos = after;
      return new Str(b.toString());
    }

    private Value number() {
      int start = pos;
      boolean negative = false;
      if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
        negative = text.charAt(pos) == '-';
        pos++;
        skipSpace();
        if (pos >= text.length() || !(Character.isDigit(text.charAt(pos))
            || text.charAt(pos) == '.')) {
          throw syntax(start, "a sign not followed by a number");
        }
      }
      int digits = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
          pos++;
          if ((c == 'e' || c == 'E') && pos < text.length()
              && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            pos++;
          }
        } else {
          break;
        }
      }
      String t = text.substring(digits, pos);
      if (python2Longs && t.endsWith("L")) {
        t = t.substring(0, t.length() - 1);
      }
      boolean decimal = !t.isEmpty() && t.chars().allMatch(ch -> ch >= '0' && ch <= '9')
          && (t.charAt(0) != '0' || t.chars().allMatch(ch -> ch == '0'));
      if (!decimal) {
        return new Num();
      }
      BigInteger v = new BigInteger(t);
      return new Int(negative ? v.negate() : v);
    }

    IllegalArgumentException syntax(int at, String what) {
      return new IllegalArgumentException(
          "header is not a dict literal as NumPy writes it: " + what + " at character " + at);
    }

    String show(Value v) {
      return NpyHeader.show(text.substring(v.start, v.end));
    }
  }

  private static String describe(char c) {
    return c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
        ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  /** Header text quoted in a message: one line of at most 40 characters. */
  static String show(String s) {
    StringBuilder b = new StringBuilder();
    int n = Math.min(s.length(), 40);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isISOControl(c)
          || (Character.isWhitespace(c) && c != ' ')
          || Character.getType(c) == Character.LINE_SEPARATOR
          || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        b.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > 40) {
      b.append("...");
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
        + ", 'shape': " + (shape.length == 1 ? "(" + shape[0] + ",)"
            : Arrays.toString(shape).replace('[', '(').replace(']', ')')) + "}";
  }
}
