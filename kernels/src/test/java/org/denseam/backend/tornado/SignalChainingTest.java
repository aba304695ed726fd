package org.denseam.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The suite's JVM runs with the JDK's signal-chaining library preloaded, as {@code ./dam} and
 * {@code scripts/gpu-check} run theirs: an OpenCL driver built on LLVM (PoCL) installs its own
 * handlers for SIGSEGV and other signals over the JVM's, and the JVM, which relies on SIGSEGV
 * (implicit null checks, safepoint polls), then dies at random (tornado-config/README.md).
 */
class SignalChainingTest {
  @Test
  void theJdksSignalChainingLibraryIsPreloaded() {
    String preload = System.getenv("LD_PRELOAD");
    assertTrue(preload != null && preload.contains("libjsig.so"),
        "LD_PRELOAD does not name libjsig.so: " + preload);
    for (String lib : preload.split("[: ]")) {
      if (lib.endsWith("libjsig.so")) {
        assertTrue(Files.isRegularFile(Path.of(lib)), "no such library: " + lib);
      }
    }
  }
}
