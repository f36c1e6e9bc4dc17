package recur.optim;

import recur.tensor.ParamStore;
import recur.tensor.VecMath;

/** Gradient clipping by the global L2 norm over all parameters, as PyTorch's {@code clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by maxNorm / (norm + 1e-6) when the global norm exceeds maxNorm.
     * A non-finite norm (NaN or infinite gradients) leaves the gradients as they are, so the
     * caller can detect it from the returned value and skip the step.
     *
     * @return the global norm before clipping, accumulated in double
     */
    public static double clipGradNorm(ParamStore params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be above 0, got " + maxNorm);
        }
        float[] g = params.grads();
        double norm = Math.sqrt(sumOfSquares(g, 0, g.length));
        if (Double.isFinite(norm) && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            VecMath.scale(g, 0, g, 0, g.length, scale);
        }
        return norm;
    }

    /** The global L2 norm of all gradients, without changing them. */
    public static double gradNorm(ParamStore params) {
        float[] g = params.grads();
        return Math.sqrt(sumOfSquares(g, 0, g.length));
    }

    /** Σ x² in double, four accumulators (not VecMath.dot, whose mixed vector species slow the GEMM kernel). */
    static double sumOfSquares(float[] x, int o, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double a = x[o + i], b = x[o + i + 1], c = x[o + i + 2], d = x[o + i + 3];
            s0 += a * a;
            s1 += b * b;
            s2 += c * c;
            s3 += d * d;
        }
        for (; i < n; i++) {
            double a = x[o + i];
            s0 += a * a;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
