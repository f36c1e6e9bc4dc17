package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Pooling over time of a time-major (T, B, F) sequence with per-sequence lengths: only steps
 * t &lt; lengths[b] count. MEAN averages them, MAX takes the largest value per feature, LAST takes
 * step lengths[b]−1 (the final state of a left-to-right RNN). A sequence of length 0 pools to zeros.
 */
public final class Pooling {
    public enum Mode { MEAN, MAX, LAST }

    private Pooling() {}

    /**
     * @param x (T, B, F)
     * @param lengths (B), each in [0, T]
     * @return (B, F)
     */
    public static Var apply(Tape tape, Var x, int[] lengths, Mode mode) {
        if (x.shape.length != 3) {
            throw new IllegalArgumentException("pooling needs a (T, B, F) input, got shape " + java.util.Arrays.toString(x.shape));
        }
        int t = x.dim(0);
        int b = x.dim(1);
        int f = x.dim(2);
        checkLengths(lengths, t, b);
        int[] lens = lengths.clone();
        Var y = Var.zeros(b, f);
        switch (mode) {
            case MEAN -> {
                meanForward(y.v, x.v, x.vo, lens, t, b, f);
                tape.record(() -> {
                    if (x.requiresGrad()) {
                        meanBackward(x.g(), x.go(), y.g(), y.go(), lens, t, b, f);
                    }
                });
            }
            case MAX -> {
                int[] arg = new int[b * f];
                maxForward(y.v, arg, x.v, x.vo, lens, t, b, f);
                tape.record(() -> {
                    if (x.requiresGrad()) {
                        maxBackward(x.g(), x.go(), y.g(), y.go(), arg, lens, b, f);
                    }
                });
            }
            case LAST -> {
                lastForward(y.v, x.v, x.vo, lens, b, f);
                tape.record(() -> {
                    if (x.requiresGrad()) {
                        lastBackward(x.g(), x.go(), y.g(), y.go(), lens, b, f);
                    }
                });
            }
        }
        return y;
    }

    static void checkLengths(int[] lengths, int t, int b) {
        if (lengths.length != b) {
            throw new IllegalArgumentException("got " + lengths.length + " lengths for a batch of " + b);
        }
        for (int i = 0; i < b; i++) {
            if (lengths[i] < 0 || lengths[i] > t) {
                throw new IllegalArgumentException("length " + lengths[i] + " of sequence " + i + " is outside [0, " + t + "]");
            }
        }
    }

    /** y[b] = mean over t &lt; len[b] of x[t, b]; y (B, F), x (T, B, F), len (B). */
    public static void meanForward(float[] y, float[] x, int xo, int[] len, int t, int b, int f) {
        double[] acc = new double[f];
        for (int s = 0; s < b; s++) {
            java.util.Arrays.fill(acc, 0);
            for (int step = 0; step < len[s]; step++) {
                int row = xo + (step * b + s) * f;
                for (int j = 0; j < f; j++) {
                    acc[j] += x[row + j];
                }
            }
            double inv = len[s] == 0 ? 0 : 1.0 / len[s];
            for (int j = 0; j < f; j++) {
                y[s * f + j] = (float) (acc[j] * inv);
            }
        }
    }

    /** dx[t, b] += dy[b] / len[b] for t &lt; len[b]; dx (T, B, F), dy (B, F). */
    public static void meanBackward(float[] dx, int dxo, float[] dy, int dyo, int[] len, int t, int b, int f) {
        for (int s = 0; s < b; s++) {
            if (len[s] == 0) {
                continue;
            }
            float inv = 1f / len[s];
            for (int step = 0; step < len[s]; step++) {
                int row = dxo + (step * b + s) * f;
                for (int j = 0; j < f; j++) {
                    dx[row + j] += dy[dyo + s * f + j] * inv;
                }
            }
        }
    }

    /**
     * y[b, j] = max over t &lt; len[b] of x[t, b, j]; arg (B, F) records the step that won (−1 for
     * length 0).
     */
    public static void maxForward(float[] y, int[] arg, float[] x, int xo, int[] len, int t, int b, int f) {
        for (int s = 0; s < b; s++) {
            for (int j = 0; j < f; j++) {
                float best = 0;
                int at = -1;
                for (int step = 0; step < len[s]; step++) {
                    float v = x[xo + (step * b + s) * f + j];
                    if (at < 0 || v > best) {
                        best = v;
                        at = step;
                    }
                }
                y[s * f + j] = best;
                arg[s * f + j] = at;
            }
        }
    }

    /** dx[arg[b, j], b, j] += dy[b, j]. */
    public static void maxBackward(float[] dx, int dxo, float[] dy, int dyo, int[] arg, int[] len, int b, int f) {
        for (int s = 0; s < b; s++) {
            for (int j = 0; j < f; j++) {
                int step = arg[s * f + j];
                if (step >= 0) {
                    dx[dxo + (step * b + s) * f + j] += dy[dyo + s * f + j];
                }
            }
        }
    }

    /** y[b] = x[len[b]−1, b]; zeros for length 0. */
    public static void lastForward(float[] y, float[] x, int xo, int[] len, int b, int f) {
        for (int s = 0; s < b; s++) {
            if (len[s] > 0) {
                System.arraycopy(x, xo + ((len[s] - 1) * b + s) * f, y, s * f, f);
            } else {
                java.util.Arrays.fill(y, s * f, (s + 1) * f, 0f);
            }
        }
    }

    /** dx[len[b]−1, b] += dy[b]. */
    public static void lastBackward(float[] dx, int dxo, float[] dy, int dyo, int[] len, int b, int f) {
        for (int s = 0; s < b; s++) {
            if (len[s] > 0) {
                int row = dxo + ((len[s] - 1) * b + s) * f;
                for (int j = 0; j < f; j++) {
                    dx[row + j] += dy[dyo + s * f + j];
                }
            }
        }
    }
}
