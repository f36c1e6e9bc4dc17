package recur.decode;

import java.util.Arrays;
import recur.model.Seq2SeqStepModel;

/**
 * Greedy decoding of a batch of sources: every row feeds back its most probable token until it
 * emits EOS or reaches its length limit. Used by validation during training and as beam
 * search's width-1 reference. Ties go to the lowest id, so the result does not depend on the
 * batch.
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
        int n = sources.length;
        Result[] out = new Result[n];
        if (n == 0) {
            return out;
        }
        int v = model.targetVocabSize();
        Seq2SeqStepModel.Memory memory = model.encode(sources);
        Seq2SeqStepModel.State state = model.newState(n);
        int[] source = new int[n];
        int[] input = new int[n];
        int[][] emitted = new int[n][];
        int[] length = new int[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            model.start(state, i, memory, i);
            source[i] = i;
            input[i] = model.bos();
            emitted[i] = new int[Math.max(1, maxLength[i])];
        }
        float[] logProbs = new float[n * v];
        int m = n;
        int[] keep = new int[n];
        while (m > 0) {
            model.step(m, input, state, logProbs, null);
            int kept = 0;
            for (int r = 0; r < m; r++) {
                int best = argmax(logProbs, r * v, v);
                int s = source[r];
                score[s] += logProbs[r * v + best];
                boolean end = best == model.eos();
                if (!end) {
                    emitted[s][length[s]++] = best;
                }
                if (end || length[s] >= maxLength[s]) {
                    out[s] = new Result(Arrays.copyOf(emitted[s], length[s]), score[s]);
                } else {
                    keep[kept] = r;
                    source[kept] = s;
                    input[kept] = best;
                    kept++;
                }
            }
            if (kept < m && kept > 0) {
                state.reorder(kept, keep);
            }
            m = kept;
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
