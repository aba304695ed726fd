package org.denseam.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.denseam.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** API contracts found by adversarial use: tolerances, closing mid-call, backend listing. */
class ApiHardeningTest {
  @Test
  void nanToleranceIsRejected() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> RetrieveOptions.steps(10).tol(Double.NaN));
    assertTrue(ex.getMessage().contains("tol"), ex.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> RetrieveOptions.steps(10).tol(Double.POSITIVE_INFINITY));
    assertEquals(1e-9, RetrieveOptions.steps(10).tol(1e-9).tol());
  }

  @Test
  void closingTheEngineDuringARetrievalGivesIllegalStateException() throws Exception {
    Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
        "the jvm backend hands work to other threads only with two or more processors");
    int k = 4000, d = 64, b = 32;
    Engine engine = DenseAM.open("jvm");
    Memory m = engine.exactMemory(Vectors.of(TestData.binary(k, d, 1), k, d), 0.05);
    Vectors q = Vectors.of(TestData.uniform(b * d, -1, 1, 2), b, d);
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Retrieval> run = CompletableFuture.supplyAsync(() -> {
      started.countDown();
      return m.retrieve(q, RetrieveOptions.steps(1_000_000).eta(1e-6));
    });
    started.await();
    Thread.sleep(300);
    engine.close();
    ExecutionException ex =
        assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, ex.getCause(), String.valueOf(ex.getCause()));
    assertTrue(ex.getCause().getMessage().contains("closed"), ex.getCause().getMessage());
  }

  @Test
  void tornadoIsListedAsUnavailableWithItsReason() {
    BackendInfo t = DenseAM.backends().stream().filter(i -> i.name().equals("tornado"))
        .findFirst().orElseThrow(() -> new AssertionError("tornado is not listed"));
    assertFalse(t.available());
    assertTrue(t.reason().contains("TornadoVM"), t.reason());
    assertTrue(t.reason().contains("put the denseam-kernels jar on the class path"), t.reason());
    assertFalse(t.reason().contains("./dam"), "a library message, not the command line's: "
        + t.reason());
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> DenseAM.open("tornado"));
    assertTrue(ex.getMessage().contains(t.reason()), ex.getMessage());
  }
}
