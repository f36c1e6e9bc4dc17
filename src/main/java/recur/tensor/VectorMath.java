package recur.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link VecMath}; loaded only when {@link Simd#AVAILABLE}.
 *
 * <p>Transcendental functions are polynomials built from exact IEEE operations (add, multiply,
 * divide, bit shifts), within two ulps of {@link Math}. The JDK's lanewise EXP and TANH are not
 * used: compiled they call an SVML routine, interpreted a Java fallback, and the two disagree in
 * the last bit, so a training run's bits would depend on how far the JIT had got. Every element, including the last few of a run that does not
 * fill a vector, is computed by the same vector code: the tail is copied into a zero-padded
 * vector-sized scratch array. So an element's result never depends on where a run starts or
 * ends, and a layer may split its work over threads without changing a bit. The exact
 * operations (add, mul, max) give the same result in a scalar tail.
 *
 * <p>Sums are accumulated in double by plain loops ({@link ScalarMath}): widening to double needs
 * a second, half-width float species, and with it in the same compilation C2 boxes the vectors
 * of the kernels around it (measured 5-10x slower on AVX-512).
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private VectorMath() {}

    private static final FloatVector LOG2E = FloatVector.broadcast(S, 1.44269504088896341f);
    private static final FloatVector LN2_HI = FloatVector.broadcast(S, 0.693359375f);
    private static final FloatVector LN2_LO = FloatVector.broadcast(S, -2.12194440e-4f);
    private static final FloatVector NEG_LN2_HI = FloatVector.broadcast(S, -0.693359375f);
    private static final FloatVector EXP_P0 = FloatVector.broadcast(S, 1.9875691500e-4f);
    private static final FloatVector EXP_P1 = FloatVector.broadcast(S, 1.3981999507e-3f);
    private static final FloatVector EXP_P2 = FloatVector.broadcast(S, 8.3334519073e-3f);
    private static final FloatVector EXP_P3 = FloatVector.broadcast(S, 4.1665795894e-2f);
    private static final FloatVector EXP_P4 = FloatVector.broadcast(S, 1.6666665459e-1f);
    private static final FloatVector EXP_P5 = FloatVector.broadcast(S, 5.0000001201e-1f);
    /** 1.5·2^23: adding it rounds a float of magnitude below 2^22 to an integer, to nearest even. */
    private static final FloatVector ROUNDER = FloatVector.broadcast(S, 12582912f);
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(12582912f);

    /**
     * e^x: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 minimax polynomial (Cephes expf's
     * coefficients), times 2^n built in the exponent bits. Above 88.7 the result is +∞
     * as Math.exp gives; results below about 2^−125 flush to 0; NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87.33654f).min(88.72283f);
        FloatVector t = c.mul(LOG2E).add(ROUNDER);
        FloatVector n = t.sub(ROUNDER);
        FloatVector r = n.fma(NEG_LN2_HI, c).sub(n.mul(LN2_LO));
        // Horner steps as fused multiply-adds: half the operations, and FMA rounds once, as
        // Math.fma does where C2 has not compiled the code, so the bits do not depend on the JIT
        FloatVector p = r.fma(EXP_P0, EXP_P1).fma(r, EXP_P2).fma(r, EXP_P3).fma(r, EXP_P4).fma(r, EXP_P5)
                .fma(r.mul(r), r).add(ONE);
        // n as an int is the rounded value's low bits; 2^n has exponent field n + 127
        var bits = t.reinterpretAsInts().sub(ROUNDER_BITS).add(127).lanewise(VectorOperators.LSHL, 23);
        // 2^n can reach 2^128 at the top of the range: scale by 2^(n−1) twice instead
        FloatVector half = bits.sub(1 << 23).reinterpretAsFloats();
        FloatVector y = p.mul(half).mul(2f);
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88.72283f))
                .blend(0f, x.compare(VectorOperators.LT, -87.33654f));
        return y.blend(x, x.compare(VectorOperators.NE, x));
    }

    /**
     * tanh x: an odd minimax polynomial (Cephes tanhf's) for |x| < 0.625, where 1 − 2/(e^{2x}+1)
     * would cancel; that formula with the sign restored above. Saturates to ±1; NaN stays NaN.
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = x.mul(x);
        FloatVector small = z.mul(-5.70498872745e-3f).add(2.06390887954e-2f)
                .mul(z).add(-5.37397155531e-2f)
                .mul(z).add(1.33314422036e-1f)
                .mul(z).add(-3.33332819422e-1f)
                .mul(z).mul(x).add(x);
        FloatVector big = ONE.sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(ONE)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        return big.blend(small, a.compare(VectorOperators.LT, 0.625f)).blend(x, x.compare(VectorOperators.NE, x));
    }

    private static FloatVector sigmoid(FloatVector x) {
        return ONE.div(exp(x.neg()).add(ONE));
    }

    /*
     * Each loop below calls its vector function from one place, for full vectors and for the
     * zero-padded tail alike: with a second call for the tail, C2 inlined the polynomial twice,
     * ran out of inlining budget, and left some of its vector operations to the boxed Java
     * fallback (a character LSTM's gates ran several times slower in training than alone).
     */

    /** The source of the vector at i: src itself, or the tail copied into pad when fewer than L remain. */
    private static float[] source(float[] src, int at, int count, float[] pad) {
        if (count >= L) {
            return src;
        }
        System.arraycopy(src, at, pad, 0, count);
        return pad;
    }

    static void sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        float[] pad = new float[L];
        for (int i = 0; i < n; i += L) {
            int count = n - i;
            float[] in = source(src, so + i, count, pad);
            FloatVector y = sigmoid(FloatVector.fromArray(S, in, in == pad ? 0 : so + i));
            store(y, dst, dO + i, count, pad);
        }
    }

    static void tanh(float[] src, int so, float[] dst, int dO, int n) {
        float[] pad = new float[L];
        for (int i = 0; i < n; i += L) {
            int count = n - i;
            float[] in = source(src, so + i, count, pad);
            FloatVector y = tanh(FloatVector.fromArray(S, in, in == pad ? 0 : so + i));
            store(y, dst, dO + i, count, pad);
        }
    }

    static void exp(float[] src, int so, float[] dst, int dO, int n) {
        float[] pad = new float[L];
        for (int i = 0; i < n; i += L) {
            int count = n - i;
            float[] in = source(src, so + i, count, pad);
            FloatVector y = exp(FloatVector.fromArray(S, in, in == pad ? 0 : so + i));
            store(y, dst, dO + i, count, pad);
        }
    }

    static double expShiftSum(float[] src, int so, float[] dst, int dO, int n, float shift) {
        float[] pad = new float[L];
        for (int i = 0; i < n; i += L) {
            int count = n - i;
            float[] in = source(src, so + i, count, pad);
            FloatVector y = exp(FloatVector.fromArray(S, in, in == pad ? 0 : so + i).sub(shift));
            store(y, dst, dO + i, count, pad);
        }
        return ScalarMath.sum(dst, dO, n);
    }

    static void expShiftAdd(float[] src, int so, float[] dst, int dO, int n, float shift, float alpha) {
        float[] pad = new float[L];
        for (int i = 0; i < n; i += L) {
            int count = n - i;
            float[] in = source(src, so + i, count, pad);
            FloatVector y = exp(FloatVector.fromArray(S, in, in == pad ? 0 : so + i).sub(shift)).mul(alpha);
            float[] acc = source(dst, dO + i, count, pad);
            y = FloatVector.fromArray(S, acc, acc == pad ? 0 : dO + i).add(y);
            store(y, dst, dO + i, count, pad);
        }
    }

    /** Writes y at dst[at], or its first count lanes when fewer than L remain (through pad). */
    private static void store(FloatVector y, float[] dst, int at, int count, float[] pad) {
        if (count >= L) {
            y.intoArray(dst, at);
        } else {
            y.intoArray(pad, 0);
            System.arraycopy(pad, 0, dst, at, count);
        }
    }

    static void softmaxColumns(float[] a, int ao, int rows, int cols, float[] max, int mo, float[] sum, int so) {
        float[] pad = new float[L];
        FloatVector none = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < cols; j += L) {
            int count = cols - j;
            // a strip L columns wide, down all rows, so each column's max and sum stay in registers
            FloatVector m = none;
            for (int r = 0; r < rows; r++) {
                int at = ao + r * cols + j;
                float[] in = source(a, at, count, pad);
                m = m.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, in, in == pad ? 0 : at));
            }
            FloatVector s = FloatVector.zero(S);
            for (int r = 0; r < rows; r++) {
                int at = ao + r * cols + j;
                float[] in = source(a, at, count, pad);
                FloatVector e = exp(FloatVector.fromArray(S, in, in == pad ? 0 : at).sub(m));
                s = s.add(e);
                store(e, a, at, count, pad);
            }
            store(m, max, mo + j, count, pad);
            store(s, sum, so + j, count, pad);
        }
    }

    static void relu(float[] src, int so, float[] dst, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            // max(0, NaN) is NaN, as Math.max gives in the scalar tail
            FloatVector.fromArray(S, src, so + i).lanewise(VectorOperators.MAX, 0f).intoArray(dst, dO + i);
        }
        for (; i < n; i++) {
            dst[dO + i] = Math.max(0f, src[so + i]);
        }
    }

    static void add(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(dst, dO + i);
        }
        for (; i < n; i++) {
            dst[dO + i] = a[ao + i] + b[bo + i];
        }
    }

    static void mul(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(dst, dO + i);
        }
        for (; i < n; i++) {
            dst[dO + i] = a[ao + i] * b[bo + i];
        }
    }

    static void mulAdd(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector p = FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i));
            FloatVector.fromArray(S, dst, dO + i).add(p).intoArray(dst, dO + i);
        }
        for (; i < n; i++) {
            dst[dO + i] = dst[dO + i] + a[ao + i] * b[bo + i];
        }
    }

    static void axpy(float[] x, int xo, float[] y, int yo, int n, float alpha) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector p = FloatVector.fromArray(S, x, xo + i).mul(alpha);
            FloatVector.fromArray(S, y, yo + i).add(p).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = y[yo + i] + x[xo + i] * alpha;
        }
    }

    static void scale(float[] src, int so, float[] dst, int dO, int n, float alpha) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, src, so + i).mul(alpha).intoArray(dst, dO + i);
        }
        for (; i < n; i++) {
            dst[dO + i] = src[so + i] * alpha;
        }
    }

    static void fill(float[] dst, int dO, int n, float value) {
        FloatVector v = FloatVector.broadcast(S, value);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            v.intoArray(dst, dO + i);
        }
        for (; i < n; i++) {
            dst[dO + i] = value;
        }
    }

    static float max(float[] x, int xo, int n) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            m = m.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, xo + i));
        }
        float r = Float.NEGATIVE_INFINITY;
        for (int lane = 0; lane < L; lane++) {
            r = Math.max(r, m.lane(lane));
        }
        for (; i < n; i++) {
            r = Math.max(r, x[xo + i]);
        }
        return r;
    }


    static void sigmoidBackward(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector g = FloatVector.fromArray(S, dy, dyo + i).mul(v.mul(ONE.sub(v)));
            FloatVector.fromArray(S, dx, dxo + i).add(g).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float v = y[yo + i];
            dx[dxo + i] = dx[dxo + i] + dy[dyo + i] * (v * (1f - v));
        }
    }

    static void tanhBackward(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yo + i);
            FloatVector g = FloatVector.fromArray(S, dy, dyo + i).mul(ONE.sub(v.mul(v)));
            FloatVector.fromArray(S, dx, dxo + i).add(g).intoArray(dx, dxo + i);
        }
        for (; i < n; i++) {
            float v = y[yo + i];
            dx[dxo + i] = dx[dxo + i] + dy[dyo + i] * (1f - v * v);
        }
    }
}
