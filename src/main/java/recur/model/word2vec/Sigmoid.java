package recur.model.word2vec;

/**
 * σ(x) and −log σ(x) from tables over [−MAX, MAX], as word2vec does (it uses 1000 entries sampled
 * at the left edge of each cell; these use 4096 sampled at the centre, so the rounding error is
 * below 2·10⁻³ and unbiased). Outside the range the caller clips the gradient, as word2vec does.
 */
final class Sigmoid {
    static final float MAX = 6f;
    static final int SIZE = 4096;
    static final float SCALE = SIZE / (2 * MAX);
    private static final float[] SIG = new float[SIZE];
    private static final float[] NLL = new float[SIZE + 1];

    static {
        for (int i = 0; i < SIZE; i++) {
            double x = -MAX + (i + 0.5) / SCALE;
            SIG[i] = (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        for (int i = 0; i <= SIZE; i++) {
            double x = -MAX + i / SCALE;
            NLL[i] = (float) Math.log1p(Math.exp(-x));
        }
    }

    private Sigmoid() {}

    /** σ(f) for −MAX < f < MAX. */
    static float sigmoid(float f) {
        return SIG[(int) ((f + MAX) * SCALE)];
    }

    /** −log σ(f), clipped to the table's range: the loss of a positive pair with score f. */
    static float nll(float f) {
        if (f <= -MAX) {
            return NLL[0];
        }
        if (f >= MAX) {
            return NLL[SIZE];
        }
        return NLL[(int) ((f + MAX) * SCALE)];
    }
}
