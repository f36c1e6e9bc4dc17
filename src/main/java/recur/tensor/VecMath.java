package recur.tensor;

/**
 * Elementwise kernels over float arrays with offsets: activations, their backward passes, and
 * the vector arithmetic layers are built from. One call processes a contiguous run of n values;
 * {@code dst} may be the same array region as a source (in place), but regions must not
 * otherwise overlap. Scalars come after the arrays and n.
 *
 * <p>With the Vector API ({@link Simd#AVAILABLE}) the work is done in SIMD registers, exp and
 * tanh by polynomials of exact IEEE operations (within two ulps of {@link Math}); otherwise by scalar
 * loops computing in double. Either way every element's result depends only on its own inputs,
 * not on where it sits in the run, so splitting a run over threads changes no bits; and sums
 * are accumulated in double.
 */
public final class VecMath {
    private VecMath() {}

    /** dst[i] = 1 / (1 + exp(-src[i])); 0 (not NaN) for large negative inputs. */
    public static void sigmoid(float[] src, int so, float[] dst, int dO, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.sigmoid(src, so, dst, dO, n);
        } else {
            ScalarMath.sigmoid(src, so, dst, dO, n);
        }
    }

    /** dst[i] = tanh(src[i]) */
    public static void tanh(float[] src, int so, float[] dst, int dO, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.tanh(src, so, dst, dO, n);
        } else {
            ScalarMath.tanh(src, so, dst, dO, n);
        }
    }

    /** dst[i] = exp(src[i]) */
    public static void exp(float[] src, int so, float[] dst, int dO, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.exp(src, so, dst, dO, n);
        } else {
            ScalarMath.exp(src, so, dst, dO, n);
        }
    }

    /** dst[i] = max(0, src[i]) (NaN stays NaN) */
    public static void relu(float[] src, int so, float[] dst, int dO, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.relu(src, so, dst, dO, n);
        } else {
            ScalarMath.relu(src, so, dst, dO, n);
        }
    }

    /**
     * dst[i] = exp(src[i] − shift), returning Σ dst[i] accumulated in double: the numerator and
     * denominator of a softmax, with {@code shift} the run's maximum (see {@link #max}).
     */
    public static double expShiftSum(float[] src, int so, float[] dst, int dO, int n, float shift) {
        return Simd.AVAILABLE ? VectorMath.expShiftSum(src, so, dst, dO, n, shift) : ScalarMath.expShiftSum(src, so, dst, dO, n, shift);
    }

    /**
     * dst[i] += alpha·exp(src[i] − shift): a softmax row's probabilities (alpha = 1 / Σ) scaled
     * and added in one pass.
     */
    public static void expShiftAdd(float[] src, int so, float[] dst, int dO, int n, float shift, float alpha) {
        if (Simd.AVAILABLE) {
            VectorMath.expShiftAdd(src, so, dst, dO, n, shift, alpha);
        } else {
            ScalarMath.expShiftAdd(src, so, dst, dO, n, shift, alpha);
        }
    }

    /**
     * The softmax pieces of each column of a (rows, cols) block, in place: max[j] = max_r a[r, j],
     * then a[r, j] = exp(a[r, j] − max[j]) and sum[j] = Σ_r a[r, j] (in float: a block is short).
     * One call for the whole block, so the vector exponential is compiled in a method of its own
     * and cannot be left un-inlined, and boxed, by a large caller running out of inlining budget.
     */
    public static void softmaxColumns(float[] a, int ao, int rows, int cols, float[] max, int mo, float[] sum, int so) {
        if (Simd.AVAILABLE) {
            VectorMath.softmaxColumns(a, ao, rows, cols, max, mo, sum, so);
        } else {
            ScalarMath.softmaxColumns(a, ao, rows, cols, max, mo, sum, so);
        }
    }

    /** dst[i] = a[i] + b[i] */
    public static void add(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.add(a, ao, b, bo, dst, dO, n);
        } else {
            ScalarMath.add(a, ao, b, bo, dst, dO, n);
        }
    }

    /** dst[i] = a[i] · b[i] */
    public static void mul(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.mul(a, ao, b, bo, dst, dO, n);
        } else {
            ScalarMath.mul(a, ao, b, bo, dst, dO, n);
        }
    }

    /** dst[i] += a[i] · b[i] (the product rounded, then added: not a fused multiply-add) */
    public static void mulAdd(float[] a, int ao, float[] b, int bo, float[] dst, int dO, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.mulAdd(a, ao, b, bo, dst, dO, n);
        } else {
            ScalarMath.mulAdd(a, ao, b, bo, dst, dO, n);
        }
    }

    /** y[i] += alpha · x[i] */
    public static void axpy(float[] x, int xo, float[] y, int yo, int n, float alpha) {
        if (Simd.AVAILABLE) {
            VectorMath.axpy(x, xo, y, yo, n, alpha);
        } else {
            ScalarMath.axpy(x, xo, y, yo, n, alpha);
        }
    }

    /** dst[i] = alpha · src[i] */
    public static void scale(float[] src, int so, float[] dst, int dO, int n, float alpha) {
        if (Simd.AVAILABLE) {
            VectorMath.scale(src, so, dst, dO, n, alpha);
        } else {
            ScalarMath.scale(src, so, dst, dO, n, alpha);
        }
    }

    /** dst[i] = value */
    public static void fill(float[] dst, int dO, int n, float value) {
        if (Simd.AVAILABLE) {
            VectorMath.fill(dst, dO, n, value);
        } else {
            ScalarMath.fill(dst, dO, n, value);
        }
    }

    /** Rows summed in float before a block's total joins the double column sums. */
    private static final int COLUMN_BLOCK = 16;

    /**
     * Σ_r a[r, j] for each column j of a (rows, cols) matrix at ao. Rows are added a block of
     * {@value #COLUMN_BLOCK} at a time in float, with whole-row vector adds, and each block's
     * total into the double sums: one pass over memory at vector speed, where a double add per
     * element ran at a fifth of it (a bias gradient over 400×10,000 logits: 2 ms).
     */
    public static double[] columnSums(float[] a, int ao, int rows, int cols) {
        double[] sums = new double[cols];
        float[] block = new float[cols];
        for (int r0 = 0; r0 < rows; r0 += COLUMN_BLOCK) {
            int r1 = Math.min(rows, r0 + COLUMN_BLOCK);
            System.arraycopy(a, ao + r0 * cols, block, 0, cols);
            for (int r = r0 + 1; r < r1; r++) {
                add(a, ao + r * cols, block, 0, block, 0, cols);
            }
            for (int j = 0; j < cols; j++) {
                sums[j] += block[j];
            }
        }
        return sums;
    }

    /** Σ a[i] · b[i], accumulated in double. */
    public static double dot(float[] a, int ao, float[] b, int bo, int n) {
        // a plain double loop: a second, half-width species for widening to double makes C2 box the
        // vectors of the kernels compiled next to it (seen on AVX-512, where that costs 5-10x)
        return ScalarMath.dot(a, ao, b, bo, n);
    }

    /** Σ x[i], accumulated in double. */
    public static double sum(float[] x, int xo, int n) {
        return ScalarMath.sum(x, xo, n);
    }

    /** The largest x[i]: NaN if any is NaN, −∞ when n is 0. */
    public static float max(float[] x, int xo, int n) {
        return Simd.AVAILABLE ? VectorMath.max(x, xo, n) : ScalarMath.max(x, xo, n);
    }

    /** dx[i] += dy[i] · y[i](1 − y[i]), given the sigmoid's output y. */
    public static void sigmoidBackward(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.sigmoidBackward(y, yo, dy, dyo, dx, dxo, n);
        } else {
            ScalarMath.sigmoidBackward(y, yo, dy, dyo, dx, dxo, n);
        }
    }

    /** dx[i] += dy[i] · (1 − y[i]²), given tanh's output y. */
    public static void tanhBackward(float[] y, int yo, float[] dy, int dyo, float[] dx, int dxo, int n) {
        if (Simd.AVAILABLE) {
            VectorMath.tanhBackward(y, yo, dy, dyo, dx, dxo, n);
        } else {
            ScalarMath.tanhBackward(y, yo, dy, dyo, dx, dxo, n);
        }
    }
}
