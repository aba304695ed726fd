package org.denseam.backend;

import org.denseam.features.Basis;
import org.denseam.features.FeatureMap;
import org.denseam.memory.ExactMemory;
import org.denseam.memory.Similarity;
import org.denseam.rng.Gaussian;

/**
 * The double-precision reference: plain sequential loops that follow the formulas literally. It is
 * the oracle every other backend is tested against, not a fast path.
 *
 * <p>Each projection row {@code ω_α} is regenerated when needed and dropped, so RF, ProcMems and
 * GradComp use O(D + Y) memory, as in Algorithm 1.
 */
public final class ReferenceBackend implements Backend {
  /** A reference backend; it holds no resources. */
  public ReferenceBackend() {}

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public boolean singlePrecision() {
    return false;
  }

  @Override
  public void exact(ExactMemory memory, double[] x, int batch, double[] energy, double[] grad) {
    int k = memory.count(), d = memory.dim();
    double beta = memory.beta();
    double[] xi = memory.patterns();
    boolean dot = memory.similarity() == Similarity.DOT;
    double[] a = new double[k];
    for (int b = 0; b < batch; b++) {
      int xo = b * d;
      // a_μ: the argument of exp for memory μ.
      double max = Double.NEGATIVE_INFINITY;
      for (int mu = 0; mu < k; mu++) {
        double s = 0;
        for (int i = 0; i < d; i++) {
          s += dot ? xi[mu * d + i] * x[xo + i] : sq(x[xo + i] - xi[mu * d + i]);
        }
        a[mu] = dot ? beta * s : -0.5 * beta * s;
        max = Math.max(max, a[mu]);
      }
      double sum = 0;
      for (int mu = 0; mu < k; mu++) {
        sum += Math.exp(a[mu] - max);
      }
      if (energy != null) {
        double e = -(max + Math.log(sum)) / beta;
        if (dot) {
          double n2 = 0;
          for (int i = 0; i < d; i++) {
            n2 += x[xo + i] * x[xo + i];
          }
          e += 0.5 * n2;
        }
        energy[b] = e;
      }
      if (grad != null) {
        // ∇E = x - Σ_μ softmax_μ(a) ξ_μ, for both similarities.
        for (int i = 0; i < d; i++) {
          grad[xo + i] = x[xo + i];
        }
        for (int mu = 0; mu < k; mu++) {
          double p = Math.exp(a[mu] - max) / sum;
          for (int i = 0; i < d; i++) {
            grad[xo + i] -= p * xi[mu * d + i];
          }
        }
      }
    }
  }

