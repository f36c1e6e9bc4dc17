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

    /**
     * {@link #evaluate(LanguageModel, int[], int, int)} over a spooled stream: the same columns,
     * windows and numbers, with only one window's ids in memory at a time.
     */
    public static Result evaluate(LanguageModel model, IdSpool stream, int batch, int bptt) {
        if (batch < 1 || bptt < 1) {
            throw new IllegalArgumentException("batch and bptt must be at least 1, got " + batch + " and " + bptt);
        }
        long column = stream.length() / batch;
        if (column < 2) {
            // too short for the columns: one column still gives every next-token prediction
            batch = 1;
            column = stream.length();
        }
        if (column < 2) {
            return new Result(0, 0);
        }
        LmState state = model.newState(batch);
        int[] x = new int[batch * bptt];
        int[] y = new int[batch * bptt];
        int[] run = new int[bptt + 1];
        double sum = 0;
        long count = 0;
        Tape tape = Tape.inference();
        for (long t0 = 0; t0 < column - 1; t0 += bptt) {
            int steps = (int) Math.min(bptt, column - 1 - t0);
            for (int b = 0; b < batch; b++) {
                stream.read(b * column + t0, run, 0, steps + 1);
                for (int t = 0; t < steps; t++) {
                    x[t * batch + b] = run[t];
                    y[t * batch + b] = run[t + 1];
                }
            }
            int[] targets = steps * batch == y.length ? y : Arrays.copyOf(y, steps * batch);
            SoftmaxCrossEntropy.Loss loss = model.loss(tape, x, targets, steps, batch, state, null);
            sum += loss.nllSum();
            count += loss.count();
        }
        return new Result(sum, count);
    }
}
