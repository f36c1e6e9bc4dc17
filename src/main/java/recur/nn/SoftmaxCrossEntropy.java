package recur.nn;

import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * Log-softmax and cross-entropy fused, on logits (N, V) with one target id per row, as PyTorch's
 * {@code F.cross_entropy(logits, targets, ignore_index=…, label_smoothing=ε, reduction='mean')}:
 * rows whose target is the ignore index contribute nothing, and the loss is the mean over the
 * remaining rows. With label smoothing ε the target distribution is (1−ε)·onehot + ε/V (uniform
 * over all V classes, the target included), so a row's loss is (1−ε)·(−log p_t) + (ε/V)·Σ_j −log p_j.
 *
 * <p>Each row's max is subtracted before exponentiating and sums are accumulated in double. The
 * forward pass keeps only each row's max and denominator; the backward pass recomputes the
 * exponentials a row at a time and adds (softmax − target distribution)·dloss/count into dlogits.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /** No row is ignored. */
    public static final int NO_IGNORE = Integer.MIN_VALUE;

    /**
     * The loss and the sums behind it.
     *
     * @param loss scalar (shape [1]): lossSum / count, 0 when every row was ignored
     * @param lossSum Σ over counted rows of the (smoothed) loss, in double
     * @param nllSum Σ over counted rows of −log p(target), without smoothing: for perplexity
     * @param count rows not ignored
     */
    public record Loss(Var loss, double lossSum, double nllSum, int count) {
        /** The mean loss as a double (lossSum / count). */
        public double mean() {
            return count == 0 ? 0 : lossSum / count;
        }

        /** exp(mean negative log-likelihood), without smoothing. */
        public double perplexity() {
            return Math.exp(count == 0 ? 0 : nllSum / count);
        }
    }

    /**
     * Records the mean cross-entropy on the tape.
     *
     * @param logits (N, V), or any (…, V)
     * @param targets (N): ids in [0, V), or {@code ignoreIndex}
     * @param ignoreIndex target value whose rows are skipped (e.g. the padding id), or {@link #NO_IGNORE}
     * @param smoothing label smoothing ε in [0, 1]
     * @throws IllegalArgumentException for a target outside [0, V) that is not the ignore index
     */
    public static Loss apply(Tape tape, Var logits, int[] targets, int ignoreIndex, float smoothing) {
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + smoothing);
        }
        int v = logits.dim(-1);
        int n = logits.size() / Math.max(v, 1);
        if (targets.length != n) {
            throw new IllegalArgumentException("cross-entropy got " + targets.length + " targets for " + n + " rows of logits");
        }
        boolean keep = tape.recording() && logits.requiresGrad();
        float[] rowMax = new float[n];
        double[] invSum = new double[n];
        double[] sums = new double[2];
        int[] t = targets.clone();
        int count = forward(rowMax, invSum, sums, logits.v, logits.vo, t, n, v, ignoreIndex, smoothing);
        Var loss = Var.zeros(1);
        loss.v[0] = count == 0 ? 0f : (float) (sums[0] / count);
        if (keep && count > 0) {
            tape.record(() -> backward(logits.g(), logits.go(), logits.v, logits.vo, rowMax, invSum, t, n, v,
                    ignoreIndex, smoothing, loss.g()[loss.go()] / count));
        }
        return new Loss(loss, sums[0], sums[1], count);
    }

    /**
     * Computes each row's max and softmax denominator and the loss sums. Nothing of size N·V is
     * kept: backward recomputes the exponentials row by row, which is cheaper than writing and
     * reading back a (N, V) buffer.
     *
     * @param rowMax out (N): max_j logits[row, j] (0 for ignored rows)
     * @param invSum out (N): 1 / Σ_j exp(logits[row, j] − rowMax) (0 for ignored rows)
     * @param sums out: [0] Σ smoothed loss, [1] Σ −log p(target), over counted rows
     * @param logits (N, V)
     * @param targets (N)
     * @return the number of rows not ignored
     */
    public static int forward(float[] rowMax, double[] invSum, double[] sums, float[] logits, int lo,
                              int[] targets, int n, int v, int ignoreIndex, float smoothing) {
        float[] scratch = new float[v];
        double lossSum = 0;
        double nllSum = 0;
        int count = 0;
        for (int r = 0; r < n; r++) {
            int t = targets[r];
            if (t == ignoreIndex) {
                rowMax[r] = 0;
                invSum[r] = 0;
                continue;
            }
            if (t < 0 || t >= v) {
                throw new IllegalArgumentException("target id " + t + " at row " + r + " is outside [0, " + v + ")");
            }
            int row = lo + r * v;
            float max = VecMath.max(logits, row, v);
            double sum = expSum(logits, row, v, max, scratch);
            double lse = max + Math.log(sum);
            rowMax[r] = max;
            invSum[r] = 1.0 / sum;
            double nll = lse - logits[row + t];
            double loss = nll;
            if (smoothing > 0) {
                // Σ_j −log p_j = V·lse − Σ_j logit_j
                double uniform = v * lse - VecMath.sum(logits, row, v);
                loss = (1 - smoothing) * nll + smoothing / v * uniform;
            }
            lossSum += loss;
            nllSum += nll;
            count++;
        }
        sums[0] = lossSum;
        sums[1] = nllSum;
        return count;
    }

    /**
     * Adds scale·(softmax − target distribution) into dlogits for every counted row.
     *
     * @param dlogits (N, V)
     * @param logits (N, V)
     * @param rowMax (N) from {@link #forward}
     * @param invSum (N) from {@link #forward}
     * @param targets (N)
     * @param scale dloss / count
     */
    public static void backward(float[] dlogits, int dlo, float[] logits, int lo, float[] rowMax, double[] invSum,
                                int[] targets, int n, int v, int ignoreIndex, float smoothing, float scale) {
        float off = smoothing > 0 ? (float) ((double) scale * smoothing / v) : 0f;
        for (int r = 0; r < n; r++) {
            int t = targets[r];
            int row = dlo + r * v;
            if (t == ignoreIndex) {
                continue;
            }
            VecMath.expShiftAdd(logits, lo + r * v, dlogits, row, v, rowMax[r], (float) (scale * invSum[r]));
            if (off != 0f) {
                for (int j = 0; j < v; j++) {
                    dlogits[row + j] -= off;
                }
            }
            dlogits[row + t] -= (float) ((double) scale * (1 - smoothing));
        }
    }

    /**
     * Log-probabilities of one row of logits (inference: sampling, scoring).
     *
     * @param logits (V) at lo
     * @param out (V) at oo: log softmax; may be the same array and offset as logits
     * @return log Σ_j exp(logit_j), the row's log-partition
     */
    public static double logSoftmax(float[] logits, int lo, int v, float[] out, int oo) {
        float max = VecMath.max(logits, lo, v);
        double lse = max + Math.log(expSum(logits, lo, v, max, new float[v]));
        for (int j = 0; j < v; j++) {
            out[oo + j] = (float) (logits[lo + j] - lse);
        }
        return lse;
    }

    /** log p(target) under softmax(logits) for one (V) row, in double. */
    public static double logProb(float[] logits, int lo, int v, int target) {
        float max = VecMath.max(logits, lo, v);
        double lse = max + Math.log(expSum(logits, lo, v, max, new float[v]));
        return logits[lo + target] - lse;
    }

    /** Σ_j exp(x[j] − max) for one (V) row, in double, with max the row's max; e is (V) scratch. */
    static double expSum(float[] x, int xo, int n, float max, float[] e) {
        return VecMath.expShiftSum(x, xo, e, 0, n, max);
    }
}
