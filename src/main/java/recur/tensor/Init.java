package recur.tensor;

import java.util.SplittableRandom;
import org.ojalgo.matrix.decomposition.QR;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;

/**
 * Parameter initialisers, following PyTorch's {@code torch.nn.init} definitions. Every draw comes
 * from the generator passed in, so a seed fixes the model. Fan-in and fan-out of a shape
 * (O, I, rest…) are I·Πrest and O·Πrest, as PyTorch computes them for linear and convolution
 * weights; the shape of a (rows, cols) matrix is (O, I).
 */
public final class Init {
    private Init() {}

    /** Uniform on [a, b). */
    public static void uniform(float[] w, int off, int n, double a, double b, SplittableRandom rnd) {
        if (!(a < b)) {
            throw new IllegalArgumentException("uniform range must have a < b, got [" + a + ", " + b + ")");
        }
        for (int i = 0; i < n; i++) {
            w[off + i] = (float) rnd.nextDouble(a, b);
        }
    }

    /** Normal with the given mean and standard deviation. */
    public static void normal(float[] w, int off, int n, double mean, double std, SplittableRandom rnd) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("standard deviation must be at least 0, got " + std);
        }
        for (int i = 0; i < n; i++) {
            w[off + i] = (float) (mean + std * rnd.nextGaussian());
        }
    }

    /** Fills with a constant (zero biases, LSTM forget-gate bias). */
    public static void constant(float[] w, int off, int n, float value) {
        java.util.Arrays.fill(w, off, off + n, value);
    }

    /** Glorot / Xavier uniform: U(±gain·√(6 / (fanIn + fanOut))). */
    public static void glorotUniform(float[] w, int off, int[] shape, double gain, SplittableRandom rnd) {
        double a = gain * Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        uniform(w, off, Var.sizeOf(shape), -a, a, rnd);
    }

    /** Kaiming / He normal, fan-in mode: N(0, gain² / fanIn); gain √2 for ReLU. */
    public static void heNormal(float[] w, int off, int[] shape, double gain, SplittableRandom rnd) {
        normal(w, off, Var.sizeOf(shape), 0, gain / Math.sqrt(fanIn(shape)), rnd);
    }

    /** Kaiming / He uniform, fan-in mode: U(±gain·√(3 / fanIn)); gain √2 for ReLU. */
    public static void heUniform(float[] w, int off, int[] shape, double gain, SplittableRandom rnd) {
        double a = gain * Math.sqrt(3.0 / fanIn(shape));
        uniform(w, off, Var.sizeOf(shape), -a, a, rnd);
    }

    /**
     * A (rows, cols) matrix with orthonormal rows or columns (whichever are fewer) times gain: the
     * Q of a QR decomposition of a Gaussian matrix, with Q's columns multiplied by the signs of R's
     * diagonal so the result is uniformly distributed (Mezzadri 2007), as PyTorch's
     * {@code orthogonal_}. Shapes with more than two dimensions are flattened to (shape[0], rest).
     */
    public static void orthogonal(float[] w, int off, int[] shape, double gain, SplittableRandom rnd) {
        // here rather than in a static initialiser: only this method needs ojAlgo, and loading it costs start-up
        OjAlgo.configure();
        if (shape.length < 2) {
            throw new IllegalArgumentException("orthogonal initialisation needs a matrix, got shape " + java.util.Arrays.toString(shape));
        }
        int rows = shape[0];
        int cols = Var.sizeOf(shape) / Math.max(rows, 1);
        if (rows == 0 || cols == 0) {
            return;
        }
        boolean transpose = rows < cols;
        int m = transpose ? cols : rows;
        int k = transpose ? rows : cols;
        // draw in the row-major order of the (rows, cols) matrix, as PyTorch does
        double[] g = new double[rows * cols];
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextGaussian();
        }
        R064Store a = R064Store.FACTORY.make(m, k);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (transpose) {
                    a.set(c, r, g[r * cols + c]);
                } else {
                    a.set(r, c, g[r * cols + c]);
                }
            }
        }
        QR<Double> qr = QR.R064.make(a, false);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("QR decomposition failed for a " + m + "×" + k + " Gaussian matrix");
        }
        MatrixStore<Double> q = qr.getQ();
        MatrixStore<Double> rr = qr.getR();
        for (int c = 0; c < k; c++) {
            double d = rr.doubleValue(c, c);
            double sign = d < 0 ? -1 : 1;
            for (int r = 0; r < m; r++) {
                float val = (float) (gain * sign * q.doubleValue(r, c));
                if (transpose) {
                    w[off + c * cols + r] = val;
                } else {
                    w[off + r * cols + c] = val;
                }
            }
        }
    }

    public static int fanIn(int[] shape) {
        requireMatrix(shape);
        return Var.sizeOf(shape) / shape[0];
    }

    public static int fanOut(int[] shape) {
        requireMatrix(shape);
        return shape[1] == 0 ? 0 : Var.sizeOf(shape) / shape[1];
    }

    private static void requireMatrix(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("fan-in and fan-out need at least two dimensions, got shape "
                    + java.util.Arrays.toString(shape));
        }
    }

    // The same initialisers on a parameter of a store.

    public static void uniform(ParamStore ps, ParamStore.Param p, double a, double b, SplittableRandom rnd) {
        uniform(ps.values(), p.offset(), p.size(), a, b, rnd);
    }

    public static void normal(ParamStore ps, ParamStore.Param p, double mean, double std, SplittableRandom rnd) {
        normal(ps.values(), p.offset(), p.size(), mean, std, rnd);
    }

    public static void constant(ParamStore ps, ParamStore.Param p, float value) {
        constant(ps.values(), p.offset(), p.size(), value);
    }

    public static void glorotUniform(ParamStore ps, ParamStore.Param p, double gain, SplittableRandom rnd) {
        glorotUniform(ps.values(), p.offset(), p.shape(), gain, rnd);
    }

    public static void heNormal(ParamStore ps, ParamStore.Param p, double gain, SplittableRandom rnd) {
        heNormal(ps.values(), p.offset(), p.shape(), gain, rnd);
    }

    public static void heUniform(ParamStore ps, ParamStore.Param p, double gain, SplittableRandom rnd) {
        heUniform(ps.values(), p.offset(), p.shape(), gain, rnd);
    }

    public static void orthogonal(ParamStore ps, ParamStore.Param p, double gain, SplittableRandom rnd) {
        orthogonal(ps.values(), p.offset(), p.shape(), gain, rnd);
    }
}
