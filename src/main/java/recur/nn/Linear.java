package recur.nn;

import recur.tensor.Gemm;
import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * The affine map y = x·Wᵀ + b, with W stored (O, I) as PyTorch's {@code nn.Linear} stores it, so
 * weights load into PyTorch unchanged. N counts the rows of x (any leading dimensions, e.g. T·B),
 * I is the input width, O the output width.
 */
public final class Linear {
    private Linear() {}

    /**
     * Records y = x·Wᵀ + b on the tape.
     *
     * @param x (…, I): any leading dimensions
     * @param w (O, I)
     * @param b (O), or null for no bias
     * @return (…, O): x's leading dimensions with O as the last
     */
    public static Var apply(Tape tape, Var x, Var w, Var b) {
        int n = checkShapes(x, w, b);
        int out = w.dim(0);
        int in = w.dim(1);
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = out;
        Var y = Var.zeros(shape);
        forward(y.v, 0, x.v, x.vo, w.v, w.vo, b == null ? null : b.v, b == null ? 0 : b.vo, n, in, out);
        tape.record(() -> backward(
                x.requiresGrad() ? x.g() : null, x.requiresGrad() ? x.go() : 0,
                w.requiresGrad() ? w.g() : null, w.requiresGrad() ? w.go() : 0,
                b != null && b.requiresGrad() ? b.g() : null, b != null && b.requiresGrad() ? b.go() : 0,
                y.g(), y.go(), x.v, x.vo, w.v, w.vo, n, in, out));
        return y;
    }

    /**
     * Checks that x (…, I), w (O, I) and b (O) or null fit together.
     *
     * @return N, the number of rows of x
     */
    static int checkShapes(Var x, Var w, Var b) {
        if (w.shape.length != 2) {
            throw new IllegalArgumentException("linear weight must be (O, I), got shape " + java.util.Arrays.toString(w.shape));
        }
        int out = w.dim(0);
        int in = w.dim(1);
        if (x.dim(-1) != in) {
            throw new IllegalArgumentException("linear input width " + x.dim(-1) + " does not match weight (" + out + ", " + in + ")");
        }
        if (b != null && b.size() != out) {
            throw new IllegalArgumentException("linear bias has " + b.size() + " values, expected " + out);
        }
        return x.size() / Math.max(in, 1);
    }

    /**
     * y = x·Wᵀ + b (overwrites y).
     *
     * @param y (N, O)
     * @param x (N, I)
     * @param w (O, I)
     * @param b (O), or null
     */
    public static void forward(float[] y, int yo, float[] x, int xo, float[] w, int wo, float[] b, int bo,
                               int n, int in, int out) {
        Gemm.nt(n, out, in, x, xo, w, wo, false, y, yo);
        if (b != null) {
            // adding the bias afterwards is cheaper than a product that accumulates into C
            for (int r = 0; r < n; r++) {
                VecMath.axpy(b, bo, y, yo + r * out, out, 1f);
            }
        }
    }

    /**
     * Adds the gradients: dx += dy·W, dW += dyᵀ·x, db += Σ_rows dy. A null gradient array skips
     * that term.
     *
     * @param dx (N, I), or null
     * @param dw (O, I), or null
     * @param db (O), or null
     * @param dy (N, O)
     * @param x (N, I)
     * @param w (O, I)
     */
    public static void backward(float[] dx, int dxo, float[] dw, int dwo, float[] db, int dbo,
                                float[] dy, int dyo, float[] x, int xo, float[] w, int wo, int n, int in, int out) {
        if (dx != null) {
            Gemm.nn(n, in, out, dy, dyo, w, wo, true, dx, dxo);
        }
        if (dw != null) {
            Gemm.tn(out, in, n, dy, dyo, x, xo, true, dw, dwo);
        }
        if (db != null) {
            double[] sums = VecMath.columnSums(dy, dyo, n, out);
            for (int j = 0; j < out; j++) {
                db[dbo + j] += (float) sums[j];
            }
        }
    }
}
