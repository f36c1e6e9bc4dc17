package recur.tensor;

/**
 * The scalar bodies of {@link VecMath}, used when the Vector API is absent: transcendental
 * functions computed in double and rounded once, sums in double.
 */
final class ScalarMath {
    private ScalarMath() {}

    static void sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = (float) (1.0 / (1.0 + Math.exp(-src[so + i])));
        }
    }

    static void tanh(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = (float) Math.tanh(src[so + i]);
        }
    }

    static void exp(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = (float) Math.exp(src[so + i]);
        }
    }

    static void relu(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = Math.max(0f, src[so + i]);
        }
    }

    static double expShiftSum(float[] src, int so, float[] dst, int dO, int n, float shift) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(src[so + i] - shift);
            dst[dO + i] = e;
            s += e;
        }
        return s;
    }

    static void add(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = a[ao + i] + b[bo + i];
        }
    }

    static void mul(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = a[ao + i] * b[bo + i];
        }
    }

    static void mulAdd(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = dst[dO + i] + a[ao + i] * b[bo + i];
        }
    }

    static void axpy(float[] x, int xo, float[] y, int yo, int n, float alpha) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = y[yo + i] + x[xo + i] * alpha;
        }
    }

    static void scale(float[] src, int so, float[] dst, int dO, int n, float alpha) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = src[so + i] * alpha;
        }
    }

    static void fill(float[] dst, int dO, int n, float value) {
        java.util.Arrays.fill(dst, dO, dO + n, value);
    }

    static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return s;
    }

    static double sum(float[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xo + i];
        }
        return s;
    }

    static float max(float[] x, int xo, int n) {
        float r = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            r = Math.max(r, x[xo + i]);
        }
        return r;
    }

    static void sigmoidBackward(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            dx[dxo + i] = dx[dxo + i] + dy[dyo + i] * (v * (1f - v));
        }
    }

    static void tanhBackward(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        for (int i = 0; i < n; i++) {
            float v = y[yo + i];
            dx[dxo + i] = dx[dxo + i] + dy[dyo + i] * (1f - v * v);
        }
    }
}
