package recur.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API bodies of {@link VecMath}; loaded only when {@link Simd#AVAILABLE}.
 *
 * <p>Transcendental functions go through the JDK's vector EXP and TANH (intrinsified, within an
 * ulp or two of {@link Math}). Every element, including the last few of a run that does not
 * fill a vector, is computed by the same vector code: the tail is copied into a zero-padded
 * vector-sized scratch array. So an element's result never depends on where a run starts or
 * ends, and a layer may split its work over threads without changing a bit. The exact
 * operations (add, mul, max) give the same result in a scalar tail.
 *
 * <p>Sums are accumulated in double: floats are widened half a float vector at a time into
 * per-lane double partial sums, which are added in lane order at the end.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = D.length();
    /** Floats that widen into one full double vector. */
    private static final VectorSpecies<Float> SD = VectorSpecies.of(float.class, VectorShape.forBitSize(DL * 32));
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private VectorMath() {}

    /** The vector of the run's last n − i (< L) elements, zero-padded. */
    private static FloatVector tail(float[] src, int at, int count) {
        float[] t = new float[L];
        System.arraycopy(src, at, t, 0, count);
        return FloatVector.fromArray(S, t, 0);
    }

    private static void untail(FloatVector v, float[] dst, int at, int count) {
        float[] t = new float[L];
        v.intoArray(t, 0);
        System.arraycopy(t, 0, dst, at, count);
    }

    private static FloatVector sigmoid(FloatVector x) {
        return ONE.div(x.neg().lanewise(VectorOperators.EXP).add(ONE));
    }

    static void sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            sigmoid(FloatVector.fromArray(S, src, so + i)).intoArray(dst, dO + i);
        }
        if (i < n) {
            untail(sigmoid(tail(src, so + i, n - i)), dst, dO + i, n - i);
        }
    }

    static void tanh(float[] src, int so, float[] dst, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, src, so + i).lanewise(VectorOperators.TANH).intoArray(dst, dO + i);
        }
        if (i < n) {
            untail(tail(src, so + i, n - i).lanewise(VectorOperators.TANH), dst, dO + i, n - i);
        }
    }

    static void exp(float[] src, int so, float[] dst, int dO, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, src, so + i).lanewise(VectorOperators.EXP).intoArray(dst, dO + i);
        }
        if (i < n) {
            untail(tail(src, so + i, n - i).lanewise(VectorOperators.EXP), dst, dO + i, n - i);
        }
    }

    static double expShiftSum(float[] src, int so, float[] dst, int dO, int n, float shift) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, src, so + i).sub(shift).lanewise(VectorOperators.EXP).intoArray(dst, dO + i);
        }
        if (i < n) {
            untail(tail(src, so + i, n - i).sub(shift).lanewise(VectorOperators.EXP), dst, dO + i, n - i);
        }
        return sum(dst, dO, n);
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

    static double sum(float[] x, int xo, int n) {
        DoubleVector s = DoubleVector.zero(D);
        int i = 0;
        for (int bound = SD.loopBound(n); i < bound; i += DL) {
            s = s.add((DoubleVector) FloatVector.fromArray(SD, x, xo + i).convertShape(VectorOperators.F2D, D, 0));
        }
        return finish(s, i, n, x, xo, null, 0);
    }

    static double dot(float[] a, int ao, float[] b, int bo, int n) {
        DoubleVector s = DoubleVector.zero(D);
        int i = 0;
        for (int bound = SD.loopBound(n); i < bound; i += DL) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(SD, a, ao + i).convertShape(VectorOperators.F2D, D, 0);
            DoubleVector y = (DoubleVector) FloatVector.fromArray(SD, b, bo + i).convertShape(VectorOperators.F2D, D, 0);
            s = x.fma(y, s);
        }
        return finish(s, i, n, a, ao, b, bo);
    }

    /** Adds the lanes in order, then the tail (products with b when b is given). */
    private static double finish(DoubleVector s, int i, int n, float[] a, int ao, float[] b, int bo) {
        double r = 0;
        for (int lane = 0; lane < DL; lane++) {
            r += s.lane(lane);
        }
        for (; i < n; i++) {
            r += b == null ? a[ao + i] : (double) a[ao + i] * b[bo + i];
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
