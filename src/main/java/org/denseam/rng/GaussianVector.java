package org.denseam.rng;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.denseam.math.VectorMath;

/**
 * The projection stream of {@link Gaussian} and {@link Philox4x32}, computed {@link #LANES} Philox
 * blocks at a time with the Java Vector API (SIMD lanes of the CPU). Allocation-free and static,
 * like its scalar counterparts, which remain the specification.
 *
 * <ul>
 *   <li>The uint32 words are bit-identical to {@link Philox4x32#block}: the high halves of the
 *       32×32→64-bit products are taken on 64-bit lanes (even and odd 32-bit lanes separately,
 *       zero-extended), which x86 executes as {@code vpmuludq}; the low halves are 32-bit lane
 *       products.
 *   <li>The uniforms are the same exact float32 values as {@link Gaussian#uniform}.
 *   <li>Box-Muller runs in float32 with the polynomial {@link VectorMath#log} and sine and cosine,
 *       the angle {@code 2πu} reduced exactly in u (quadrant {@code round(4u)}), so the normals
 *       agree with the double-precision {@link Gaussian#row} to a few float32 ulps (tested in
 *       {@code GaussianVectorTest}) and are the same bits whether or not C2 has compiled the code.
 * </ul>
 *
 * <p><b>Layout.</b> One pass covers {@link #GROUP} = 4·LANES consecutive components of a row
 * ({@code LANES} Philox blocks). It stores the normals of word pair (0, 1) and (2, 3) of all lanes
 * as four contiguous vectors, so within each group component {@code i} is found at {@link
 * #permuted(int)}{@code (i)}. Kernels that contract or produce vectors along the component axis
 * apply the same permutation to their other operand and undo it on output.
 */
public final class GaussianVector {
  private static final VectorShape SHAPE = VectorShape.preferredShape();
  private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

  /** Philox blocks per vector pass (the number of 32-bit SIMD lanes). */
  public static final int LANES = IS.length();
  /** Components produced per pass: four words per block. */
  public static final int GROUP = 4 * LANES;

  private static final long LOW32 = 0xFFFFFFFFL;
  private static final long HIGH32 = 0xFFFFFFFF00000000L;
  private static final int M0_INT = (int) Philox4x32.M0;
  private static final int M1_INT = (int) Philox4x32.M1;
  private static final float TWO_POW_M23 = 0x1.0p-23f;
  private static final float HALF_ULP = 0x1.0p-24f;
  /** 1.5·2^23, for rounding to an integer by adding and subtracting it. */
  private static final float ROUNDER = 12582912f;
  /** 2π as an unevaluated sum of two floats. */
  private static final float TWO_PI_HI = (float) (2 * Math.PI);
  private static final float TWO_PI_LO = (float) (2 * Math.PI - TWO_PI_HI);
  private static final IntVector IOTA = IntVector.zero(IS).addIndex(1);

  static {
    if (LS.vectorShape() != SHAPE || FS.length() != LANES || LS.length() * 2 != LANES) {
      throw new IllegalStateException("unexpected vector species: " + IS + ", " + LS + ", " + FS);
    }
  }

  private GaussianVector() {}

  /**
   * Rounds a dimension up to whole groups.
   *
   * @param d dimension D
   * @return the smallest multiple of {@link #GROUP} that is at least D
   */
  public static int paddedDim(int d) {
    return (d + GROUP - 1) / GROUP * GROUP;
  }

  /**
   * Where component i of a row is stored in the grouped layout.
   *
   * @param i component index
   * @return its position: {@code GROUP·g + LANES·(i mod 4) + lane} for {@code i = GROUP·g + 4·lane
   *     + (i mod 4)}
   */
  public static int permuted(int i) {
    int g = i / GROUP, r = i - g * GROUP;
    return g * GROUP + (r & 3) * LANES + (r >>> 2);
  }

  /**
   * Philox4x32-10 of {@code LANES} blocks with counters {@code (c0 + lane, c1, c2, c3)}.
   *
   * @param c0 counter word 0 of lane 0
   * @param c1 counter word 1
   * @param c2 counter word 2
   * @param c3 counter word 3
   * @param k0 key word 0
   * @param k1 key word 1
   * @param out {@code out[off + LANES·w + lane]} = word w of the lane's block
   * @param off first index written
   */
  public static void blocks(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int off) {
    group(c0, c1, c2, c3, k0, k1, out, off);
  }

  /**
   * Regenerates the projection row {@code ω_α} in float32, components {@code [0, dp)} in the
   * grouped layout, row-major: {@code out[off + permuted(i)] ≈ (float) ω_{α,i}}. Components at
   * and beyond D are valid draws of the stream; callers pad their other operand with zeros there.
   *
   * @param seed the seed τ
   * @param alpha projection index α
   * @param dp number of components, a multiple of {@link #GROUP}
   * @param out destination
   * @param off index of component 0's group in {@code out}
   * @param words scratch of at least {@code dp} ints
   */
  public static void row(long seed, int alpha, int dp, float[] out, int off, int[] words) {
    row(seed, alpha, dp, out, off, LANES, words);
  }

