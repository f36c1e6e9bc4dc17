package recur.decode;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import recur.nn.SoftmaxCrossEntropy;

/**
 * One continuation of a prompt, as a {@link Batcher} task: the context is fed a token a step
 * (the state is all that is kept of it, so a prompt of any length needs one step's memory), the
 * logits after its last token give the first draw, and each drawn token is fed back until the
 * end token, {@code maxTokens} or a stop string. An empty prompt starts as after a line end.
 */
public final class SampleTask implements Batcher.Task {
    /** Whether the text so far ends generation (a stop string), given the ids generated. */
    @FunctionalInterface
    public interface StopCheck {
        boolean stop(int[] ids, int count);
    }

    private final int[] context;
    private final int maxTokens;
    private final Sampling sampling;
    private final SplittableRandom rnd;
    private final int endId;
    private final boolean stopAtEnd;
    private final StopCheck stopCheck;
    private final IntConsumer onToken;
    /** Context tokens fed so far. */
    private int fed;
    private int[] out = new int[16];
    private int n;
    private double logProb;
    private String stop;
    /** Scratch for the draw's log-normaliser (see {@link Sampling#sample(float[], int, int, boolean[], SplittableRandom, double[])}). */
    private final double[] logNormaliser = new double[1];

    /**
     * @param prompt ids to condition on
     * @param maxTokens at most this many new ids
     * @param stopAtEnd whether the end id ends the sample (it is then not part of it)
     * @param stopCheck asked after every id, may be null
     * @param onToken called with each id as it is drawn (for streaming), may be null
     */
    public SampleTask(int[] prompt, int maxTokens, Sampling sampling, SplittableRandom rnd, int endId, boolean stopAtEnd,
                      StopCheck stopCheck, IntConsumer onToken) {
        this.context = prompt.length == 0 ? new int[] {endId} : prompt;
        this.maxTokens = maxTokens;
        this.sampling = sampling;
        this.rnd = rnd;
        this.endId = endId;
        this.stopAtEnd = stopAtEnd;
        this.stopCheck = stopCheck;
        this.onToken = onToken;
        if (maxTokens <= 0) {
            stop = "max_tokens";
        }
    }

    @Override
    public boolean done() {
        return stop != null;
    }

    @Override
    public int nextInput() {
        return fed < context.length ? context[fed] : out[n - 1];
    }

    @Override
    public boolean needsLogits() {
        return fed >= context.length - 1;
    }

    @Override
    public void accept(float[] logits, int lo, int v) {
        if (fed < context.length) {
            fed++;
            if (fed < context.length) {
                return;
            }
        }
        int id = sampling.sample(logits, lo, v, null, rnd, logNormaliser);
        // the draw's own normaliser when it computed one at temperature 1: the same bits, one pass fewer
        logProb += Double.isNaN(logNormaliser[0]) ? SoftmaxCrossEntropy.logProb(logits, lo, v, id)
                : logits[lo + id] - logNormaliser[0];
        if (stopAtEnd && id == endId) {
            stop = "eos";
            return;
        }
        if (n == out.length) {
            out = Arrays.copyOf(out, n * 2);
        }
        out[n++] = id;
        if (onToken != null) {
            onToken.accept(id);
        }
        if (stopCheck != null && stopCheck.stop(out, n)) {
            stop = "stop_string";
        } else if (n == maxTokens) {
            stop = "max_tokens";
        }
    }

    /** The generated ids (the stop token excluded). */
    public int[] ids() {
        return Arrays.copyOf(out, n);
    }

    /** Σ natural-log probability of the generated ids (and of the end token when it stopped there), at temperature 1. */
    public double logProb() {
        return logProb;
    }

    /** Why generation ended: "eos", "max_tokens" or "stop_string". */
    public String stop() {
        return stop;
    }
}
