package recur.model.word2vec;

import recur.tensor.Simd;

/**
 * The vector operations of the training loop and the queries, on the Vector API when present,
 * else on plain loops. The operand that is a scratch buffer is always zero-offset; the other is a
 * row of a flat matrix at an offset (C2 does not vectorise {@code y[yo+j] += a*x[xo+j]}, which is
 * why the Vector API path exists).
 */
public final class Kernels {
    static final boolean SIMD = Simd.AVAILABLE;

    private Kernels() {}

    /** E rounded up to whole SIMD vectors (E itself without SIMD): the row length the trainer pads to. */
    public static int stride(int dim) {
        if (!SIMD) {
            return dim;
        }
        int l = VectorKernels.lanes();
        return (dim + l - 1) / l * l;
    }

    /** Σ x[j]·m[mo+j] over j < n. */
    public static float dot(float[] x, float[] m, int mo, int n) {
        if (SIMD) {
            return VectorKernels.dot(x, m, mo, n);
        }
        float s = 0f;
        for (int j = 0; j < n; j++) {
            s += x[j] * m[mo + j];
        }
        return s;
    }

    /** The negative-sampling update of one output row: grad += g·out; out += g·hidden (out read before it is written). */
    public static void update(float g, float[] grad, float[] hidden, float[] m, int mo, int n) {
        if (SIMD) {
            VectorKernels.update(g, grad, hidden, m, mo, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            float o = m[mo + j];
            grad[j] += g * o;
            m[mo + j] = o + g * hidden[j];
        }
    }

    /** m[mo+j] += x[j]. */
    public static void addTo(float[] m, int mo, float[] x, int n) {
        if (SIMD) {
            VectorKernels.addTo(m, mo, x, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            m[mo + j] += x[j];
        }
    }

    /** x[j] += m[mo+j]. */
    public static void addFrom(float[] x, float[] m, int mo, int n) {
        if (SIMD) {
            VectorKernels.addFrom(x, m, mo, n);
            return;
        }
        for (int j = 0; j < n; j++) {
            x[j] += m[mo + j];
        }
    }
}