  /**
   * Regenerates {@code ω_α} like {@link #row(long, int, int, float[], int, int[])}, but stores the
   * v-th run of {@link #LANES} grouped components at {@code out[off + v·stride]}: with {@code
   * stride = LANES} the row is contiguous; with {@code stride = n·LANES} n rows interleave into
   * the column-panel layout of the matrix kernels ({@code off = LANES·(row within the panel)}).
   *
   * @param seed the seed τ
   * @param alpha projection index α
   * @param dp number of components, a multiple of {@link #GROUP}
   * @param out destination
   * @param off index of run 0
   * @param stride distance between consecutive runs, at least LANES
   * @param words scratch of at least {@code dp} ints
   */
  public static void row(
      long seed, int alpha, int dp, float[] out, int off, int stride, int[] words) {
    row(seed, alpha, dp, out, off, stride, null, 0, 0, words);
  }

  /**
   * Regenerates {@code ω_α} into two layouts at once (see {@link #row(long, int, int, float[], int,
   * int, int[])}): run v goes to {@code out[off + v·stride]} and to {@code out2[off2 +
   * v·stride2]}.
   *
   * @param seed the seed τ
   * @param alpha projection index α
   * @param dp number of components, a multiple of {@link #GROUP}
   * @param out first destination
   * @param off index of run 0 in out
   * @param stride distance between runs in out
   * @param out2 second destination, or null
   * @param off2 index of run 0 in out2
   * @param stride2 distance between runs in out2
   * @param words scratch of at least {@code dp} ints
   */
  public static void row(long seed, int alpha, int dp, float[] out, int off, int stride,
      float[] out2, int off2, int stride2, int[] words) {
    // Two passes, each a leaf loop of Vector API calls only: C2 keeps vectors in registers only
    // when a loop body is fully inlined (see VectorMath).
    philoxRow(Gaussian.key0(seed), Gaussian.key1(seed), alpha, dp, words);
    boxMullerRow(words, dp, out, off, stride, out2, off2, stride2);
  }

  /** The words of blocks {@code (j, α, 0, 0)}, j < dp/4, grouped: LANES blocks per group. */
  private static void philoxRow(int k0, int k1, int alpha, int dp, int[] words) {
    for (int g = 0; g < dp; g += GROUP) {
      group(g >>> 2, alpha, Gaussian.STREAM_OMEGA, 0, k0, k1, words, g);
    }
  }

  /**
   * Philox4x32-10 of the blocks {@code (c0 + lane, c1, c2, c3)}. The low words of the products
   * are 32-bit lane multiplications; the high words come from 64-bit lanes holding the even and
   * the odd 32-bit lanes zero-extended, which C2 turns into {@code vpmuludq}.
   */
  private static void group(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int off) {
    LongVector m0 = LongVector.broadcast(LS, Philox4x32.M0);
    LongVector m1 = LongVector.broadcast(LS, Philox4x32.M1);
    IntVector x0 = IOTA.add(c0);
    IntVector x1 = IntVector.broadcast(IS, c1);
    IntVector x2 = IntVector.broadcast(IS, c2);
    IntVector x3 = IntVector.broadcast(IS, c3);
    int key0 = k0, key1 = k1;
    for (int r = 0; r < Philox4x32.ROUNDS; r++) {
      if (r > 0) {
        key0 += Philox4x32.W0;
        key1 += Philox4x32.W1;
      }
      LongVector a = x0.reinterpretAsLongs();
      LongVector c = x2.reinterpretAsLongs();
      LongVector ae = a.and(LOW32).mul(m0.and(LOW32));
      LongVector ao = a.lanewise(VectorOperators.LSHR, 32).mul(m0.and(LOW32));
      LongVector ce = c.and(LOW32).mul(m1.and(LOW32));
      LongVector co = c.lanewise(VectorOperators.LSHR, 32).mul(m1.and(LOW32));
      IntVector hi0 = ae.lanewise(VectorOperators.LSHR, 32).or(ao.and(HIGH32)).reinterpretAsInts();
      IntVector hi1 = ce.lanewise(VectorOperators.LSHR, 32).or(co.and(HIGH32)).reinterpretAsInts();
      IntVector lo0 = x0.mul(M0_INT);
      IntVector lo1 = x2.mul(M1_INT);
      x0 = hi1.lanewise(VectorOperators.XOR, x1).lanewise(VectorOperators.XOR, key0);
      x2 = hi0.lanewise(VectorOperators.XOR, x3).lanewise(VectorOperators.XOR, key1);
      x1 = lo1;
      x3 = lo0;
    }
    x0.intoArray(out, off);
    x1.intoArray(out, off + LANES);
    x2.intoArray(out, off + 2 * LANES);
    x3.intoArray(out, off + 3 * LANES);
  }

