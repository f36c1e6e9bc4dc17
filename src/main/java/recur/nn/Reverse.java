package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Reverses each sequence of a time-major (T, B, F) batch within its own length: y[t, b] =
 * x[len_b − 1 − t, b] for t &lt; len_b, padding left where it is. Run before a recurrent layer and
 * again on its output, it makes a right-to-left layer whose first step is each sequence's last
 * real token, whatever the padding (the backward half of a bidirectional RNN). The map is its own
 * inverse, so backward applies it to the gradient.
 */
public final class Reverse {
    private Reverse() {}

    /**
     * @param x (T, B, F)
     * @param lengths (B), each in [0, T]
     * @return (T, B, F)
     */
    public static Var apply(Tape tape, Var x, int[] lengths) {
        if (x.shape.length != 3) {
            throw new IllegalArgumentException("reverse needs a (T, B, F) input, got shape " + java.util.Arrays.toString(x.shape));
        }
        int t = x.dim(0);
        int b = x.dim(1);
        int f = x.dim(2);
        Pooling.checkLengths(lengths, t, b);
        int[] lens = lengths.clone();
        Var y = Var.zeros(t, b, f);
        permute(y.v, 0, x.v, x.vo, lens, t, b, f, false);
        tape.record(() -> {
            if (x.requiresGrad()) {
                permute(x.g(), x.go(), y.g(), y.go(), lens, t, b, f, true);
            }
        });
        return y;
    }

    /**
     * dst[t, b] (=, or += when {@code add}) src[len_b − 1 − t, b] within each length, src[t, b] beyond.
     *
     * @param dst (T, B, F)
     * @param src (T, B, F)
     */
    public static void permute(float[] dst, int dso, float[] src, int sro, int[] len, int t, int b, int f, boolean add) {
        for (int s = 0; s < t; s++) {
            for (int j = 0; j < b; j++) {
                int from = s < len[j] ? len[j] - 1 - s : s;
                int d = dso + (s * b + j) * f;
                int o = sro + (from * b + j) * f;
                for (int k = 0; k < f; k++) {
                    dst[d + k] = add ? dst[d + k] + src[o + k] : src[o + k];
                }
            }
        }
    }
}
