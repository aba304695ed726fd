package org.denseam.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** KernelBench measures the backend it is given, by its registry name, or refuses to run. */
class KernelBenchTest {
  private static KernelBench bench(String backend) {
    KernelBench kb = new KernelBench();
    kb.backend = backend;
    kb.d = 8;
    kb.y = 64;
    kb.k = 10;
    kb.b = 3;
    kb.features = "sincos";
    kb.projection = "gaussian";
    return kb;
  }

  @Test
  void eachNameSelectsThatBackend() throws Exception {
    for (String name : new String[] {"reference", "jvm"}) {
      KernelBench kb = bench(name);
      kb.setup();
      try {
        assertEquals(name, kb.backendName(), "measured backend");
        assertEquals(3 * 8, kb.gradComp().length);
      } finally {
        kb.tearDown();
      }
    }
  }

  @Test
  void anUnknownOrUnavailableBackendFailsLoudly() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> bench("nope").setup());
    assertTrue(e.getMessage().contains("unknown backend 'nope'"), e.getMessage());
    // The TornadoVM kernels are not on this module's class path: no silent fallback.
    e = assertThrows(IllegalArgumentException.class, () -> bench("tornado").setup());
    assertTrue(e.getMessage().contains("not available"), e.getMessage());
  }
}
