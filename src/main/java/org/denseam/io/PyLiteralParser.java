package org.denseam.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text of an NPY header as the Python literal it is, by the grammar in {@link
 * NpyHeader}'s description: dicts, lists, tuples (a parenthesised value is the value itself),
 * strings without escapes or prefixes, decimal integers (with Python 2's {@code L} suffix where
 * allowed), other numbers (kept only to be named in messages), {@code True}, {@code False} and
 * {@code None}. Whatever else Python would read is refused with a one-line message that says what
 * was found and at which character. One parser reads one header.
 */
final class PyLiteralParser {
  /** The deepest nesting of brackets accepted. */
  static final int MAX_DEPTH = 32;

  /** The header text. */
  private final String text;
  /** Whether integers may end in {@code L} (format versions 1.0 and 2.0). */
  private final boolean python2Longs;
  /** Index of the next character to read. */
  private int pos;

  /**
   * A parser of one header's text.
   *
   * @param text the header text, padding and newline included
   * @param python2Longs whether integers may end in {@code L} (format versions 1.0 and 2.0)
   */
  PyLiteralParser(String text, boolean python2Longs) {
    this.text = text;
    this.python2Longs = python2Longs;
  }

  /**
   * Reads the whole text as one value: spaces or tabs, the value, then only whitespace.
   *
   * @return the value (not yet known to be a dict)
   * @throws IllegalArgumentException if the text is blank, starts with a line break, is not a
   *     value of the grammar, or goes on after the value
   */
  PyLiteral header() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("header is empty: it holds no dict");
    }
    if (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r'
        || text.charAt(pos) == '\f')) {
      throw new IllegalArgumentException(
          "header is not a dict literal: it starts with a line break");
    }
    PyLiteral v = value(0);
    skipSpace();
    if (pos < text.length()) {
      throw syntax(pos, "text after the end of the header dict");
    }
    return v;
  }

  /** Skips whitespace: space, tab, CR, LF and form feed. */
  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        return;
      }
      pos++;
    }
  }

  /**
   * Reads one value at {@link #pos}, after any whitespace, and leaves {@link #pos} after it.
   *
   * @param depth brackets around the value
   * @return the value, with where its text is
   * @throws IllegalArgumentException if the text there is not a value of the grammar
   */
  private PyLiteral value(int depth) {
    if (depth > MAX_DEPTH) {
      throw syntax(pos, "brackets nested deeper than " + MAX_DEPTH + " levels");
    }
    skipSpace();
    if (pos >= text.length()) {
      throw syntax(pos, "the header ends where a value is expected");
    }
    int start = pos;
    char c = text.charAt(pos);
    PyLiteral v;
    if (c == '{') {
      pos++;
      List<PyLiteral[]> entries = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek('}')) {
          break;
        }
        PyLiteral k = value(depth + 1);
        expect(':', "':' after a dict key");
        PyLiteral x = value(depth + 1);
        entries.add(new PyLiteral[] {k, x});
        if (!separator('}')) {
          break;
        }
      }
      expect('}', "',' or '}' in the dict");
      v = new PyLiteral.Dict(entries);
    } else if (c == '[') {
      pos++;
      List<PyLiteral> items = new ArrayList<>();
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
      v = new PyLiteral.Seq(true, items);
    } else if (c == '(') {
      pos++;
      skipSpace();
      if (peek(')')) {
        pos++;
        v = new PyLiteral.Seq(false, new ArrayList<>());
      } else {
        PyLiteral first = value(depth + 1);
        skipSpace();
        if (peek(')')) {
          pos++;
          first.start = start; // a parenthesised value is the value itself
          first.end = pos;
          return first;
        }
        List<PyLiteral> items = new ArrayList<>();
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
        v = new PyLiteral.Seq(false, items);
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
            "string prefix " + show(name) + " (write plain '...' strings)");
      }
      switch (name) {
        case "True" -> v = new PyLiteral.Bool(true);
        case "False" -> v = new PyLiteral.Bool(false);
        case "None" -> v = new PyLiteral.None();
        default -> throw syntax(start, "'" + show(name) + "' is not a literal");
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

  private PyLiteral string(char quote) {
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
    return new PyLiteral.Str(b.toString());
  }

  private PyLiteral number() {
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
      return new PyLiteral.Num();
    }
    BigInteger v = new BigInteger(t);
    return new PyLiteral.Int(negative ? v.negate() : v);
  }

  /**
   * The error for a syntax problem.
   *
   * @param at index of the character where it is
   * @param what the problem
   * @return {@code header is not a dict literal as NumPy writes it: <what> at character <at>}
   */
  private IllegalArgumentException syntax(int at, String what) {
    return new IllegalArgumentException(
        "header is not a dict literal as NumPy writes it: " + what + " at character " + at);
  }

  /**
   * The text of a value read from this header, quoted for a message by {@link #show(String)}.
   *
   * @param v a value this parser returned
   * @return one line of at most 40 characters (and {@code ...})
   */
  String show(PyLiteral v) {
    return show(text.substring(v.start, v.end));
  }

  /** A character named in a message: quoted, or its code point when invisible. */
  private static String describe(char c) {
    return c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)
        ? String.format("U+%04X", (int) c) : "'" + c + "'";
  }

  /**
   * Header text quoted in a message: one line of at most 40 characters, with control and
   * line-breaking characters written as Python escapes (a backslash, then x and two hex digits,
   * or u and four), and {@code ...} after text that was cut.
   *
   * @param s header text
   * @return the text to quote
   */
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
}
