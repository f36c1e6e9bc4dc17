package recur.train;

import java.util.Arrays;
import recur.model.LanguageModel;
import recur.model.LmState;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.Tape;

/**
 * The mean negative log-likelihood of a token stream under a language model, read in the same
 * columns and windows as training validation (state carried, no dropout), so that
 * {@code recur eval perplexity} and train-lm's validation print the same numbers for the same data.
 */
public final class LmEvaluator {
    /** Σ −log p(next token) and how many tokens were predicted. */
    public record Result(double nllSum, long count) {
        public double meanLoss() {
            return count == 0 ? Double.NaN : nllSum / count;
        }

        public double perplexity() {
            return Math.exp(meanLoss());
        }

        /** Mean loss in bits (per token, or per character for a character model). */
        public double bits() {
            return meanLoss() / Math.log(2);
        }
    }

    private LmEvaluator() {}

    public static Result evaluate(LanguageModel model, int[] stream, int batch, int bptt) {
        BpttBatches windows = new BpttBatches(stream, batch, bptt);
        if (windows.isEmpty()) {
            // too short for the columns: one column still gives every next-token prediction
            windows = new BpttBatches(stream, 1, bptt);
            batch = 1;
        }
        LmState state = model.newState(batch);
        int[] x = new int[batch * bptt];
        int[] y = new int[batch * bptt];
        double sum = 0;
        long count = 0;
        Tape tape = Tape.inference();
        for (int w = 0; w < windows.windows(); w++) {
            int steps = windows.fill(w, x, y);
            int[] targets = steps * batch == y.length ? y : Arrays.copyOf(y, steps * batch);
            SoftmaxCrossEntropy.Loss loss = model.loss(tape, x, targets, steps, batch, state, null);
            sum += loss.nllSum();
            count += loss.count();
        }
        return new Result(sum, count);
    }
}
