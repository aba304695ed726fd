package org.denseam.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The register-blocked products of {@link Gemm} against one scalar loop per output that
 * accumulates over k in increasing order with {@link Math#fma}: bit for bit, for sizes that leave
 * every edge of the blocks (rows, query panels, column panels and queries that are not multiples
 * of a block), and for both block sets: this JVM's, and on a CPU with AVX-512 also the narrow one
 * of AVX2 in a child JVM limited to it ({@code -XX:UseAVX=2}).
 */
class GemmTest {
  private static final int L = Gemm.L;

  @Test
  void blockedProductsEqualTheScalarLoopBitForBit() {
    assertEquals("", mismatches());
  }

  @Test
  void narrowBlocksOfAvx2EqualTheScalarLoopToo() throws Exception {
    assumeTrue(Gemm.WIDE && System.getProperty("os.arch").matches("amd64|x86_64"),
        "the narrow blocks run in this JVM already, or this CPU is not x86");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:UseAVX=2",
        "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM still runs after 120 s");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("lanes 8, wide false, mismatches none"), out);
  }

  /** Runs the comparison in a JVM of its own and prints its vector width and result. */
  static final class Child {
    private Child() {}

    /**
     * Entry point of the child JVM.
     *
     * @param args none
     */
    public static void main(String[] args) {
      String m = mismatches();
      System.out.println("lanes " + L + ", wide " + Gemm.WIDE + ", mismatches "
          + (m.isEmpty() ? "none" : m));
      System.exit(m.isEmpty() ? 0 : 1);
    }
  }

  /** Every size combination's first differing output, or "" when all are bit-identical. */
  static String mismatches() {
    StringBuilder bad = new StringBuilder();
    SplittableRandom rnd = new SplittableRandom(20261207);
    for (int rows : new int[] {1, 4, 5, 6, 7, 13, 31}) {
      for (int panels : new int[] {1, 2, 3, 4, 5, 7, 9}) {
        for (int kd : new int[] {1, 3, 2 * L}) {
          String f = forward(rnd, rows, panels, kd);
          if (!f.isEmpty()) {
            bad.append(f).append('\n');
          }
        }
      }
    }
    for (int queries : new int[] {1, 3, 4, 5, 2 * L - 1, 2 * L + 5}) {
      for (int chunks : new int[] {1, 2, 3, 4, 5, 7, 9}) {
        for (int kk : new int[] {1, 7, 40}) {
          String b = backward(rnd, queries, chunks, kk);
          if (!b.isEmpty()) {
            bad.append(b).append('\n');
          }
        }
      }
    }
    return bad.toString();
  }

  private static String forward(SplittableRandom rnd, int rows, int panels, int kd) {
    int lda = kd + 3, aOff = 2, zs = kd * L + 5, hs = rows * L + 7;
    float[] a = fill(rnd, aOff + rows * lda);
    float[] z = fill(rnd, panels * zs);
    float[] h = new float[panels * hs];
    Gemm.forward(a, aOff, lda, rows, kd, z, zs, panels, h, hs);
    for (int p = 0; p < panels; p++) {
      for (int r = 0; r < rows; r++) {
        for (int lane = 0; lane < L; lane++) {
          float s = 0f;
          for (int k = 0; k < kd; k++) {
            s = Math.fma(z[p * zs + k * L + lane], a[aOff + r * lda + k], s);
          }
          float got = h[p * hs + r * L + lane];
          if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(s)) {
            return "forward rows=" + rows + " panels=" + panels + " kd=" + kd + ": H[" + r + "]["
                + (p * L + lane) + "] = " + got + ", scalar loop " + s;
          }
        }
      }
    }
    return "";
  }

  private static String backward(SplittableRandom rnd, int queries, int chunks, int kk) {
    int panels = Gemm.panels(queries), ws = kk * L + 3, aOff = 1, cs = kk * L + 9;
    int ldg = chunks * L + 2, gOff = 3;
    float[] w = fill(rnd, panels * ws);
    float[] a = fill(rnd, aOff + chunks * cs);
    float[] g = fill(rnd, gOff + queries * ldg);
    float[] g0 = g.clone();
    Gemm.backward(w, ws, a, aOff, cs, kk, queries, chunks, g, gOff, ldg);
    for (int b = 0; b < queries; b++) {
      for (int i = 0; i < chunks * L; i++) {
        float s = g0[gOff + b * ldg + i];
        for (int k = 0; k < kk; k++) {
          s = Math.fma(a[aOff + (i / L) * cs + k * L + i % L], w[(b / L) * ws + k * L + b % L], s);
        }
        float got = g[gOff + b * ldg + i];
        if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(s)) {
          return "backward queries=" + queries + " chunks=" + chunks + " kk=" + kk + ": G[" + b
              + "][" + i + "] = " + got + ", scalar loop " + s;
        }
      }
    }
    return "";
  }

  private static float[] fill(SplittableRandom rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return v;
  }
}
