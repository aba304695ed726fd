package org.denseam.backend.tornado;

import org.denseam.features.FeatureKernels;
import org.denseam.rng.Gaussian;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The DrDAM kernels of Algorithm 1 (RF, ProcMems, GradComp) for TornadoVM: static methods over
 * flat float arrays. Every projection component {@code ω_{α,i}} is regenerated in the kernel from
 * the seed ({@link Gaussian#omega}), and the per-element feature arithmetic is {@link
 * FeatureKernels}: the code the JVM backend runs. No buffer has D × Y entries or grows with K.
 *
 * <p>Shapes: {@code rows} inputs of dimension {@code d}; {@code m} projections; T of length Y.
 */
public final class DrDamKernels {
  private DrDamKernels() {}

  /**
   * Scales the inputs, {@code z = √β x}, and takes their squared norms.
   *
   * @param x inputs, rows × d
   * @param z output, rows × d
   * @param n2 output, {@code ||z_r||²}
   * @param rows number of inputs
   * @param d dimension D
   * @param sqrtBeta √β
   */
  public static void scale(float[] x, float[] z, float[] n2, int rows, int d, float sqrtBeta) {
    for (@Parallel int r = 0; r < rows; r++) {
      float s = 0f;
      for (int i = 0; i < d; i++) {
        float v = sqrtBeta * x[r * d + i];
        z[r * d + i] = v;
        s += v * v;
      }
      n2[r] = s;
    }
  }

  /**
   * Projections {@code h[r·m + α] = <ω_α, z_r>}; each thread owns one α and regenerates
   * {@code ω_{α,i}} once for the whole batch.
   *
   * @param z scaled inputs, rows × d
   * @param h output, rows × m
   * @param rows number of inputs
   * @param d dimension D
   * @param m number of projections
   * @param seed seed τ
   */
  public static void project(float[] z, float[] h, int rows, int d, int m, long seed) {
    for (@Parallel int a = 0; a < m; a++) {
      for (int r = 0; r < rows; r++) {
        h[r * m + a] = 0f;
      }
      for (int i = 0; i < d; i++) {
        float w = (float) Gaussian.omega(seed, a, i);
        for (int r = 0; r < rows; r++) {
          h[r * m + a] += w * z[r * d + i];
        }
      }
    }
  }

  /**
   * RF: the features {@code φ(z_r)}.
   *
   * @param h projections, rows × m
   * @param n2 squared norms of the scaled inputs
   * @param phi output, rows × y
   * @param rows number of inputs
   * @param m number of projections
   * @param y feature dimension Y
   * @param basis basis code ({@link FeatureKernels})
   * @param c normalisation constant
   * @param seed seed τ (for Cos shifts)
   * @param paired 1 if the basis emits two features per projection
   */
  public static void features(float[] h, float[] n2, float[] phi, int rows, int m, int y,
      int basis, float c, long seed, int paired) {
    for (@Parallel int r = 0; r < rows; r++) {
      for (@Parallel int a = 0; a < m; a++) {
        float bias = basis == FeatureKernels.COS ? (float) Gaussian.bias(seed, a) : 0f;
        float hv = h[r * m + a];
        if (paired == 1) {
          phi[r * y + 2 * a] = FeatureKernels.first(basis, c, hv, bias, n2[r]);
          phi[r * y + 2 * a + 1] = FeatureKernels.second(basis, c, hv, n2[r]);
        } else {
          phi[r * y + a] = FeatureKernels.first(basis, c, hv, bias, n2[r]);
        }
      }
    }
  }

  /**
   * ProcMems: {@code dt = sign · Σ_r φ(z_r)}, summed over the batch in order (deterministic).
   *
   * @param h projections of the memories, rows × m
   * @param n2 squared norms of the scaled memories
   * @param dt output, length Y
   * @param rows number of memories
   * @param m number of projections
   * @param basis basis code
   * @param c normalisation constant
   * @param seed seed τ (for Cos shifts)
   * @param paired 1 if the basis emits two features per projection
   * @param sign +1 to add, -1 to remove
   */
  public static void accumulate(float[] h, float[] n2, float[] dt, int rows, int m, int basis,
      float c, long seed, int paired, float sign) {
    for (@Parallel int a = 0; a < m; a++) {
      float bias = basis == FeatureKernels.COS ? (float) Gaussian.bias(seed, a) : 0f;
      float f0 = 0f;
      float f1 = 0f;
      for (int r = 0; r < rows; r++) {
        float hv = h[r * m + a];
        f0 += sign * FeatureKernels.first(basis, c, hv, bias, n2[r]);
        if (paired == 1) {
          f1 += sign * FeatureKernels.second(basis, c, hv, n2[r]);
        }
      }
      if (paired == 1) {
        dt[2 * a] = f0;
        dt[2 * a + 1] = f1;
      } else {
        dt[a] = f0;
      }
    }
  }

  /**
   * GradComp, first pass: for each input and projection, its share of {@code s = <φ(z), T>} and
   * the slope multiplying {@code ω_α} in {@code J_φ(z)ᵀ T}.
   *
   * @param h projections, rows × m
   * @param n2 squared norms of the scaled inputs
   * @param t the vector T
   * @param value output, rows × m
   * @param slope output, rows × m
   * @param rows number of inputs
   * @param m number of projections
   * @param basis basis code
   * @param c normalisation constant
   * @param seed seed τ (for Cos shifts)
   * @param paired 1 if the basis emits two features per projection
   */
  public static void coefficients(float[] h, float[] n2, float[] t, float[] value, float[] slope,
      int rows, int m, int basis, float c, long seed, int paired) {
    for (@Parallel int r = 0; r < rows; r++) {
      for (@Parallel int a = 0; a < m; a++) {
        float bias = basis == FeatureKernels.COS ? (float) Gaussian.bias(seed, a) : 0f;
        float t0 = paired == 1 ? t[2 * a] : t[a];
        float t1 = paired == 1 ? t[2 * a + 1] : 0f;
        int k = r * m + a;
        value[k] = FeatureKernels.value(basis, c, h[k], bias, n2[r], t0, t1);
        slope[k] = FeatureKernels.slope(basis, c, h[k], bias, n2[r], t0, t1);
      }
    }
  }

  /**
   * {@code s_r = Σ_α value} (accumulated in double) and the energy {@code -(1/β) log max(ε, s)}.
   *
   * @param value shares of s, rows × m
   * @param s output, length rows
   * @param energy output, length rows
   * @param rows number of inputs
   * @param m number of projections
   * @param beta β
   * @param clip ε
   */
  public static void energy(float[] value, float[] s, float[] energy, int rows, int m, float beta,
      double clip) {
    for (@Parallel int r = 0; r < rows; r++) {
      double acc = 0.0;
      for (int a = 0; a < m; a++) {
        acc += value[r * m + a];
      }
      s[r] = (float) acc;
      energy[r] = (float) FeatureKernels.energy(acc, clip, beta);
    }
  }

  /**
   * GradComp, second pass: {@code acc_r = Σ_α slope[r·m + α] ω_α}; each thread owns one component
   * i and regenerates {@code ω_{α,i}} once for the whole batch.
   *
   * @param slope slopes, rows × m
   * @param acc output, rows × d
   * @param rows number of inputs
   * @param d dimension D
   * @param m number of projections
   * @param seed seed τ
   */
  public static void backProject(float[] slope, float[] acc, int rows, int d, int m, long seed) {
    for (@Parallel int i = 0; i < d; i++) {
      for (int r = 0; r < rows; r++) {
        acc[r * d + i] = 0f;
      }
      for (int a = 0; a < m; a++) {
        float w = (float) Gaussian.omega(seed, a, i);
        for (int r = 0; r < rows; r++) {
          acc[r * d + i] += slope[r * m + a] * w;
        }
      }
    }
  }

  /**
   * The gradient {@code ∇Ê = -(J_φᵀT - [exp bases] 2 z s) / (√β s)}, zero where {@code s < ε}.
   *
   * @param acc {@code Σ_α slope ω_α}, rows × d
   * @param z scaled inputs, rows × d
   * @param s inner products {@code <φ(z), T>}
   * @param grad output, rows × d
   * @param rows number of inputs
   * @param d dimension D
   * @param sqrtBeta √β
   * @param clip ε
   * @param exponential 1 for the Exp and ExpExp bases
   */
  public static void gradient(float[] acc, float[] z, float[] s, float[] grad, int rows, int d,
      float sqrtBeta, double clip, int exponential) {
    for (@Parallel int r = 0; r < rows; r++) {
      for (@Parallel int i = 0; i < d; i++) {
        float sv = s[r];
        float jt = acc[r * d + i];
        if (exponential == 1) {
          jt -= 2f * z[r * d + i] * sv;
        }
        grad[r * d + i] = sv < clip ? 0f : -jt / (sqrtBeta * sv);
      }
    }
  }
}
