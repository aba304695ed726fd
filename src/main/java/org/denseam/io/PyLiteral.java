package org.denseam.io;

import java.math.BigInteger;
import java.util.List;

/**
 * A Python literal read by {@link PyLiteralParser}, with where its text is in the header: a
 * string, an integer, another number, a bool, None, a list or tuple, or a dict.
 */
abstract class PyLiteral {
  /** Index of the literal's first character in the header text. */
  int start;
  /** Index after the literal's last character in the header text. */
  int end;

  /**
   * What the literal is, for messages: {@code a string}, {@code an integer}, ...
   *
   * @return the kind, with its article
   */
  abstract String kind();

  /** A string literal. */
  static final class Str extends PyLiteral {
    /** The string's characters, between the quotes. */
    final String s;

    Str(String s) {
      this.s = s;
    }

    @Override
    String kind() {
      return "a string";
    }
  }

  /** A decimal integer literal. */
  static final class Int extends PyLiteral {
    /** The integer's value, sign included. */
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
  static final class Num extends PyLiteral {
    @Override
    String kind() {
      return "a number";
    }
  }

  /** {@code True} or {@code False}. */
  static final class Bool extends PyLiteral {
    /** The bool's value. */
    final boolean b;

    Bool(boolean b) {
      this.b = b;
    }

    @Override
    String kind() {
      return "a bool";
    }
  }

  /** {@code None}. */
  static final class None extends PyLiteral {
    @Override
    String kind() {
      return "None";
    }
  }

  /** A list ({@code [...]}) or a tuple ({@code (...)}). */
  static final class Seq extends PyLiteral {
    /** Whether it is a list (else a tuple). */
    final boolean list;
    /** The items, in order. */
    final List<PyLiteral> items;

    Seq(boolean list, List<PyLiteral> items) {
      this.list = list;
      this.items = items;
    }

    @Override
    String kind() {
      return list ? "a list" : "a tuple";
    }
  }

  /** A dict ({@code {...}}). */
  static final class Dict extends PyLiteral {
    /** The entries in order, each {key, value}; a key may appear more than once. */
    final List<PyLiteral[]> entries;

    Dict(List<PyLiteral[]> entries) {
      this.entries = entries;
    }

    @Override
    String kind() {
      return "a dict";
    }
  }
}
