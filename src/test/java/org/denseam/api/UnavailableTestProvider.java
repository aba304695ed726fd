package org.denseam.api;

import org.denseam.backend.Backend;
import org.denseam.backend.BackendProvider;

/** A backend found through ServiceLoader that cannot run: proves discovery and its error path. */
public final class UnavailableTestProvider implements BackendProvider {
  @Override
  public String name() {
    return "test-unavailable";
  }

  @Override
  public boolean available() {
    return false;
  }

  @Override
  public String unavailableReason() {
    return "needs the imaginary accelerator runtime";
  }

  @Override
  public int rank() {
    return 1000;
  }

  @Override
  public Backend create() {
    throw new AssertionError("never created: unavailable");
  }
}
