package recur.tensor;

/**
 * Elementwise kernels over float arrays with offsets: the activations and their derivatives.
 * One call processes a contiguous run of n values; {@code dst} may equal {@code src}.
 */
public final class VecMath {
    private VecMath() {}

    /** dst[i] = 1 / (1 + exp(-src[i])) */
    public static void sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = (float) (1.0 / (1.0 + Math.exp(-src[so + i])));
        }
    }

    /** dst[i] = tanh(src[i]) */
    public static void tanh(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = (float) Math.tanh(src[so + i]);
        }
    }

    /** dst[i] = exp(src[i]) */
    public static void exp(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = (float) Math.exp(src[so + i]);
        }
    }

    /** dst[i] = max(0, src[i]) */
    public static void relu(float[] src, int so, float[] dst, int dO, int n) {
        for (int i = 0; i < n; i++) {
            dst[dO + i] = Math.max(0f, src[so + i]);
        }
    }
}
