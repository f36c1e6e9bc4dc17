package recur.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * Both implementations of every elementwise kernel — the Vector API one when this JVM has it, and
 * the scalar fallback always — against {@link Math} in double: transcendental results within
 * 2e-6 relative (a few float ulps), exact arithmetic bit for bit; extreme inputs (±100, ±∞, NaN,
 * −0), ragged lengths and offsets; and that an element's result does not depend on how a run is
 * cut into calls.
 */
class VecMathTest {
    private static final int[] LENGTHS = {0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 100, 1001};
    private static final float[] EXTREMES = {0f, -0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 10f, -10f, 20f, -20f, 80f, -80f, 88f,
        -87f, 100f, -100f, 1e30f, -1e30f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    /** A unary kernel under test: (src, so, dst, dO, n). */
    private interface Unary {
        void apply(float[] src, int so, float[] dst, int dO, int n);
    }

    private record Impl(String name, Unary sigmoid, Unary tanh, Unary exp, Unary relu) {}

    private static List<Impl> impls() {
        List<Impl> list = new ArrayList<>();
        list.add(new Impl("scalar", ScalarMath::sigmoid, ScalarMath::tanh, ScalarMath::exp, ScalarMath::relu));
        if (Simd.AVAILABLE) {
            list.add(new Impl("vector", VectorMath::sigmoid, VectorMath::tanh, VectorMath::exp, VectorMath::relu));
        }
        list.add(new Impl("public", VecMath::sigmoid, VecMath::tanh, VecMath::exp, VecMath::relu));
        return list;
    }

    private static float[] inputs(SplittableRandom r, int n, double range) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextInt(10) == 0 ? EXTREMES[r.nextInt(EXTREMES.length)] : (float) ((r.nextDouble() * 2 - 1) * range);
        }
        return x;
    }

    private static void checkUnary(String what, Unary f, DoubleUnaryOperator exact, double rel, double abs) {
        SplittableRandom r = new SplittableRandom(what.hashCode());
        for (int n : LENGTHS) {
            for (double range : new double[] {1, 10, 90}) {
                int so = r.nextInt(4), dO = r.nextInt(4);
                float[] x = inputs(r, so + n + 2, range);
                float[] y = new float[dO + n + 2];
                float[] before = y.clone();
                f.apply(x, so, y, dO, n);
                for (int i = 0; i < n; i++) {
                    float in = x[so + i];
                    double want = exact.applyAsDouble(in);
                    float got = y[dO + i];
                    boolean ok = Double.isNaN(want) ? Float.isNaN(got)
                            : Double.isInfinite(want) || Math.abs(want) > Float.MAX_VALUE ? got == (float) want
                            : Math.abs(got - want) <= rel * Math.abs(want) + abs;
                    if (!ok) {
                        fail(what + "(" + in + ") = " + got + ", want " + want + " (n=" + n + ", i=" + i + ")");
                    }
                }
                for (int i = 0; i < dO; i++) {
                    assertEquals(before[i], y[i], what + " wrote before the run");
                }
                for (int i = dO + n; i < y.length; i++) {
                    assertEquals(before[i], y[i], what + " wrote after the run");
                }
                // in place, and cut into two calls at a ragged point: the same bits
                float[] z = x.clone();
                int cut = n / 3;
                f.apply(z, so, z, so, cut);
                f.apply(z, so + cut, z, so + cut, n - cut);
                for (int i = 0; i < n; i++) {
                    assertEquals(Float.floatToIntBits(y[dO + i]), Float.floatToIntBits(z[so + i]),
                            what + " in place / split at " + cut + " differs at " + i + " for " + x[so + i]);
                }
            }
        }
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void activationsMatchMath() {
        for (Impl impl : impls()) {
            checkUnary(impl.name + " sigmoid", impl.sigmoid, VecMathTest::sigmoid, 2e-6, 1e-37);
            checkUnary(impl.name + " tanh", impl.tanh, Math::tanh, 2e-6, 1e-37);
            checkUnary(impl.name + " exp", impl.exp, Math::exp, 2e-6, 1e-37);
            checkUnary(impl.name + " relu", impl.relu, x -> Double.isNaN(x) ? x : Math.max(0, x), 0, 0);
        }
    }

    @Test
    void extremesStayFinite() {
        for (Impl impl : impls()) {
            float[] x = {-100f, 100f, -1e30f, 1e30f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 0f, 0f};
            float[] y = new float[x.length];
            impl.sigmoid.apply(x, 0, y, 0, x.length);
            assertArrayEquals(new float[] {0f, 1f, 0f, 1f, 0f, 1f, Float.NaN, 0.5f, 0.5f}, y, 1e-30f, impl.name + " sigmoid");
            impl.tanh.apply(x, 0, y, 0, x.length);
            assertArrayEquals(new float[] {-1f, 1f, -1f, 1f, -1f, 1f, Float.NaN, 0f, 0f}, y, 0f, impl.name + " tanh");
            impl.exp.apply(x, 0, y, 0, x.length);
            assertTrue(y[0] >= 0f && y[0] < 1e-40f, impl.name + " exp(-100)");
            assertEquals(Float.POSITIVE_INFINITY, y[1], impl.name + " exp(100)");
            assertEquals(0f, y[4]);
            assertTrue(Float.isNaN(y[6]));
        }
    }

    @Test
    void softmaxPiecesMatchDoubleMath() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n : LENGTHS) {
            if (n == 0) {
                continue;
            }
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 8);
            }
            double want = 0;
            float mx = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                mx = Math.max(mx, x[2 + i]);
            }
            for (int i = 0; i < n; i++) {
                want += Math.exp(x[2 + i] - mx);
            }
            assertEquals(mx, VecMath.max(x, 2, n));
            assertEquals(mx, ScalarMath.max(x, 2, n));
            float[] e1 = new float[n], e2 = new float[n];
            double s1 = VecMath.expShiftSum(x, 2, e1, 0, n, mx);
            double s2 = ScalarMath.expShiftSum(x, 2, e2, 0, n, mx);
            assertEquals(want, s1, 2e-6 * want);
            assertEquals(want, s2, 2e-6 * want);
            for (int i = 0; i < n; i++) {
                assertEquals(Math.exp(x[2 + i] - mx), e1[i], 2e-6 * e1[i] + 1e-37);
            }
            assertEquals(VecMath.sum(e1, 0, n), s1, 0.0);
        }
        assertEquals(Float.NEGATIVE_INFINITY, VecMath.max(new float[3], 1, 0));
        assertTrue(Float.isNaN(VecMath.max(new float[] {1, Float.NaN, 2, 3, 4, 5, 6, 7, 8, 9}, 0, 10)));
        assertTrue(Float.isNaN(ScalarMath.max(new float[] {1, Float.NaN, 2}, 0, 3)));
    }

    @Test
    void softmaxColumnsGivesEachColumnsMaxExponentialsAndSum() {
        SplittableRandom r = new SplittableRandom(13);
        for (int cols : LENGTHS) {
            for (int rows : new int[] {1, 2, 5, 17}) {
                float[] a = new float[3 + rows * cols];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (r.nextGaussian() * 20);
                }
                for (int impl = 0; impl < 2; impl++) {
                    float[] e = a.clone(), max = new float[cols + 2], sum = new float[cols + 1];
                    if (impl == 0) {
                        VecMath.softmaxColumns(e, 3, rows, cols, max, 1, sum, 0);
                    } else {
                        ScalarMath.softmaxColumns(e, 3, rows, cols, max, 1, sum, 0);
                    }
                    for (int j = 0; j < cols; j++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < rows; i++) {
                            m = Math.max(m, a[3 + i * cols + j]);
                        }
                        assertBits(m, max[1 + j]);
                        double s = 0;
                        for (int i = 0; i < rows; i++) {
                            double want = Math.exp(a[3 + i * cols + j] - m);
                            assertEquals(want, e[3 + i * cols + j], 2e-6 * want + 1e-37);
                            s += want;
                        }
                        assertEquals(s, sum[j], 1e-5 * s);
                    }
                    assertEquals(0f, max[0]);
                    assertEquals(0f, max[cols + 1]);
                    assertEquals(0f, sum[cols]);
                    assertBits(a[0], e[0]);
                }
            }
        }
    }

    @Test
    void expShiftAddAddsScaledExponentials() {
        SplittableRandom r = new SplittableRandom(9);
        for (int n : LENGTHS) {
            float[] x = new float[n + 3];
            float[] base = new float[n + 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 4);
            }
            for (int i = 0; i < base.length; i++) {
                base[i] = (float) r.nextGaussian();
            }
            float[][] got = {base.clone(), base.clone()};
            VecMath.expShiftAdd(x, 2, got[0], 1, n, 1.5f, 0.25f);
            ScalarMath.expShiftAdd(x, 2, got[1], 1, n, 1.5f, 0.25f);
            for (float[] g : got) {
                assertEquals(base[0], g[0], "element before the run untouched");
                for (int i = 0; i < n; i++) {
                    double want = base[1 + i] + 0.25 * Math.exp(x[2 + i] - 1.5);
                    assertEquals(want, g[1 + i], 2e-6 * Math.abs(want) + 1e-6, "n=" + n + " at " + i);
                }
            }
        }
    }

    @Test
    void sumsAndDotsAccumulateInDouble() {
        SplittableRandom r = new SplittableRandom(8);
        for (int n : LENGTHS) {
            float[] a = new float[n + 5], b = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
                b[i] = (float) r.nextGaussian();
            }
            double s = 0, d = 0, scale = 0;
            for (int i = 0; i < n; i++) {
                s += a[1 + i];
                d += (double) a[1 + i] * b[4 + i];
                scale += Math.abs((double) a[1 + i] * b[4 + i]) + Math.abs(a[1 + i]);
            }
            // double accumulation: errors far below float's 6e-8
            assertEquals(s, VecMath.sum(a, 1, n), 1e-13 * scale);
            assertEquals(s, ScalarMath.sum(a, 1, n), 1e-13 * scale);
            assertEquals(d, VecMath.dot(a, 1, b, 4, n), 1e-13 * scale);
            assertEquals(d, ScalarMath.dot(a, 1, b, 4, n), 1e-13 * scale);
        }
        // a float accumulator would lose the small terms entirely
        float[] x = new float[4097];
        java.util.Arrays.fill(x, 1e-8f);
        x[0] = 1f;
        assertEquals(1 + 4096 * (double) 1e-8f, VecMath.sum(x, 0, x.length), 1e-12);
    }

    @Test
    void arithmeticIsExactAndMatchesScalar() {
        SplittableRandom r = new SplittableRandom(12);
        for (int n : LENGTHS) {
            float[] a = inputs(r, n + 3, 5), b = inputs(r, n + 3, 5), y0 = inputs(r, n + 3, 5);
            float alpha = 0.37f;
            float[][] out = new float[2][];
            for (int impl = 0; impl < 2; impl++) {
                float[] add = new float[n + 1], mul = new float[n + 1], fma = y0.clone(), ax = y0.clone(),
                        sc = new float[n], fill = new float[n + 2], sb = y0.clone(), tb = y0.clone();
                if (impl == 0) {
                    VecMath.add(a, 1, b, 3, add, 1, n);
                    VecMath.mul(a, 1, b, 3, mul, 1, n);
                    VecMath.mulAdd(a, 1, b, 3, fma, 2, n);
                    VecMath.axpy(a, 3, ax, 0, n, alpha);
                    VecMath.scale(a, 2, sc, 0, n, alpha);
                    VecMath.fill(fill, 1, n, 7f);
                    VecMath.sigmoidBackward(a, 0, b, 1, sb, 2, n);
                    VecMath.tanhBackward(a, 0, b, 1, tb, 2, n);
                } else {
                    ScalarMath.add(a, 1, b, 3, add, 1, n);
                    ScalarMath.mul(a, 1, b, 3, mul, 1, n);
                    ScalarMath.mulAdd(a, 1, b, 3, fma, 2, n);
                    ScalarMath.axpy(a, 3, ax, 0, n, alpha);
                    ScalarMath.scale(a, 2, sc, 0, n, alpha);
                    ScalarMath.fill(fill, 1, n, 7f);
                    ScalarMath.sigmoidBackward(a, 0, b, 1, sb, 2, n);
                    ScalarMath.tanhBackward(a, 0, b, 1, tb, 2, n);
                }
                for (int i = 0; i < n; i++) {
                    assertBits(a[1 + i] + b[3 + i], add[1 + i]);
                    assertBits(a[1 + i] * b[3 + i], mul[1 + i]);
                    assertBits(y0[2 + i] + a[1 + i] * b[3 + i], fma[2 + i]);
                    assertBits(y0[i] + a[3 + i] * alpha, ax[i]);
                    assertBits(a[2 + i] * alpha, sc[i]);
                    assertBits(7f, fill[1 + i]);
                    assertBits(y0[2 + i] + b[1 + i] * (a[i] * (1f - a[i])), sb[2 + i]);
                    assertBits(y0[2 + i] + b[1 + i] * (1f - a[i] * a[i]), tb[2 + i]);
                }
                assertEquals(0f, add[0]);
                assertEquals(0f, fill[0]);
                assertEquals(0f, fill[n + 1]);
                out[impl] = ax;
            }
            assertArrayEquals(out[0], out[1]);
        }
    }

    private static void assertBits(float want, float got) {
        if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
            fail("got " + got + ", want " + want);
        }
    }

    @Test
    void columnSumsAddEveryRowOfEveryColumn() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] shape : new int[][] {{1, 5}, {16, 3}, {17, 33}, {400, 21}}) {
            int rows = shape[0], cols = shape[1];
            float[] a = new float[2 + rows * cols];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            double[] sums = VecMath.columnSums(a, 2, rows, cols);
            for (int j = 0; j < cols; j++) {
                double expected = 0;
                for (int r = 0; r < rows; r++) {
                    expected += a[2 + r * cols + j];
                }
                assertEquals(expected, sums[j], 1e-5 * Math.sqrt(rows), rows + "x" + cols + " column " + j);
            }
        }
    }
}
