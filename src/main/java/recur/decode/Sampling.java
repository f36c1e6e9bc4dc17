package recur.decode;

import java.util.Arrays;
import java.util.SplittableRandom;
import recur.tensor.VecMath;

/**
 * Draws a token from a row of logits with temperature, top-k and top-p (nucleus) truncation,
 * as char-rnn and PyTorch's generate.py do. Probabilities are computed in double after
 * subtracting the maximum; ties in sorting break by lower id, so a seed gives one answer.
 */
public final class Sampling {
    private final double temperature;
    private final int topK;
    private final double topP;

    /**
     * @param temperature > 0 divides the logits (below 1 sharper); 0 means greedy (argmax)
     * @param topK keep the k most likely tokens; 0 keeps all
     * @param topP keep the smallest set whose probability reaches p; 1 keeps all
     */
    public Sampling(double temperature, int topK, double topP) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("--temperature must be a finite number ≥ 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("--top-k must be ≥ 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
        }
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
    }

    /** Natural-log probabilities of the untruncated softmax of logits[off .. off+n), for reporting. */
    public static double[] logSoftmax(float[] logits, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logits[off + i] - max);
        }
        double lse = max + Math.log(sum);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = logits[off + i] - lse;
        }
        return out;
    }

    /**
     * Picks a token id from logits[off .. off+n), never one whose index is in {@code banned}
     * (may be null). Without top-k and top-p the draw walks the ids in order and sorts nothing;
     * with them the candidates are ordered by logit (ties by lower id) first. Probabilities are
     * exp((logit − max) / T), summed in double.
     */
    public int sample(float[] logits, int off, int n, boolean[] banned, SplittableRandom rnd) {
        return sample(logits, off, n, banned, rnd, null);
    }

    /**
     * As {@link #sample(float[], int, int, boolean[], SplittableRandom)}, and when the draw has
     * computed the untruncated softmax's normaliser at temperature 1 on its way (no top-k, top-p
     * or ban, temperature 1), writes log Σ exp(logits) to {@code logNormaliser[0]}, else NaN. It
     * has the bits of {@link recur.nn.SoftmaxCrossEntropy#logProb}'s normaliser (the same max
     * and the same sum), so a caller that reports the drawn token's log-probability need not
     * take a second pass of exp over the vocabulary. {@code logNormaliser} may be null.
     */
    public int sample(float[] logits, int off, int n, boolean[] banned, SplittableRandom rnd, double[] logNormaliser) {
        if (logNormaliser != null) {
            logNormaliser[0] = Double.NaN;
        }
        if (banned == null && temperature > 0 && topK == 0 && topP == 1) {
            return sampleAll(logits, off, n, rnd, logNormaliser);
        }
        int[] ids = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (banned == null || !banned[i]) {
                ids[m++] = i;
            }
        }
        if (m == 0) {
            throw new IllegalStateException("every token is banned");
        }
        if (temperature == 0) {
            int best = ids[0];
            for (int i = 1; i < m; i++) {
                if (logits[off + ids[i]] > logits[off + best]) {
                    best = ids[i];
                }
            }
            return best;
        }
        int keep = m;
        if (topK > 0 || topP < 1) {
            sortByLogit(logits, off, ids, m);
            keep = topK > 0 ? Math.min(topK, m) : m;
        }
        double scale = 1 / temperature;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < keep; i++) {
            max = Math.max(max, logits[off + ids[i]]);
        }
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp((logits[off + ids[i]] - max) * scale);
            sum += p[i];
        }
        if (topP < 1) {
            double acc = 0;
            int cut = keep;
            for (int i = 0; i < keep; i++) {
                acc += p[i] / sum;
                if (acc >= topP) {
                    cut = i + 1;
                    break;
                }
            }
            keep = cut;
            sum = 0;
            for (int i = 0; i < keep; i++) {
                sum += p[i];
            }
        }
        double u = rnd.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += p[i];
            if (u < acc) {
                return ids[i];
            }
        }
        return ids[keep - 1];
    }

    /** A draw from the whole softmax at the temperature: one vectorised pass of exp, then a walk in id order. */
    private int sampleAll(float[] logits, int off, int n, SplittableRandom rnd, double[] logNormaliser) {
        float[] e = new float[n];
        float[] src = logits;
        int so = off;
        if (temperature != 1) {
            VecMath.scale(logits, off, e, 0, n, (float) (1 / temperature));
            src = e;
            so = 0;
        }
        float max = VecMath.max(src, so, n);
        double sum = VecMath.expShiftSum(src, so, e, 0, n, max);
        if (logNormaliser != null && temperature == 1) {
            logNormaliser[0] = max + Math.log(sum);
        }
        double u = rnd.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc += e[i];
            if (u < acc) {
                return i;
            }
        }
        // rounding left u at or past the last sum: the last token with any probability
        for (int i = n - 1; i > 0; i--) {
            if (e[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Orders ids[0..m) by logit, highest first, ties by lower id: each id is packed with its
     * logit's order-preserving bits into one long, so the sort is on primitives.
     */
    private static void sortByLogit(float[] logits, int off, int[] ids, int m) {
        long[] keys = new long[m];
        for (int i = 0; i < m; i++) {
            int bits = Float.floatToIntBits(logits[off + ids[i]]);
            // flip to an unsigned order of the float, then invert it so the largest comes first
            int order = bits < 0 ? ~bits : bits | Integer.MIN_VALUE;
            keys[i] = ((long) ~order << 32) | ids[i];
        }
        // the high word compared unsigned: offset it into the signed range
        for (int i = 0; i < m; i++) {
            keys[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(keys);
        for (int i = 0; i < m; i++) {
            ids[i] = (int) keys[i];
        }
    }
}
