package recur.nn;

/**
 * Weight normalisation (Salimans &amp; Kingma 2016) as PyTorch's {@code weight_norm(dim=0)} does it:
 * each output row of the weight is a direction {@code v} rescaled to length {@code g},
 * {@code w[r,:] = g[r] · v[r,:] / ‖v[r,:]‖}. PyTorch stores g as (Cout, 1, 1) and v as the
 * weight's own shape; here both are flat, with {@code rows} = Cout and {@code cols} = Cin·K.
 * No epsilon is added to the norm, as in PyTorch.
 */
public final class WeightNorm {
    private WeightNorm() {}

    /**
     * w = g · v / ‖v‖ per row.
     *
     * @param w out (rows, cols), the effective weight
     * @param norms out (rows), ‖v[r,:]‖ kept for backward
     * @param g (rows) at go
     * @param v (rows, cols) at vo
     */
    public static void forward(float[] w, double[] norms, float[] g, int go, float[] v, int vo, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = vo + r * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double x = v[base + j];
                s += x * x;
            }
            double n = Math.sqrt(s);
            norms[r] = n;
            float scale = (float) (g[go + r] / n);
            int wo = r * cols;
            for (int j = 0; j < cols; j++) {
                w[wo + j] = scale * v[base + j];
            }
        }
    }

    /**
     * Adds into dg and dv the gradients behind dw: with n = ‖v‖ and c = dw·v,
     * dg = c / n and dv = (g / n)·(dw − (c / n²)·v).
     *
     * @param dg (rows) at dgo, accumulated
     * @param dv (rows, cols) at dvo, accumulated
     * @param dw (rows, cols), gradient of the effective weight
     * @param norms (rows) from forward
     */
    public static void backward(float[] dg, int dgo, float[] dv, int dvo, float[] dw,
                                float[] g, int go, float[] v, int vo, double[] norms, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int base = vo + r * cols;
            int wo = r * cols;
            double c = 0;
            for (int j = 0; j < cols; j++) {
                c += (double) dw[wo + j] * v[base + j];
            }
            double n = norms[r];
            dg[dgo + r] += (float) (c / n);
            float a = (float) (g[go + r] / n);
            float b = (float) (c / (n * n));
            int dbase = dvo + r * cols;
            for (int j = 0; j < cols; j++) {
                dv[dbase + j] += a * (dw[wo + j] - b * v[base + j]);
            }
        }
    }
}
