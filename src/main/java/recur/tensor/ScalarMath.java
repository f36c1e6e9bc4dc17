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

    static void expShiftAdd(float[] src, int so, float[] dst, int dO, int n, float shift, float alpha) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] += (float) Math.exp(src[so + i] - shift) * alpha;
        }
    }

    static void softmaxColumns(float[] a, int ao, int rows, int cols, float[] max, int mo, float[] sum, int so) {
        for (int j = 0; j < cols; j++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                m = Math.max(m, a[ao + r * cols + j]);
            }
            float s = 0;
            for (int r = 0; r < rows; r++) {
                int at = ao + r * cols + j;
                a[at] = (float) Math.exp(a[at] - m);
                s += a[at];
            }
            max[mo + j] = m;
            sum[so + j] = s;
        }
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

    /** Σ a[i]·b[i] in double, over two interleaved partial sums (as {@link #sum}). */
    static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += (double) a[ao + i] * b[bo + i];
            s1 += (double) a[ao + i + 1] * b[bo + i + 1];
        }
        for (; i < n; i++) {
            s0 += (double) a[ao + i] * b[bo + i];
        }
        return s0 + s1;
    }

    /**
     * Σ x[i] in double over four interleaved partial sums, so that the additions pipeline instead
     * of each waiting for the last (a softmax row of 10,000 values: 4× faster). The order is
     * fixed by n alone.
     */
    static double sum(float[] x, int xo, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[xo + i];
            s1 += x[xo + i + 1];
            s2 += x[xo + i + 2];
            s3 += x[xo + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[xo + i];
        }
        return (s0 + s1) + (s2 + s3);
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
