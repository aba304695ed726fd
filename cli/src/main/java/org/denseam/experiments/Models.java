package org.denseam.experiments;

import java.util.Arrays;
import org.denseam.Checks;
import org.denseam.backend.Backend;
import org.denseam.backend.Similarity;
import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.EnergyModel;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.FeatureMemory;

/** Evaluation helpers shared by the experiments. */
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

  /** Energies and gradients of B queries under a model. */
  static Eval eval(EnergyModel model, Backend be, double[] q, int b) {
    double[] e = new double[b];
    double[] g = new double[b * model.dim()];
    model.energyGrad(be, q, b, e, g);
    return new Eval(e, g);
  }

  /** MrDAM with the L2 energy of eq. 11. */
  static ExactMemory exact(double[] stored, int k, int d, double beta) {
    return new ExactMemory(stored, k, d, beta, Similarity.L2);
  }

  /** DrDAM holding the given patterns (ProcMems). */
  static FeatureMemory features(Backend be, FeatureMap map, double beta, double[] stored, int k) {
    FeatureMemory m = new FeatureMemory(map, beta);
    m.add(be, stored, k);
    return m;
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
      Checks.beta(b);
    }
    return betas.clone();
  }

  /** Checks a grid of positive integers. */
  static int[] positives(String name, int[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException("at least one value of " + name + " must be given");
    }
    for (int v : values) {
      Checks.positive(name, v);
    }
    return values.clone();
  }

  /** Checks that every Y fits the basis (even for paired bases) for every D. */
  static void checkMaps(Basis basis, int[] dims, int[] ys) {
    if (basis == null) {
      throw new IllegalArgumentException("features must be given");
    }
    for (int d : dims) {
      for (int y : ys) {
        new FeatureMap(basis, d, y, 0);
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
