package recur.decode;

import recur.model.Seq2SeqStepModel;

/**
 * Greedy decoding of a batch of sources: every row feeds back its most probable token until it
 * emits EOS or reaches its length limit. Used by validation during training and as beam
 * search's width-1 reference. Ties go to the lowest id, so the result does not depend on the
 * batch. Beam search of width 1 gives the same; the sampled decoding shares the loop
 * ({@link RowwiseDecoding}).
 */
public final class GreedyTranslation {
    private GreedyTranslation() {}

    /**
     * A decoded sentence.
     *
     * @param ids target ids without BOS and EOS
     * @param logProb the sum of the chosen tokens' log-probabilities, EOS included when emitted
     */
    public record Result(int[] ids, double logProb) {}

    /**
     * @param maxLength for each source, the most target tokens to emit before stopping (at least 1)
     */
    public static Result[] decode(Seq2SeqStepModel model, int[][] sources, int[] maxLength) {
        Hypothesis[] h = RowwiseDecoding.run(model, sources, maxLength, 1, 0, false,
                (task, logProbs, off, v, eosAllowed) -> argmax(logProbs, off, v));
        Result[] out = new Result[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = new Result(h[i].ids(), h[i].logProb());
        }
        return out;
    }

    static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }
}
