package org.denseam.backend.jvm;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The worker threads of one {@link JvmBackend}: runs the chunks of a pass on the calling thread
 * and on up to {@code threads - 1} threads of a pool, each thread with its own workspace. Each
 * chunk writes only its own outputs, so the schedule does not affect results.
 */
final class Workers {
  private final ForkJoinPool pool;

  /**
   * Workers on a new pool.
   *
   * @param threads number of threads, at least 1
   */
  Workers(int threads) {
    this.pool = new ForkJoinPool(threads);
  }

  /**
   * Number of threads.
   *
   * @return the pool's parallelism
   */
  int threads() {
    return pool.getParallelism();
  }

  /** Shuts the pool down: a call that needs a worker afterwards fails. */
  void shutdown() {
    pool.shutdown();
  }

  /**
   * Work on one chunk with the executing thread's workspace.
   *
   * @param <W> the workspace type
   */
  @FunctionalInterface
  interface ChunkTask<W> {
    /**
     * Runs one chunk.
     *
     * @param chunk the chunk, from 0
     * @param workspace the executing thread's workspace
     */
    void run(int chunk, W workspace);
  }

  /**
   * Runs chunks {@code 0..n-1} on the calling thread and up to {@code threads - 1} workers, each
   * taking the next chunk when done, each thread with the workspace {@code workspace} gives it
   * (called once per thread and pass). Returns after every chunk has finished; the first failure
   * of any thread is rethrown as thrown, and a backend closed during the call is reported as an
   * {@link IllegalStateException}.
   *
   * @param <W> the workspace type
   * @param n number of chunks
   * @param workspace the executing thread's workspace (a {@link ThreadLocal}'s {@code get})
   * @param task the work of one chunk
   */
  <W> void parallel(int n, Supplier<W> workspace, ChunkTask<W> task) {
    int workers = Math.min(n, pool.getParallelism());
    if (workers <= 1) {
      W s = workspace.get();
      for (int i = 0; i < n; i++) {
        task.run(i, s);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    // The first failure of any thread, kept as thrown: ForkJoinTask.join would rethrow a
    // helper's exception as a new one wrapping it, which changes its message.
    AtomicReference<RuntimeException> thrown = new AtomicReference<>();
    Runnable loop = () -> {
      W s = workspace.get();
      try {
        for (int i; (i = next.getAndIncrement()) < n; ) {
          task.run(i, s);
        }
      } catch (RuntimeException ex) {
        thrown.compareAndSet(null, ex);
        next.set(n); // the other threads take no more chunks
      }
    };
    ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[workers - 1];
    RuntimeException failure = null;
    for (int w = 0; w < helpers.length && failure == null; w++) {
      try {
        helpers[w] = pool.submit(loop);
      } catch (RejectedExecutionException ex) {
        // The backend was closed while this call ran: finish no more chunks, wait for the
        // helpers already started, then report it as the API documents.
        next.set(n);
        failure = new IllegalStateException("backend 'jvm' was closed during the call", ex);
      }
    }
    if (failure == null) {
      try {
        loop.run();
      } catch (RuntimeException ex) {
        failure = ex;
      }
    }
    for (ForkJoinTask<?> h : helpers) {
      if (h == null) {
        continue;
      }
      try {
        h.join();
      } catch (RuntimeException ex) {
        if (failure == null) {
          failure = ex;
        }
      }
    }
    if (thrown.get() != null) {
      throw thrown.get();
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Runs {@code body} for queries {@code 0..n-1}, split into contiguous ranges over the threads
   * (each query's result is computed by one thread alone, so the split does not matter).
   *
   * @param n number of queries
   * @param body the work of one query
   */
  void forEachQuery(int n, IntConsumer body) {
    int parts = Math.min(Tiling.CHUNKS, Math.max(1, n / 16));
    parallel(parts, () -> null, (p, s) -> {
      for (int r = Tiling.chunkStart(n, parts, p), hi = Tiling.chunkStart(n, parts, p + 1);
          r < hi; r++) {
        body.accept(r);
      }
    });
  }

  /**
   * Runs {@code body(i)} for every i in [0, n) as its own task, over all threads.
   *
   * @param n number of tasks
   * @param body the work of one task
   */
  void eachIndex(int n, IntConsumer body) {
    parallel(n, () -> null, (i, s) -> body.accept(i));
  }
}
