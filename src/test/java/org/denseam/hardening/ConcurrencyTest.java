package org.denseam.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.denseam.TestData;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.reference.ReferenceBackend;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.FeatureMemory;
import org.junit.jupiter.api.Test;

/**
 * A shared DrDAM memory takes adds and removes while other threads query it. Every published T is
 * recorded; every energy a reader saw must be the energy of one of them, computed afresh (so a
 * query that read a half-updated T would match none). Bounded in time.
 */
class ConcurrencyTest {
  @Test
  void queriesSeeWholeSnapshotsWhileOthersAddAndRemove() throws Exception {
    int d = 8, readers = 3;
    FeatureMap map = new FeatureMap(Basis.SINCOS, d, 256, 3);
    ReferenceBackend ref = new ReferenceBackend();
    FeatureMemory m = new FeatureMemory(map, 5);
    m.add(ref, TestData.binary(20, d, 1), 20);
    double[] query = TestData.uniform(d, 0, 0.3, 2);
    double[] extra = TestData.binary(3, d, 4);

    Set<double[]> published = ConcurrentHashMap.newKeySet();
    published.add(m.t());
    Set<Double> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    AtomicLong writes = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    threads.add(new Thread(() -> {
      await(start);
      for (int i = 0; !stop.get(); i++) {
        if (i % 2 == 0) {
          m.add(ref, extra, 3);
        } else {
          m.remove(ref, extra, 3);
        }
        published.add(m.t());
        writes.incrementAndGet();
      }
    }));
    for (int r = 0; r < readers; r++) {
      threads.add(new Thread(() -> {
        await(start);
        double[] e = new double[1];
        while (!stop.get()) {
          m.energyGrad(ref, query, 1, e, null);
          seen.add(e[0]);
          reads.incrementAndGet();
        }
      }));
    }
    threads.forEach(Thread::start);
    start.countDown();
    Thread.sleep(1500);
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
    Set<Double> valid = new java.util.HashSet<>();
    double[] e = new double[1];
    for (double[] t : published) {
      ref.gradComp(new DistributedPatterns(map, 5, t), query, 1, e, null);
      valid.add(e[0]);
    }
    long inconsistent = seen.stream().filter(v -> !valid.contains(v)).count();
    System.out.printf("concurrency: %d updates, %d queries, %d distinct energies seen, %d inconsistent%n",
        writes.get(), reads.get(), seen.size(), inconsistent);
    assertTrue(writes.get() > 10 && reads.get() > 100, writes + " writes, " + reads + " reads");
    assertEquals(0, inconsistent);
    assertEquals(20 + (writes.get() % 2 == 1 ? 3 : 0), m.count());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
