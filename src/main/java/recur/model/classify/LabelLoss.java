package recur.model.classify;

import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * The training loss of a classifier on a batch of logits, with the probabilities predict reports:
 * softmax, −log p of the gold label (the mean over an example's gold labels when it has several);
 * or one-vs-all, a sigmoid per label and the binary cross-entropy summed over the labels. Per
 * example it is {@link Prediction#loss}'s quantity, computed from the logits in a stable way; the
 * value the gradient flows from is the mean over the batch.
 */
public final class LabelLoss {
    private LabelLoss() {}

    /**
     * @param value the mean loss over the batch, a scalar on the tape
     * @param sum the loss summed over the batch's examples
     */
    public record Result(Var value, double sum) {}

    /**
     * @param logits (B, L)
     * @param gold each row's gold label ids (at least one each)
     */
    public static Result apply(Tape tape, Var logits, int[][] gold, boolean ova) {
        int b = logits.dim(0);
        int l = logits.dim(1);
        if (gold.length != b) {
            throw new IllegalArgumentException("got " + gold.length + " label lists for a batch of " + b);
        }
        float[] probs = new float[b * l];
        double sum = forward(logits.v, logits.vo, gold, ova, b, l, probs);
        Var value = Var.zeros(1);
        value.v[0] = (float) (sum / b);
        tape.record(() -> {
            if (logits.requiresGrad()) {
                backward(logits.g(), logits.go(), value.g()[value.go()] / b, probs, gold, ova, b, l);
            }
        });
        return new Result(value, sum);
    }

    /** Writes each row's probabilities (softmax or sigmoids) into probs (B, L) and returns the summed loss (0 when gold is null). */
    public static double forward(float[] logits, int lo, int[][] gold, boolean ova, int b, int l, float[] probs) {
        double sum = 0;
        for (int r = 0; r < b; r++) {
            int o = lo + r * l;
            if (ova) {
                for (int c = 0; c < l; c++) {
                    double z = logits[o + c];
                    probs[r * l + c] = (float) sigmoid(z);
                    if (gold != null) {
                        // −log σ(z) = softplus(−z), −log(1 − σ(z)) = softplus(z)
                        sum += Prediction.contains(gold[r], c) ? softplus(-z) : softplus(z);
                    }
                }
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < l; c++) {
                    max = Math.max(max, logits[o + c]);
                }
                double total = 0;
                for (int c = 0; c < l; c++) {
                    total += Math.exp(logits[o + c] - max);
                }
                double logZ = max + Math.log(total);
                for (int c = 0; c < l; c++) {
                    probs[r * l + c] = (float) Math.exp(logits[o + c] - logZ);
                }
                if (gold != null) {
                    double nll = 0;
                    for (int c : gold[r]) {
                        nll += logZ - logits[o + c];
                    }
                    sum += nll / gold[r].length;
                }
            }
        }
        return sum;
    }

    /** dlogits += scale·(p − y): y the one-hot (softmax: shared over the gold labels) or the 0/1 targets. */
    static void backward(float[] dlogits, int dlo, float scale, float[] probs, int[][] gold, boolean ova, int b, int l) {
        for (int r = 0; r < b; r++) {
            int o = dlo + r * l;
            for (int c = 0; c < l; c++) {
                float y = ova && Prediction.contains(gold[r], c) ? 1f : 0f;
                dlogits[o + c] += scale * (probs[r * l + c] - y);
            }
            if (!ova) {
                float share = 1f / gold[r].length;
                for (int c : gold[r]) {
                    dlogits[o + c] -= scale * share;
                }
            }
        }
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
}
