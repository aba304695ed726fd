package org.denseam.backend.reference;

import org.denseam.backend.Backend;
import org.denseam.backend.DistributedPatterns;
import org.denseam.backend.ExactPatterns;
import org.denseam.backend.Rows;
import org.denseam.backend.Similarity;
import org.denseam.features.Basis;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureMap;
import org.denseam.features.Projection;
import org.denseam.features.Sorf;
import org.denseam.rng.Gaussian;

/**
 * The double-precision reference: plain sequential loops that follow the formulas literally. It is
 * the oracle every other backend is tested against, not a fast path.
 *
 * <p>Each projection row {@code ω_α} (or SORF block) is regenerated when needed and dropped, so
 * RF, ProcMems and GradComp use O(D + Y) memory, as in Algorithm 1: the projections h and the
 * slopes of one input (length m ≤ Y) and a few D- or P-vectors.
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
  public void exact(ExactPatterns patterns, double[] x, int batch, double[] energy, double[] grad) {
    int k = patterns.k(), d = patterns.d();
    double beta = patterns.beta();
    // Widened to float64 once per call (shared, not copied, when the patterns already are).
    double[] xi = patterns.patterns().asDoubles();
    boolean dot = patterns.similarity() == Similarity.DOT;
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
    for (int b = 0; b < batch; b++) {
      scaled(x, b, d, beta, z);
      features(map, z, features);
      System.arraycopy(features, 0, phi, b * y, y);
    }
  }

  @Override
  public void procMems(FeatureMap map, double beta, Rows mems, double sign, double[] t) {
    int d = map.d(), y = map.y(), k = mems.count();
    double[] z = new double[d];
    double[] row = new double[d];
    double[] features = new double[y];
    for (int mu = 0; mu < k; mu++) {
      mems.copy(mu, 1, row, 0);
      scaled(row, 0, d, beta, z);
      features(map, z, features);
      for (int j = 0; j < y; j++) {
        t[j] += sign * features[j];
      }
    }
  }

  @Override
  public void gradComp(
      DistributedPatterns memory, double[] x, int batch, double[] energy, double[] grad) {
    FeatureMap map = memory.map();
    double beta = memory.beta();
    double[] t = memory.t();
    int d = map.d(), m = map.projections();
    Basis basis = map.basis();
    double c = map.scale();
    double sqrtBeta = Math.sqrt(beta);
    double[] z = new double[d];
    double[] h = new double[m];
    double[] slope = new double[m]; // Σ_j T_j ∂φ_j/∂h_α for each projection α
    double[] jt = new double[d]; // J_φ(z)ᵀ T
    for (int b = 0; b < batch; b++) {
      scaled(x, b, d, beta, z);
      double n2 = dot(z, z, d);
      projections(map, z, h);
      double s = 0;
      for (int alpha = 0; alpha < m; alpha++) {
        double value; // Σ_j T_j φ_j over this projection's features
        switch (basis) {
          case SINCOS -> {
            value = c * (t[2 * alpha] * Math.cos(h[alpha]) + t[2 * alpha + 1] * Math.sin(h[alpha]));
            slope[alpha] =
                c * (-t[2 * alpha] * Math.sin(h[alpha]) + t[2 * alpha + 1] * Math.cos(h[alpha]));
          }
          case COS -> {
            double bias = Gaussian.bias(map.seed(), alpha);
            value = c * t[alpha] * Math.cos(h[alpha] + bias);
            slope[alpha] = -c * t[alpha] * Math.sin(h[alpha] + bias);
          }
          case EXP -> {
            double f = c * Math.exp(h[alpha] - n2);
            value = t[alpha] * f;
            slope[alpha] = t[alpha] * f;
          }
          case EXPEXP -> {
            double fp = c * Math.exp(h[alpha] - n2);
            double fm = c * Math.exp(-h[alpha] - n2);
            value = t[2 * alpha] * fp + t[2 * alpha + 1] * fm;
            slope[alpha] = t[2 * alpha] * fp - t[2 * alpha + 1] * fm;
          }
          default -> throw new IllegalStateException(basis.toString());
        }
        s += value;
      }
      backProject(map, slope, jt);
      if (!basis.trigonometric()) {
        // ∂φ_j/∂z also carries the factor exp(-||z||²): its derivative adds -2 z φ_j.
        for (int i = 0; i < d; i++) {
          jt[i] -= 2 * z[i] * s;
        }
      }
      basis.checkInnerProduct(s);
      boolean clipped = s < basis.clip();
      if (energy != null) {
        energy[b] = FeatureKernels.energy(s, basis.clip(), beta);
      }
      if (grad != null) {
        for (int i = 0; i < d; i++) {
          grad[b * d + i] = clipped ? 0.0 : -jt[i] / (sqrtBeta * s);
        }
      }
    }
  }

  /** All projections {@code h_α = <ω_α, z>}, regenerating each ω_α (or each SORF block). */
  private static void projections(FeatureMap map, double[] z, double[] h) {
    int d = map.d(), m = map.projections();
    if (map.projection() == Projection.SORF) {
      Sorf.project(
          map.seed(), d, m, z, h, Sorf.rowScales(map.seed(), d, m), new double[Sorf.padded(d)]);
      return;
    }
    double[] omega = new double[d];
    int[] words = new int[4];
    for (int alpha = 0; alpha < m; alpha++) {
      Gaussian.row(map.seed(), alpha, d, omega, 0, words);
      h[alpha] = dot(omega, z, d);
    }
  }

  /** {@code jt = Σ_α slope_α ω_α}, regenerating each ω_α (or running each SORF block backwards). */
  private static void backProject(FeatureMap map, double[] slope, double[] jt) {
    int d = map.d(), m = map.projections();
    if (map.projection() == Projection.SORF) {
      Sorf.backProject(map.seed(), d, m, slope, jt, Sorf.rowScales(map.seed(), d, m),
          new double[Sorf.padded(d)]);
      return;
    }
    double[] omega = new double[d];
    int[] words = new int[4];
    java.util.Arrays.fill(jt, 0);
    for (int alpha = 0; alpha < m; alpha++) {
      Gaussian.row(map.seed(), alpha, d, omega, 0, words);
      for (int i = 0; i < d; i++) {
        jt[i] += slope[alpha] * omega[i];
      }
    }
  }

  /** φ(z) for one input. */
  private static void features(FeatureMap map, double[] z, double[] out) {
    int d = map.d(), m = map.projections();
    double c = map.scale();
    double n2 = dot(z, z, d);
    double[] h = new double[m];
    projections(map, z, h);
    for (int alpha = 0; alpha < m; alpha++) {
      switch (map.basis()) {
        case SINCOS -> {
          out[2 * alpha] = c * Math.cos(h[alpha]);
          out[2 * alpha + 1] = c * Math.sin(h[alpha]);
        }
        case COS -> out[alpha] = c * Math.cos(h[alpha] + Gaussian.bias(map.seed(), alpha));
        case EXP -> out[alpha] = c * Math.exp(h[alpha] - n2);
        case EXPEXP -> {
          out[2 * alpha] = c * Math.exp(h[alpha] - n2);
          out[2 * alpha + 1] = c * Math.exp(-h[alpha] - n2);
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
