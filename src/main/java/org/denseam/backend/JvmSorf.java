package org.denseam.backend;

import java.util.function.IntConsumer;
import org.denseam.features.FeatureKernels;
import org.denseam.features.FeatureMap;
import org.denseam.features.Sorf;
import org.denseam.rng.Gaussian;

/**
 * The JVM backend's path for SORF feature maps: the structured projections of {@link Sorf}
 * (float64 Walsh-Hadamard transforms, the same code as the reference), float32 feature arithmetic
 * of {@link FeatureKernels}, on all cores. Work is split by input (RF, GradComp) or into a fixed
 * number of memory chunks (ProcMems), so results do not depend on the thread count. Working memory
 * per thread: the m projections and slopes of one input and a P-vector.
 */
final class JvmSorf {
  /** Memory chunks of ProcMems, each with its own partial T, summed in order. */
  static final int CHUNKS = 16;

  /** Runs {@code body(i)} for i in [0, n), possibly in parallel. */
  interface Parallel {
    void run(int n, IntConsumer body);
  }

  private JvmSorf() {}

  /** Scaled input z = √β x_row and its projections h (length m). */
  private static float n2AndProject(FeatureMap map, double beta, double[] x, int row, double[] z,
      double[] h, double[] rho, double[] scratch) {
    int d = map.d();
    double sqrtBeta = Math.sqrt(beta);
    float n2 = 0f;
    for (int i = 0; i < d; i++) {
      z[i] = sqrtBeta * x[row * d + i];
      n2 += (float) (z[i] * z[i]);
    }
    Sorf.project(map.seed(), d, map.projections(), z, h, rho, scratch);
    return n2;
  }

  static void rf(FeatureMap map, double beta, double[] x, int batch, double[] phi, Parallel par) {
    int d = map.d(), m = map.projections(), y = map.y(), code = map.basis().code();
    float c = (float) map.scale();
    double[] rho = Sorf.rowScales(map.seed(), d, m);
    par.run(batch, b -> {
      double[] z = new double[d];
      double[] h = new double[m];
      float n2 = n2AndProject(map, beta, x, b, z, h, rho, new double[Sorf.padded(d)]);
      for (int a = 0; a < m; a++) {
        float bias = bias(map, code, a);
        if (map.basis().paired()) {
          phi[b * y + 2 * a] = FeatureKernels.first(code, c, (float) h[a], bias, n2);
          phi[b * y + 2 * a + 1] = FeatureKernels.second(code, c, (float) h[a], n2);
        } else {
          phi[b * y + a] = FeatureKernels.first(code, c, (float) h[a], bias, n2);
        }
      }
    });
  }

  static void procMems(
      FeatureMap map, double beta, double[] mems, int k, double sign, double[] t, Parallel par) {
    int d = map.d(), m = map.projections(), y = map.y(), code = map.basis().code();
    float c = (float) map.scale();
    int chunks = Math.min(CHUNKS, k);
    double[][] partial = new double[chunks][y];
    double[] rho = Sorf.rowScales(map.seed(), d, m);
    par.run(chunks, ch -> {
      double[] z = new double[d];
      double[] h = new double[m];
      double[] scratch = new double[Sorf.padded(d)];
      double[] tp = partial[ch];
      for (int mu = (int) ((long) k * ch / chunks); mu < (long) k * (ch + 1) / chunks; mu++) {
        float n2 = n2AndProject(map, beta, mems, mu, z, h, rho, scratch);
        for (int a = 0; a < m; a++) {
          float bias = bias(map, code, a);
          if (map.basis().paired()) {
            tp[2 * a] += FeatureKernels.first(code, c, (float) h[a], bias, n2);
            tp[2 * a + 1] += FeatureKernels.second(code, c, (float) h[a], n2);
          } else {
            tp[a] += FeatureKernels.first(code, c, (float) h[a], bias, n2);
          }
        }
      }
    });
    for (double[] tp : partial) {
      for (int j = 0; j < y; j++) {
        t[j] += sign * tp[j];
      }
    }
  }

  static void gradComp(FeatureMap map, double beta, double[] t, double[] x, int batch,
      double[] energy, double[] grad, Parallel par) {
    int d = map.d(), m = map.projections(), code = map.basis().code();
    boolean paired = map.basis().paired();
    float c = (float) map.scale();
    double sqrtBeta = Math.sqrt(beta);
    double[] rho = Sorf.rowScales(map.seed(), d, m);
    par.run(batch, b -> {
      double[] z = new double[d];
      double[] h = new double[m];
      double[] scratch = new double[Sorf.padded(d)];
      float n2 = n2AndProject(map, beta, x, b, z, h, rho, scratch);
      double s = 0;
      for (int a = 0; a < m; a++) {
        float bias = bias(map, code, a);
        float t0 = (float) (paired ? t[2 * a] : t[a]);
        float t1 = (float) (paired ? t[2 * a + 1] : 0);
        s += FeatureKernels.value(code, c, (float) h[a], bias, n2, t0, t1);
        h[a] = FeatureKernels.slope(code, c, (float) h[a], bias, n2, t0, t1); // h now holds slopes
      }
      map.basis().checkInnerProduct(s);
      double[] jt = new double[d];
      Sorf.backProject(map.seed(), d, m, h, jt, rho, scratch);
      boolean clipped = s < map.basis().clip();
      if (energy != null) {
        energy[b] = (float) (-Math.log(Math.max(map.basis().clip(), s)) / beta);
      }
      if (grad != null) {
        for (int i = 0; i < d; i++) {
          grad[b * d + i] = clipped ? 0.0 : (float) (-jt[i] / (sqrtBeta * s));
        }
      }
    });
  }

  private static float bias(FeatureMap map, int code, int alpha) {
    return code == FeatureKernels.COS ? (float) Gaussian.bias(map.seed(), alpha) : 0f;
  }
}
