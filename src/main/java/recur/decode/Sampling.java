package recur.decode;

import java.util.Arrays;
import java.util.SplittableRandom;

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
     * (may be null).
     */
    public int sample(float[] logits, int off, int n, boolean[] banned, SplittableRandom rnd) {
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (banned == null || !banned[i]) {
                order[m++] = i;
            }
        }
        if (m == 0) {
            throw new IllegalStateException("every token is banned");
        }
        Integer[] ids = Arrays.copyOf(order, m);
        if (temperature == 0) {
            int best = ids[0];
            for (int id : ids) {
                if (logits[off + id] > logits[off + best]) {
                    best = id;
                }
            }
            return best;
        }
        Arrays.sort(ids, (a, b) -> {
            int c = Float.compare(logits[off + b], logits[off + a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int keep = topK > 0 ? Math.min(topK, m) : m;
        double max = logits[off + ids[0]] / temperature;
        double[] p = new double[keep];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(logits[off + ids[i]] / temperature - max);
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
}
