package org.denseam.experiments;

import java.util.Arrays;
import org.denseam.api.Engine;
import org.denseam.api.EnergyGradient;
import org.denseam.api.FeatureSpec;
import org.denseam.api.FeatureStore;
import org.denseam.api.Memory;
import org.denseam.api.RetrieveOptions;
import org.denseam.api.Retrieval;
import org.denseam.api.Vectors;

/** Evaluation helpers shared by the experiments, on the public API. */
final class Models {
  private Models() {}

  /**
   * Energies and gradients of a batch.
   *
   * @param e B energies
   * @param g B × D gradients
   */
  record Eval(double[] e, double[] g) {
    /** Rows [from, to) of this batch. */
    Eval rows(int from, int to, int d) {
      return new Eval(Arrays.copyOfRange(e, from, to), Arrays.copyOfRange(g, from * d, to * d));
    }
  }

  /** Energies and gradients of B queries under a memory, in one backend call. */
  static Eval eval(Memory model, double[] q, int b) {
    EnergyGradient r = model.energyAndGradient(Vectors.view(q, b, model.dim()));
    return new Eval(r.energy(), r.gradient().toArray());
  }

  /** MrDAM with the L2 energy of eq. 11. */
  static Memory exact(Engine engine, double[] stored, int k, int d, double beta) {
    return engine.exactMemory(Vectors.view(stored, k, d), beta);
  }

  /** An empty DrDAM over Gaussian projections. */
  static FeatureStore features(Engine engine, String basis, int d, int y, long seed, double beta) {
    return engine.featureMemory(d, beta, basis, y, seed, "gaussian");
  }

  /** DrDAM holding the given patterns (ProcMems), over Gaussian projections. */
  static FeatureStore features(Engine engine, String basis, int d, int y, long seed, double beta,
      double[] stored, int k) {
    FeatureStore m = features(engine, basis, d, y, seed, beta);
    m.add(Vectors.view(stored, k, d));
    return m;
  }

  /** DrDAM holding the given patterns (ProcMems), over {@code gaussian} or {@code sorf} projections. */
  static FeatureStore features(Engine engine, String basis, String projection, int d, int y,
      long seed, double beta, double[] stored, int k) {
    FeatureStore m = engine.featureMemory(d, beta, basis, y, seed, projection);
    m.add(Vectors.view(stored, k, d));
    return m;
  }

  /** Energy descent of B queries (not modified) under a memory. */
  static Retrieval descend(Memory model, double[] x, int b, RetrieveOptions options) {
    return model.retrieve(Vectors.view(x, b, model.dim()), options);
  }

  /** Rows [from, to) of a row-major matrix with d columns. */
  static double[] rows(double[] a, int from, int to, int d) {
    return Arrays.copyOfRange(a, from * d, to * d);
  }

  /** Concatenation of row-major matrices with equal column counts. */
  static double[] concat(double[]... parts) {
    int n = 0;
    for (double[] p : parts) {
      n += p.length;
    }
    double[] out = new double[n];
    int o = 0;
    for (double[] p : parts) {
      System.arraycopy(p, 0, out, o, p.length);
      o += p.length;
    }
    return out;
  }

  /** Checks a grid of β values. */
  static double[] betas(double[] betas) {
    if (betas == null || betas.length == 0) {
      throw new IllegalArgumentException("at least one beta must be given");
    }
    for (double b : betas) {
      beta(b);
    }
    return betas.clone();
  }

  /** Checks a grid of positive integers. */
  static int[] positives(String name, int[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("at least one value of " + name + " must be given");
    }
    for (int v : values) {
      positive(name, v);
    }
    return values.clone();
  }

  /**
   * Checks that every Y fits the basis (even for paired bases), as a feature map of every D
   * checks it.
   *
   * @return the basis' canonical name
   */
  static String checkMaps(String basis, int[] dims, int[] ys) {
    String name = basisName(basis);
    for (int d : dims) {
      positive("D (dimension)", d);
      for (int y : ys) {
        FeatureSpec.checkMap(name, y, "gaussian");
      }
    }
    return name;
  }

  /** The canonical name of a basis that must be given. */
  static String basisName(String basis) {
    if (basis == null) {
      throw new IllegalArgumentException("features must be given");
    }
    return FeatureSpec.basisName(basis);
  }

  /** Checks an inverse temperature: finite and positive. */
  static double beta(double beta) {
    if (!(beta > 0) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException("beta must be finite and > 0, got " + beta);
    }
    return beta;
  }

  /** Checks a size argument: positive and an int. */
  static int positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          name + " must be <= " + Integer.MAX_VALUE + ", got " + value);
    }
    return (int) value;
  }

  /** Checks that a row-major array holds {@code rows × cols} finite values. */
  static void finiteMatrix(String name, double[] a, int rows, int cols) {
    if (a == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if ((long) rows * cols != a.length) {
      throw new IllegalArgumentException(
          name + " has " + a.length + " values, expected " + rows + " x " + cols);
    }
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        throw new IllegalArgumentException(
            name + " has a non-finite value (" + a[i] + ") at row " + (i / cols) + ", column "
                + (i % cols));
      }
    }
  }

  /** Sorted copy. */
  static int[] sorted(int[] a) {
    int[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  /** Sorted copy. */
  static double[] sorted(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s;
  }

  /** Log of the mean of exp(v), computed stably. */
  static double logMeanExp(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    if (!Double.isFinite(m)) {
      return m;
    }
    double s = 0;
    for (double x : v) {
      s += Math.exp(x - m);
    }
    return m + Math.log(s / v.length);
  }
}
