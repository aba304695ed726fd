package org.denseam.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.denseam.sparse.Cccp;
import org.denseam.sparse.SparseMemory;

/** {@link SparseStore} over {@link SparseMemory}. */
final class Sparse implements SparseStore {
  private final Engine engine;
  private final SparseMemory memory;

  Sparse(Engine engine, SparseMemory memory) {
    this.engine = engine;
    this.memory = memory;
  }

  @Override
  public int dim() {
    return memory.dim();
  }

  @Override
  public double beta() {
    return memory.beta();
  }

  @Override
  public double alpha() {
    return memory.alpha();
  }

  @Override
  public int count() {
    return memory.count();
  }

  @Override
  public SparseRetrieval converge(Vectors q, CccpOptions o) {
    check(q);
    int b = q.count(), d = q.dim();
    Cccp.Result r =
        new Cccp(o.maxSteps(), o.tol()).run(memory, engine.backendForUse(), q.data(), b);
    double[] x = r.states();
    for (int j = 0; j < x.length; j++) {
      if (!Double.isFinite(x[j])) {
        throw new ArithmeticException("the final state of query " + j / d + " is not finite ("
            + x[j] + "): beta = " + memory.beta() + " with these inputs leaves the floating-point"
            + " range; lower beta or rescale the inputs");
      }
    }
    return new SparseRetrieval(Vectors.wrap(x, b, d), r.weights(), r.steps(), r.converged());
  }

  @Override
  public double[] energy(Vectors q) {
    check(q);
    double[] e = new double[q.count()];
    memory.energy(q.data(), q.count(), e);
    return e;
  }

  @Override
  public Vectors gradient(Vectors q) {
    check(q);
    double[] g = new double[q.count() * q.dim()];
    memory.step(
        engine.backendForUse(), q.data(), q.count(), new double[q.count() * memory.count()], g);
    double[] x = q.data();
    for (int i = 0; i < g.length; i++) {
      g[i] = x[i] - g[i];
    }
    return Vectors.wrap(g, q.count(), q.dim());
  }

  @Override
  public Vectors weights(Vectors q) {
    check(q);
    double[] p = new double[q.count() * memory.count()];
    memory.step(engine.backendForUse(), q.data(), q.count(), p, new double[q.data().length]);
    return Vectors.wrap(p, q.count(), memory.count());
  }

  @Override
  public Retrieval retrieve(Vectors q, RetrieveOptions o) {
    check(q);
    if (o.clamp() != null) {
      throw new IllegalArgumentException(
          "clamp masks are not supported by sparse memories: the CCCP update sets every coordinate");
    }
    int b = q.count(), d = q.dim();
    if (!o.trace()) {
      Cccp.Result r = new Cccp(o.steps(), o.tol()).run(memory, engine.backendForUse(), q.data(), b);
      double[] e = new double[b];
      memory.energy(r.states(), b, e);
      return new Retrieval(Vectors.wrap(r.states(), b, d), e, r.steps(), List.of());
    }
    // With a trace: one update at a time, recording the energy of the queries still moving.
    double[] x = q.toArray();
    double[] e = new double[b];
    int[] taken = new int[b];
    boolean[] active = new boolean[b];
    Arrays.fill(active, true);
    List<double[]> trace = new ArrayList<>();
    Cccp one = new Cccp(1, o.tol());
    for (int t = 0; ; t++) {
      memory.energy(x, b, e);
      double[] row = new double[b];
      boolean any = false;
      for (int r = 0; r < b; r++) {
        row[r] = active[r] ? e[r] : Double.NaN;
        any |= active[r];
      }
      trace.add(row);
      if (t == o.steps() || !any) {
        break;
      }
      for (int r = 0; r < b; r++) {
        if (!active[r]) {
          continue;
        }
        double[] qr = Arrays.copyOfRange(x, r * d, (r + 1) * d);
        Cccp.Result s = one.run(memory, engine.backendForUse(), qr, 1);
        if (s.steps()[0] == 0 || (o.tol() > 0 && s.converged()[0])) {
          active[r] = false;
        }
        System.arraycopy(s.states(), 0, x, r * d, d);
        taken[r] += s.steps()[0];
      }
    }
    return new Retrieval(Vectors.wrap(x, b, d), e, taken, trace);
  }

  private void check(Vectors v) {
    engine.backendForUse();
    if (v.dim() != memory.dim()) {
      throw new IllegalArgumentException(
          "vectors have dimension " + v.dim() + " but the memory has D = " + memory.dim());
    }
  }
}
