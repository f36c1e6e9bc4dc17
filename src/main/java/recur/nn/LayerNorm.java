package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Layer normalisation over the last axis, as PyTorch's {@code nn.LayerNorm(F)}: each row is
 * shifted to mean 0 and scaled to variance 1 (biased variance, ε inside the square root), then
 * multiplied by a gain and shifted by a bias, both (F).
 */
public final class LayerNorm {
    public static final float DEFAULT_EPS = 1e-5f;

    private LayerNorm() {}

    /**
     * @param x (…, F)
     * @param gain (F), or null for 1
     * @param bias (F), or null for 0
     * @return (…, F)
     */
    public static Var apply(Tape tape, Var x, Var gain, Var bias, float eps) {
        int f = x.dim(-1);
        if (gain != null && gain.size() != f || bias != null && bias.size() != f) {
            throw new IllegalArgumentException("layer norm gain and bias must have " + f + " values");
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("layer norm epsilon must be above 0, got " + eps);
        }
        int n = x.size() / Math.max(f, 1);
        Var y = Var.zeros(x.shape);
        float[] mean = new float[n];
        float[] rstd = new float[n];
        forward(y.v, 0, mean, rstd, x.v, x.vo, gain == null ? null : gain.v, gain == null ? 0 : gain.vo,
                bias == null ? null : bias.v, bias == null ? 0 : bias.vo, n, f, eps);
        tape.record(() -> backward(
                x.requiresGrad() ? x.g() : null, x.requiresGrad() ? x.go() : 0,
                gain != null && gain.requiresGrad() ? gain.g() : null, gain != null && gain.requiresGrad() ? gain.go() : 0,
                bias != null && bias.requiresGrad() ? bias.g() : null, bias != null && bias.requiresGrad() ? bias.go() : 0,
                y.g(), y.go(), x.v, x.vo, mean, rstd, gain == null ? null : gain.v, gain == null ? 0 : gain.vo, n, f));
        return y;
    }

    /**
     * y = (x − mean)·rstd·gain + bias, with mean and rstd = 1/√(var + ε) per row computed in double.
     *
     * @param y (N, F)
     * @param mean out (N)
     * @param rstd out (N)
     * @param x (N, F)
     * @param gain (F) or null
     * @param bias (F) or null
     */
    public static void forward(float[] y, int yo, float[] mean, float[] rstd, float[] x, int xo,
                               float[] gain, int go, float[] bias, int bo, int n, int f, float eps) {
        for (int r = 0; r < n; r++) {
            int row = xo + r * f;
            double s = 0;
            for (int j = 0; j < f; j++) {
                s += x[row + j];
            }
            double m = s / f;
            double ss = 0;
            for (int j = 0; j < f; j++) {
                double d = x[row + j] - m;
                ss += d * d;
            }
            double rs = 1.0 / Math.sqrt(ss / f + eps);
            mean[r] = (float) m;
            rstd[r] = (float) rs;
            int out = yo + r * f;
            for (int j = 0; j < f; j++) {
                float h = (float) ((x[row + j] - m) * rs);
                y[out + j] = (gain == null ? h : h * gain[go + j]) + (bias == null ? 0f : bias[bo + j]);
            }
        }
    }

    /**
     * Adds dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·gain, dgain += Σ dy·x̂,
     * dbias += Σ dy; a null gradient array skips that term.
     *
     * @param dx (N, F) or null
     * @param dgain (F) or null
     * @param dbias (F) or null
     * @param dy (N, F)
     * @param x (N, F)
     * @param mean (N), rstd (N) from forward
     */
    public static void backward(float[] dx, int dxo, float[] dgain, int dgo, float[] dbias, int dbo,
                                float[] dy, int dyo, float[] x, int xo, float[] mean, float[] rstd,
                                float[] gain, int go, int n, int f) {
        double[] accG = dgain == null ? null : new double[f];
        double[] accB = dbias == null ? null : new double[f];
        for (int r = 0; r < n; r++) {
            int row = xo + r * f;
            int drow = dyo + r * f;
            float m = mean[r];
            float rs = rstd[r];
            double sumD = 0;
            double sumDX = 0;
            for (int j = 0; j < f; j++) {
                float h = (x[row + j] - m) * rs;
                float d = dy[drow + j] * (gain == null ? 1f : gain[go + j]);
                sumD += d;
                sumDX += (double) d * h;
                if (accG != null) {
                    accG[j] += (double) dy[drow + j] * h;
                }
                if (accB != null) {
                    accB[j] += dy[drow + j];
                }
            }
            if (dx != null) {
                float meanD = (float) (sumD / f);
                float meanDX = (float) (sumDX / f);
                int out = dxo + r * f;
                for (int j = 0; j < f; j++) {
                    float h = (x[row + j] - m) * rs;
                    float d = dy[drow + j] * (gain == null ? 1f : gain[go + j]);
                    dx[out + j] += rs * (d - meanD - h * meanDX);
                }
            }
        }
        for (int j = 0; j < f; j++) {
            if (accG != null) {
                dgain[dgo + j] += (float) accG[j];
            }
            if (accB != null) {
                dbias[dbo + j] += (float) accB[j];
            }
        }
    }
}
