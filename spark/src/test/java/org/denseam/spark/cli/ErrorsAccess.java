package org.denseam.spark.cli;

/** Test access to {@link Errors}. */
public final class ErrorsAccess {
  private ErrorsAccess() {}

  /** {@link Errors#message}. */
  public static String message(Throwable t) {
    return Errors.message(t);
  }
}