  /**
   * Box-Muller of every word pair {@code (words[p..p+L), words[p+L..p+2L))}, p a multiple of 2L:
   * {@code r cos θ} to run {@code p/L}, {@code r sin θ} to run {@code p/L + 1}. The logarithm,
   * sine and cosine are those of {@link VectorMath}, written out here so that the loop body is a
   * single inlined unit.
   */
  private static void boxMullerRow(int[] words, int dp, float[] out, int off, int stride,
      float[] out2, int off2, int stride2) {
    FloatVector one = FloatVector.broadcast(FS, 1f);
    FloatVector zero = FloatVector.zero(FS);
    for (int p = 0, o = off, o2 = off2; p < dp; p += 2 * LANES, o += 2 * stride, o2 += 2 * stride2) {
      FloatVector ua = ((FloatVector) IntVector.fromArray(IS, words, p)
          .lanewise(VectorOperators.LSHR, 9).convert(VectorOperators.I2F, 0))
          .fma(TWO_POW_M23, HALF_ULP);
      FloatVector ub = ((FloatVector) IntVector.fromArray(IS, words, p + LANES)
          .lanewise(VectorOperators.LSHR, 9).convert(VectorOperators.I2F, 0))
          .fma(TWO_POW_M23, HALF_ULP);
      // ln ua (VectorMath.log): ua = 2^e · m, m in [0.5, 1), doubled below √½.
      IntVector bits = ua.reinterpretAsInts();
      FloatVector m = bits.and(0x807FFFFF).or(0x3F000000).reinterpretAsFloats();
      VectorMask<Float> small = m.compare(VectorOperators.LT, VectorMath.SQRT_HALF);
      FloatVector f = m.add(zero.blend(m, small)).sub(one);
      FloatVector fe = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126)
          .convert(VectorOperators.I2F, 0)).sub(zero.blend(one, small));
      FloatVector z = f.mul(f);
      FloatVector g = f.fma(VectorMath.G0, VectorMath.G1);
      g = g.fma(f, FloatVector.broadcast(FS, VectorMath.G2));
      g = g.fma(f, FloatVector.broadcast(FS, VectorMath.G3));
      g = g.fma(f, FloatVector.broadcast(FS, VectorMath.G4));
      g = g.fma(f, FloatVector.broadcast(FS, VectorMath.G5));
      g = g.fma(f, FloatVector.broadcast(FS, VectorMath.G6));
      g = g.fma(f, FloatVector.broadcast(FS, VectorMath.G7));
      g = g.fma(f, FloatVector.broadcast(FS, VectorMath.G8));
      FloatVector y = g.mul(f).mul(z);
      y = fe.fma(FloatVector.broadcast(FS, VectorMath.LN2_LO), y);
      y = z.fma(FloatVector.broadcast(FS, -0.5f), y);
      FloatVector ln = fe.fma(FloatVector.broadcast(FS, VectorMath.LN2_HI), f.add(y));
      FloatVector r = ln.mul(-2f).sqrt();
      // θ = 2π ub reduced exactly in ub: quadrant n = round(4 ub), v = ub - n/4 (exact,
      // |v| ≤ 1/8), reduced angle 2π v with 2π as two floats.
      FloatVector n = ub.fma(4f, VectorMath.ROUNDER).sub(VectorMath.ROUNDER);
      FloatVector v = n.fma(FloatVector.broadcast(FS, -0.25f), ub);
      FloatVector a = v.fma(FloatVector.broadcast(FS, TWO_PI_HI), v.mul(TWO_PI_LO));
      FloatVector a2 = a.mul(a);
      FloatVector sp = a2.fma(VectorMath.S0, VectorMath.S1);
      sp = sp.fma(a2, FloatVector.broadcast(FS, VectorMath.S2));
      FloatVector sin = sp.mul(a2).fma(a, a);
      FloatVector cp = a2.fma(VectorMath.C0, VectorMath.C1);
      cp = cp.fma(a2, FloatVector.broadcast(FS, VectorMath.C2));
      FloatVector cos = cp.mul(a2.mul(a2)).add(a2.fma(-0.5f, 1f));
      // cos θ = cos(a + qπ/2), sin θ = sin(a + qπ/2).
      IntVector q = (IntVector) n.convert(VectorOperators.F2I, 0);
      VectorMask<Float> odd = q.and(1).compare(VectorOperators.NE, 0).cast(FS);
      IntVector sinSign = q.and(2).lanewise(VectorOperators.LSHL, 30);
      IntVector cosSign = q.add(1).and(2).lanewise(VectorOperators.LSHL, 30);
      FloatVector cq = cos.blend(sin, odd).reinterpretAsInts()
          .lanewise(VectorOperators.XOR, cosSign).reinterpretAsFloats();
      FloatVector sq = sin.blend(cos, odd).reinterpretAsInts()
          .lanewise(VectorOperators.XOR, sinSign).reinterpretAsFloats();
      FloatVector nc = r.mul(cq), ns = r.mul(sq);
      nc.intoArray(out, o);
      ns.intoArray(out, o + stride);
      if (out2 != null) {
        nc.intoArray(out2, o2);
        ns.intoArray(out2, o2 + stride2);
      }
    }
  }

}
