package org.denseam.api;

import org.denseam.dynamics.Descent;
import org.denseam.memory.EnergyModel;

/** A {@link Memory} over an energy model, computed on its engine's backend. */
class ModelMemory implements Memory {
  final Engine engine;
  private final EnergyModel model;

  ModelMemory(Engine engine, EnergyModel model) {
    this.engine = engine;
    this.model = model;
  }

  @Override
  public int dim() {
    return model.dim();
  }

  @Override
  public double beta() {
    return model.beta();
  }

  @Override
  public double[] energy(Vectors queries) {
    checkDim(queries);
    double[] e = new double[queries.count()];
    model.energyGrad(engine.backendForUse(), queries.data(), queries.count(), e, null);
    return e;
  }

  @Override
  public Vectors gradient(Vectors queries) {
    checkDim(queries);
    double[] g = new double[queries.count() * queries.dim()];
    model.energyGrad(engine.backendForUse(), queries.data(), queries.count(), null, g);
    return Vectors.wrap(g, queries.count(), queries.dim());
  }

  @Override
  public EnergyGradient energyAndGradient(Vectors queries) {
    checkDim(queries);
    double[] e = new double[queries.count()];
    double[] g = new double[queries.count() * queries.dim()];
    model.energyGrad(engine.backendForUse(), queries.data(), queries.count(), e, g);
    return new EnergyGradient(e, Vectors.wrap(g, queries.count(), queries.dim()));
  }

  @Override
  public Retrieval retrieve(Vectors queries, RetrieveOptions o) {
    checkDim(queries);
    double[] x = queries.toArray();
    Descent.Result r = new Descent(o.steps(), o.eta(), o.tol(), o.clamp(), o.trace())
        .run(model, engine.backendForUse(), x, queries.count());
    return new Retrieval(
        Vectors.wrap(x, queries.count(), queries.dim()), r.energy(), r.stepsTaken(), r.trace());
  }

  void checkDim(Vectors v) {
    if (v.dim() != model.dim()) {
      throw new IllegalArgumentException(
          "vectors have dimension " + v.dim() + " but the memory has D = " + model.dim());
    }
  }
}
