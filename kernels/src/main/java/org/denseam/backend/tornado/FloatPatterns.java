package org.denseam.backend.tornado;

import java.util.Map;
import java.util.WeakHashMap;
import org.denseam.backend.ExactPatterns;

/**
 * The float32 patterns of exact memories: a memory's own array when its patterns are float32 on
 * the heap, else a float32 copy made on first use (rows of a file are read, and checked, then),
 * shared by the plans of that memory and kept while its {@link ExactPatterns} instance (which
 * never changes) is in use.
 *
 * <p>Thread-safe.
 */
final class FloatPatterns {
  private final Map<ExactPatterns, float[]> copies = new WeakHashMap<>();

  /**
   * The float32 patterns of an exact memory, K × D.
   *
   * @param p the memory
   * @return its own float32 array, or the copy kept for it
   */
  synchronized float[] of(ExactPatterns p) {
    float[] own = p.patterns().floats();
    return own != null ? own : copies.computeIfAbsent(p, q -> q.patterns().toFloats());
  }

  /** Drops every copy. */
  synchronized void clear() {
    copies.clear();
  }
}