  @Override
  public void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi) {
    int d = map.d(), y = map.y();
    double[] z = new double[d];
    double[] features = new double[y];
    double[] omega = new double[d];
    for (int b = 0; b < batch; b++) {
      scaled(x, b, d, beta, z);
      features(map, z, features, omega);
      System.arraycopy(features, 0, phi, b * y, y);
    }
  }

  @Override
  public void procMems(FeatureMap map, double beta, double[] mems, int k, double sign, double[] t) {
    int d = map.d(), y = map.y();
    double[] z = new double[d];
    double[] features = new double[y];
    double[] omega = new double[d];
    for (int mu = 0; mu < k; mu++) {
      scaled(mems, mu, d, beta, z);
      features(map, z, features, omega);
      for (int j = 0; j < y; j++) {
        t[j] += sign * features[j];
      }
    }
  }

  @Override
  public void gradComp(
      FeatureMap map, double beta, double[] t, double[] x, int batch, double[] energy,
      double[] grad) {
    int d = map.d(), m = map.projections();
    Basis basis = map.basis();
    double c = map.scale();
    double sqrtBeta = Math.sqrt(beta);
    double[] z = new double[d];
    double[] omega = new double[d];
    double[] jt = new double[d]; // J_φ(z)ᵀ T
    int[] words = new int[4];
    for (int b = 0; b < batch; b++) {
      scaled(x, b, d, beta, z);
      double n2 = dot(z, z, d);
      double s = 0;
      java.util.Arrays.fill(jt, 0);
      for (int alpha = 0; alpha < m; alpha++) {
        Gaussian.row(map.seed(), alpha, d, omega, 0, words);
        double h = dot(omega, z, d);
        double value; // Σ_j T_j φ_j over this projection's features
        double slope; // Σ_j T_j ∂φ_j/∂h
        switch (basis) {
          case SINCOS -> {
            value = c * (t[2 * alpha] * Math.cos(h) + t[2 * alpha + 1] * Math.sin(h));
            slope = c * (-t[2 * alpha] * Math.sin(h) + t[2 * alpha + 1] * Math.cos(h));
          }
          case COS -> {
            double bias = Gaussian.bias(map.seed(), alpha);
            value = c * t[alpha] * Math.cos(h + bias);
            slope = -c * t[alpha] * Math.sin(h + bias);
          }
          case EXP -> {
            double f = c * Math.exp(h - n2);
            value = t[alpha] * f;
            slope = t[alpha] * f;
          }
          case EXPEXP -> {
            double fp = c * Math.exp(h - n2);
            double fm = c * Math.exp(-h - n2);
            value = t[2 * alpha] * fp + t[2 * alpha + 1] * fm;
            slope = t[2 * alpha] * fp - t[2 * alpha + 1] * fm;
          }
          default -> throw new IllegalStateException(basis.toString());
        }
        s += value;
        for (int i = 0; i < d; i++) {
          jt[i] += slope * omega[i];
        }
      }
      if (!basis.trigonometric()) {
        // ∂φ_j/∂z also carries the factor exp(-||z||²): its derivative adds -2 z φ_j.
        for (int i = 0; i < d; i++) {
          jt[i] -= 2 * z[i] * s;
        }
      }
      basis.checkInnerProduct(s);
      boolean clipped = s < basis.clip();
      if (energy != null) {
        energy[b] = -Math.log(Math.max(basis.clip(), s)) / beta;
      }
      if (grad != null) {
        for (int i = 0; i < d; i++) {
          grad[b * d + i] = clipped ? 0.0 : -jt[i] / (sqrtBeta * s);
        }
      }
    }
  }

  /** φ(z) for one input, regenerating each ω_α. */
  private static void features(FeatureMap map, double[] z, double[] out, double[] omega) {
    int d = map.d(), m = map.projections();
    double c = map.scale();
    double n2 = dot(z, z, d);
    int[] words = new int[4];
    for (int alpha = 0; alpha < m; alpha++) {
      Gaussian.row(map.seed(), alpha, d, omega, 0, words);
      double h = dot(omega, z, d);
      switch (map.basis()) {
        case SINCOS -> {
          out[2 * alpha] = c * Math.cos(h);
          out[2 * alpha + 1] = c * Math.sin(h);
        }
        case COS -> out[alpha] = c * Math.cos(h + Gaussian.bias(map.seed(), alpha));
        case EXP -> out[alpha] = c * Math.exp(h - n2);
        case EXPEXP -> {
          out[2 * alpha] = c * Math.exp(h - n2);
          out[2 * alpha + 1] = c * Math.exp(-h - n2);
        }
        default -> throw new IllegalStateException(map.basis().toString());
      }
    }
    if (!map.basis().trigonometric()) {
      for (int j = 0; j < map.y(); j++) {
        map.basis().checkFeature(out[j]);
      }
    }
  }


  private static void scaled(double[] x, int row, int d, double beta, double[] z) {
    double sqrtBeta = Math.sqrt(beta);
    for (int i = 0; i < d; i++) {
      z[i] = sqrtBeta * x[row * d + i];
    }
  }

  private static double dot(double[] a, double[] b, int d) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double sq(double v) {
    return v * v;
  }
}
