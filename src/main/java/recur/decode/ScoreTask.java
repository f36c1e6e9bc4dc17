package recur.decode;

import recur.nn.SoftmaxCrossEntropy;

/**
 * The log-probability a model gives a sequence of tokens, as a {@link Batcher} task: after the
 * first input (the end token, as at the start of a line, or the last token of the record before
 * when the state is carried) each target is scored and then fed.
 */
public final class ScoreTask implements Batcher.Task {
    private final int first;
    private final int[] targets;
    private final double[] perToken;
    private int at;
    private double logProb;

    /**
     * @param first the input before the first target
     * @param targets the ids to score, in order
     * @param perToken whether to keep each token's log-probability
     */
    public ScoreTask(int first, int[] targets, boolean perToken) {
        this.first = first;
        this.targets = targets;
        this.perToken = perToken ? new double[targets.length] : null;
    }

    @Override
    public boolean done() {
        return at == targets.length;
    }

    @Override
    public int nextInput() {
        return at == 0 ? first : targets[at - 1];
    }

    @Override
    public boolean needsLogits() {
        return true;
    }

    @Override
    public void accept(float[] logits, int lo, int v) {
        double lp = SoftmaxCrossEntropy.logProb(logits, lo, v, targets[at]);
        logProb += lp;
        if (perToken != null) {
            perToken[at] = lp;
        }
        at++;
    }

    /** Σ natural-log probability of the targets. */
    public double logProb() {
        return logProb;
    }

    public int[] targets() {
        return targets;
    }

    /** Each target's log-probability, or null when not kept. */
    public double[] perToken() {
        return perToken;
    }
}
