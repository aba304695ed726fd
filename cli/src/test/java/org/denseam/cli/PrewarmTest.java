package org.denseam.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import org.denseam.TestData;
import org.denseam.io.Matrix;
import org.denseam.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The warm-up thread and the command's wait for it ({@link Prewarm#await}): the command's first
 * kernel runs only once the warm-up has ended, and a command that is not warmed never waits.
 * Isolated: the warm-up is the process's one.
 */
@Isolated
@Execution(ExecutionMode.SAME_THREAD)
class PrewarmTest {
  @TempDir Path dir;

  private static boolean warmUpAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("dam-prewarm") && t.isAlive());
  }

  @Test
  void awaitReturnsOnceTheWarmUpHasEnded() throws Exception {
    Path m = dir.resolve("m.npy");
    Path q = dir.resolve("q.npy");
    Npy.write(m, new Matrix(TestData.uniform(8 * 24, -0.2, 0.2, 1), 8, 24, false), true);
    Npy.write(q, new Matrix(TestData.uniform(4 * 24, -0.2, 0.2, 2), 4, 24, false), true);
    String[] args = {"grad", "--memories", m.toString(), "--queries", q.toString(), "--beta", "1",
        "--dim", "256", "--projection", "sorf", "--out", dir.resolve("g.npy").toString()};
    Prewarm.start(args);
    Thread t = Prewarm.thread();
    assertNotNull(t, "the warm-up thread did not start");
    Prewarm.await();
    assertFalse(t.isAlive(), "await returned while the warm-up still ran");
    Prewarm.await(); // a second wait returns at once
  }

  @Test
  void commandsThatAreNotWarmedStartNoThread() throws Exception {
    Prewarm.await(); // the other test's, if it ran first
    Thread before = Prewarm.thread();
    Prewarm.start(new String[] {"sparse", "--alpha", "1.5"});
    Prewarm.start(new String[] {"grad", "--backend", "reference"});
    Prewarm.start(new String[0]);
    assertSame(before, Prewarm.thread(), "a warm-up started for a command that is not warmed");
    assertFalse(warmUpAlive());
  }
}
