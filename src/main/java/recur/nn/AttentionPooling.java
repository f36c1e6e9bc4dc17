package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Attention pooling of a (T, B, H) sequence: a learned query q (H) scores every step,
 * score[b, t] = q·x[t, b], and the pooled vector is the softmax-weighted sum of the steps, with
 * steps past each length given weight 0 ({@link Attention#attend}), so padding never changes the
 * result. The classifier's "attention" pooling.
 */
public final class AttentionPooling {
    private AttentionPooling() {}

    /**
     * @param x (T, B, H)
     * @param lengths (B), each in [0, T]
     * @param query (H), a parameter
     * @return context (B, H) and weights (B, T)
     */
    public static Attention.Result apply(Tape tape, Var x, int[] lengths, Var query) {
        if (x.shape.length != 3 || query.size() != x.dim(2)) {
            throw new IllegalArgumentException("attention pooling needs x (T, B, H) and a query of H values, got "
                    + java.util.Arrays.toString(x.shape) + " and " + java.util.Arrays.toString(query.shape));
        }
        int t = x.dim(0);
        int b = x.dim(1);
        int h = x.dim(2);
        Var scores = Var.zeros(b, t);
        scoresForward(scores.v, x.v, x.vo, query.v, query.vo, t, b, h);
        tape.record(() -> scoresBackward(x.requiresGrad() ? x.g() : null, x.go(), query.requiresGrad() ? query.g() : null,
                query.go(), scores.g(), scores.go(), x.v, x.vo, query.v, query.vo, t, b, h));
        return Attention.attend(tape, scores, x, lengths);
    }

    /**
     * @param s out (B, T)
     * @param x (T, B, H)
     * @param q (H)
     */
    public static void scoresForward(float[] s, float[] x, int xo, float[] q, int qo, int t, int b, int h) {
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < b; j++) {
                double acc = 0;
                int o = xo + (i * b + j) * h;
                for (int k = 0; k < h; k++) {
                    acc += (double) q[qo + k] * x[o + k];
                }
                s[j * t + i] = (float) acc;
            }
        }
    }

    /** dx[t, b] += ds[b, t]·q; dq += Σ ds[b, t]·x[t, b] (either gradient may be null). */
    public static void scoresBackward(float[] dx, int dxo, float[] dq, int dqo, float[] ds, int dso,
                                      float[] x, int xo, float[] q, int qo, int t, int b, int h) {
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < b; j++) {
                float g = ds[dso + j * t + i];
                int o = (i * b + j) * h;
                for (int k = 0; k < h; k++) {
                    if (dx != null) {
                        dx[dxo + o + k] += g * q[qo + k];
                    }
                    if (dq != null) {
                        dq[dqo + k] += g * x[xo + o + k];
                    }
                }
            }
        }
    }
}
