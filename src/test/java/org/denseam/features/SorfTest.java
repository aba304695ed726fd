package org.denseam.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.denseam.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SorfTest {

  /** The fast transform equals the dense Sylvester-Hadamard matrix H_P[i][j] = (-1)^popcount(i&j). */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8, 16, 64})
  void fwhtMatchesDenseHadamard(int p) {
    double[] v = TestData.uniform(p, -1, 1, p);
    double[] expected = new double[p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        expected[i] += (Integer.bitCount(i & j) % 2 == 0 ? 1 : -1) * v[j];
      }
    }
    double[] fast = v.clone();
    Sorf.fwht(fast, 0, p);
    for (int i = 0; i < p; i++) {
      assertEquals(expected[i], fast[i], 1e-12);
    }
  }

  /** Each block's rows are orthogonal with norm √P, and the transpose runs the block backwards. */
  @ParameterizedTest
  @ValueSource(ints = {8, 32, 128})
  void blocksAreOrthogonalAndTransposeIsExact(int p) {
    long seed = 11;
    for (int block = 0; block < 3; block++) {
      double[][] w = new double[p][p]; // w[r][i] = (W e_i)_r
      for (int i = 0; i < p; i++) {
        double[] e = new double[p];
        e[i] = 1;
        Sorf.forward(seed, block, e);
        for (int r = 0; r < p; r++) {
          w[r][i] = e[r];
        }
      }
      for (int r = 0; r < p; r++) {
        for (int s = 0; s < p; s++) {
          double dot = 0;
          for (int i = 0; i < p; i++) {
            dot += w[r][i] * w[s][i];
          }
          assertEquals(r == s ? p : 0, dot, 1e-9, "rows " + r + ", " + s);
        }
      }
      double[] v = TestData.uniform(p, -1, 1, 1);
      double[] u = TestData.uniform(p, -1, 1, 2);
      double[] wv = v.clone();
      Sorf.forward(seed, block, wv);
      double[] wtu = u.clone();
      Sorf.transpose(seed, block, wtu);
      double lhs = 0, rhs = 0;
      for (int i = 0; i < p; i++) {
        lhs += wv[i] * u[i];
        rhs += v[i] * wtu[i];
      }
      assertEquals(lhs, rhs, 1e-9);
    }
  }

  /** The fast sign application uses exactly the bits of {@link Sorf#sign}. */
  @Test
  void forwardUsesTheDocumentedSigns() {
    int p = 256;
    double[] v = TestData.uniform(p, -1, 1, 9);
    double[] fast = v.clone();
    Sorf.forward(7, 3, fast);
    double[] slow = v.clone();
    for (int j = 2; j >= 0; j--) {
      for (int i = 0; i < p; i++) {
        slow[i] *= Sorf.sign(7, 3, j, i);
      }
      Sorf.fwht(slow, 0, p);
    }
    for (int i = 0; i < p; i++) {
      assertEquals(slow[i] / p, fast[i], 1e-12);
    }
  }

  /** The float signs of a whole diagonal are the bits of {@link Sorf#sign}, for any P. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 32, 64, 128, 512})
  void signDiagonalsMatchSingleSigns(int p) {
    float[] out = new float[p + 3];
    for (int block = 0; block < 3; block++) {
      for (int j = 0; j < 3; j++) {
        Sorf.signs(11, block, j, p, out, 3);
        for (int i = 0; i < p; i++) {
          assertEquals(Sorf.sign(11, block, j, i), out[3 + i], 0.0, "S_" + j + "[" + i + "]");
        }
      }
    }
  }

  /** Signs are balanced and blocks differ; row norms follow χ_D (mean ≈ sqrt(D - 1/2)). */
  @Test
  void signsAndRowNormsHaveTheirDistributions() {
    int n = 0, minus = 0;
    for (int b = 0; b < 4; b++) {
      for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 1024; i++) {
          minus += Sorf.sign(5, b, j, i) < 0 ? 1 : 0;
          n++;
        }
      }
    }
    assertEquals(0.5, (double) minus / n, 0.02);
    int d = 32, rows = 20000;
    double sum = 0, sum2 = 0;
    for (int a = 0; a < rows; a++) {
      double chi = Sorf.rowScale(5, a, d) * Math.sqrt(d);
      sum += chi;
      sum2 += chi * chi;
    }
    assertEquals(Math.sqrt(d - 0.5), sum / rows, 0.02);
    assertEquals(d, sum2 / rows, 0.15); // E χ² = D
  }

  @Test
  void projectAndBackProjectAreTransposes() {
    int d = 20, m = 100;
    long seed = 3;
    int p = Sorf.padded(d);
    assertEquals(32, p);
    double[] z = TestData.uniform(d, -1, 1, 4);
    double[] c = TestData.uniform(m, -1, 1, 5);
    double[] h = new double[m];
    double[] rho = Sorf.rowScales(seed, d, m);
    Sorf.project(seed, d, m, z, h, rho, new double[p]);
    double[] back = new double[d];
    Sorf.backProject(seed, d, m, c, back, rho, new double[p]);
    double lhs = 0, rhs = 0;
    for (int a = 0; a < m; a++) {
      lhs += h[a] * c[a];
    }
    for (int i = 0; i < d; i++) {
      rhs += z[i] * back[i];
    }
    assertEquals(lhs, rhs, 1e-9);
  }

  @Test
  void sorfNeedsTrigonometricFeatures() {
    assertThrows(IllegalArgumentException.class,
        () -> new FeatureMap(Basis.EXP, 4, 8, 1, Projection.SORF));
    assertTrue(new FeatureMap(Basis.COS, 4, 8, 1, Projection.SORF).projection() == Projection.SORF);
  }

  // ------------------------------------------------------------------ float32 kernel path

  /** The kernel sign words carry exactly the bits of {@link Sorf#sign}, from any first index. */
  @Test
  void signWordsAndSignGroupsUseTheDocumentedSigns() {
    long seed = 0x243F6A8885A308D3L;
    for (int b = 0; b < 3; b++) {
      for (int j = 0; j < 3; j++) {
        for (int i = 0; i < 600; i++) {
          assertEquals(Sorf.sign(seed, b, j, i), Sorf.signFloat(seed, b, j, i), 0.0);
        }
        for (int i0 : new int[] {0, 5, 31, 32, 63, 100}) {
          float[] v = new float[150];
          java.util.Arrays.fill(v, 2f);
          Sorf.signGroup(v, 7, 140, seed, b, j, i0);
          for (int e = 0; e < 150; e++) {
            double want = e < 7 || e >= 147 ? 2 : 2 * Sorf.sign(seed, b, j, i0 + e - 7);
            assertEquals(want, v[e], 0.0, "b " + b + " j " + j + " i0 " + i0 + " e " + e);
          }
        }
      }
    }
  }

  /** The groups of a pass cover every entry of the segment exactly once, for every pass split. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 8, 64, 512, 1 << 15})
  void passesSplitTheStagesAndGroupsCoverTheSegment(int p) {
    for (int passes = 1; passes <= 3; passes++) {
      int h = 1, total = 0;
      for (int k = 0; k < passes; k++) {
        int q = Sorf.passStages(p, passes, k);
        int[] seen = new int[p];
        for (int g = 0; g < p >> q; g++) {
          int base = Sorf.groupBase(g, h, q);
          for (int e = 0; e < 1 << q; e++) {
            seen[base + e * h]++;
          }
        }
        for (int i = 0; i < p; i++) {
          assertEquals(1, seen[i], "P " + p + " passes " + passes + " pass " + k + " entry " + i);
        }
        total += q;
        h <<= q;
      }
      assertEquals(Integer.numberOfTrailingZeros(p), total);
    }
  }

  /** The float32 transform in passes of butterfly groups equals the float64 one. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 64, 512})
  void floatFwhtInPassesMatchesFwht(int p) {
    double[] v = TestData.uniform(p, -1, 1, p + 1);
    double[] ref = v.clone();
    Sorf.fwht(ref, 0, p);
    for (int passes = 1; passes <= 3; passes++) {
      float[] f = new float[p + 3];
      for (int i = 0; i < p; i++) {
        f[i + 3] = (float) v[i];
      }
      Sorf.fwhtFloat(f, 3, p, passes);
      for (int i = 0; i < p; i++) {
        assertEquals(ref[i], f[i + 3], 1e-5 * Math.sqrt(p), "P " + p + " passes " + passes);
      }
    }
  }

  /**
   * The float32 projections and transpose products in the kernels' order of operations equal the
   * float64 reference ({@link Sorf#project}, {@link Sorf#backProject}): D not a power of two, a
   * partial last block.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 50, 200})
  void floatTransformsMatchTheReference(int d) {
    long seed = 17;
    int p = Sorf.padded(d);
    int m = 5 * p + p / 2 + 1;
    double[] z = TestData.uniform(d, -1, 1, 21);
    double[] c = TestData.uniform(m, -1, 1, 22);
    double[] rho = Sorf.rowScales(seed, d, m);
    double[] h = new double[m];
    Sorf.project(seed, d, m, z, h, rho, new double[p]);
    double[] back = new double[d];
    Sorf.backProject(seed, d, m, c, back, rho, new double[p]);
    float[] zf = new float[d];
    for (int i = 0; i < d; i++) {
      zf[i] = (float) z[i];
    }
    float[] cf = new float[m];
    for (int a = 0; a < m; a++) {
      cf[a] = (float) c[a];
    }
    for (int passes = 1; passes <= 3; passes++) {
      float[] hf = new float[m];
      Sorf.forwardFloat(seed, d, m, zf, hf, new float[p], passes);
      float[] bf = new float[d];
      Sorf.transposeFloat(seed, d, m, cf, bf, new float[p], passes);
      double[] hd = new double[m];
      for (int a = 0; a < m; a++) {
        hd[a] = hf[a];
      }
      double[] bd = new double[d];
      for (int i = 0; i < d; i++) {
        bd[i] = bf[i];
      }
      assertTrue(TestData.relMaxError(hd, h) <= 1e-5, "D " + d + " projections");
      assertTrue(TestData.relMaxError(bd, back) <= 1e-5, "D " + d + " transpose");
    }
  }
}
