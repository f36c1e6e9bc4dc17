package recur.nn;

import java.util.SplittableRandom;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Inverted dropout: at training time each value is zeroed with probability p and the rest are
 * scaled by 1/(1−p), so nothing changes at inference. With {@code sharedAcrossTime} the same mask
 * is used at every time step of a (T, B, F) input (variational dropout).
 */
public final class Dropout {
    private Dropout() {}

    /**
     * y = mask ∘ x / (1−p). Identity (returns x itself) when p is 0 or the tape is not recording.
     *
     * @param x any shape; with sharedAcrossTime, (T, rest) and the mask covers one step's values
     */
    public static Var apply(Tape tape, Var x, float p, boolean sharedAcrossTime, SplittableRandom rnd) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + p);
        }
        if (p == 0 || !tape.recording()) {
            return x;
        }
        int n = x.size();
        int period = sharedAcrossTime ? n / x.dim(0) : n;
        float scale = 1f / (1f - p);
        float[] mask = new float[period];
        for (int i = 0; i < period; i++) {
            mask[i] = rnd.nextFloat() < p ? 0f : scale;
        }
        Var y = Var.zeros(x.shape);
        forward(y.v, x.v, x.vo, mask, n);
        tape.record(() -> {
            if (x.requiresGrad()) {
                backward(x.g(), x.go(), y.g(), mask, n);
            }
        });
        return y;
    }

    /** y[i] = x[i]·mask[i mod period]; y (n), x (n), mask (period). */
    static void forward(float[] y, float[] x, int xo, float[] mask, int n) {
        int period = mask.length;
        for (int base = 0; base < n; base += period) {
            for (int i = 0; i < period; i++) {
                y[base + i] = x[xo + base + i] * mask[i];
            }
        }
    }

    /** dx[i] += dy[i]·mask[i mod period]. */
    static void backward(float[] dx, int dxo, float[] dy, float[] mask, int n) {
        int period = mask.length;
        for (int base = 0; base < n; base += period) {
            for (int i = 0; i < period; i++) {
                dx[dxo + base + i] += dy[base + i] * mask[i];
            }
        }
    }
}
