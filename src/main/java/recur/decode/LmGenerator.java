package recur.decode;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import recur.model.LanguageModel;
import recur.model.LmState;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Continues a prompt with a language model one token at a time: the prompt is read in one
 * window, then each drawn token is fed back. An empty prompt starts as after a line end.
 */
public final class LmGenerator {
    /**
     * One generated continuation.
     *
     * @param ids the generated ids (the stop token excluded)
     * @param logProb Σ natural-log probability of the generated ids (and of the end token when it
     *     stopped there) under the model at temperature 1
     * @param stop why generation ended: "eos", "max_tokens" or "stop_string"
     */
    public record Sample(int[] ids, double logProb, String stop) {}

    /** Whether the text so far ends generation (a stop string), given the ids generated. */
    @FunctionalInterface
    public interface StopCheck {
        boolean stop(int[] ids, int count);
    }

    private final LanguageModel model;
    private final Sampling sampling;
    private final int endId;
    private final boolean stopAtEnd;

    public LmGenerator(LanguageModel model, Sampling sampling, int endId, boolean stopAtEnd) {
        this.model = model;
        this.sampling = sampling;
        this.endId = endId;
        this.stopAtEnd = stopAtEnd;
    }

    /**
     * @param prompt ids to condition on
     * @param maxTokens at most this many new ids
     * @param onToken called with each id as it is drawn (for streaming), may be null
     * @param stopCheck asked after every id, may be null
     */
    public Sample generate(int[] prompt, int maxTokens, SplittableRandom rnd, IntConsumer onToken, StopCheck stopCheck) {
        Tape tape = Tape.inference();
        LmState state = model.newState(1);
        int[] context = prompt.length == 0 ? new int[] {endId} : prompt;
        Var logits = model.forward(tape, context, context.length, 1, state, null);
        int v = model.vocabSize();
        int row = (context.length - 1) * v;
        int[] out = new int[Math.max(maxTokens, 0)];
        int n = 0;
        double logProb = 0;
        String stop = "max_tokens";
        int[] one = new int[1];
        while (n < maxTokens) {
            int id = sampling.sample(logits.v, logits.vo + row, v, null, rnd);
            logProb += SoftmaxCrossEntropy.logProb(logits.v, logits.vo + row, v, id);
            if (stopAtEnd && id == endId) {
                stop = "eos";
                break;
            }
            out[n++] = id;
            if (onToken != null) {
                onToken.accept(id);
            }
            if (stopCheck != null && stopCheck.stop(out, n)) {
                stop = "stop_string";
                break;
            }
            if (n == maxTokens) {
                break;
            }
            one[0] = id;
            logits = model.forward(tape, one, 1, 1, state, null);
            row = 0;
        }
        return new Sample(Arrays.copyOf(out, n), logProb, stop);
    }
}
