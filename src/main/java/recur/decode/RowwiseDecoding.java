package recur.decode;

import java.util.Arrays;
import recur.model.Seq2SeqStepModel;

/**
 * Decoding that follows one hypothesis per row, choosing one token a step: greedy and sampled
 * translation. Each source may have several rows (samples); all rows of a batch advance in one
 * step call, and a row that ends (EOS, or its length limit) leaves the batch at once, the others
 * closing up behind it.
 */
final class RowwiseDecoding {
    private RowwiseDecoding() {}

    /** Picks a row's next token. */
    interface Choice {
        /**
         * @param task which row of the batch (source × rowsPerSource + copy), as numbered at the start
         * @param logProbs the row's log-probabilities (V) at off
         * @param eosAllowed false while the row is shorter than the minimum length
         */
        int choose(int task, float[] logProbs, int off, int v, boolean eosAllowed);
    }

    /**
     * @param rowsPerSource hypotheses followed for each source
     * @param maxLength for each source, the most tokens (EOS not counted), at least 1
     * @param minLength the fewest tokens before EOS may be chosen
     * @return one hypothesis per task, source × rowsPerSource + copy
     */
    static Hypothesis[] run(Seq2SeqStepModel model, int[][] sources, int[] maxLength, int rowsPerSource, int minLength,
                            boolean align, Choice choice) {
        int n = sources.length * rowsPerSource;
        Hypothesis[] out = new Hypothesis[n];
        if (n == 0) {
            return out;
        }
        int v = model.targetVocabSize();
        int eos = model.eos();
        Seq2SeqStepModel.Memory memory = model.encode(sources);
        Seq2SeqStepModel.State state = model.newState(n);
        int[] task = new int[n];
        int[] input = new int[n];
        int[][] emitted = new int[n][];
        int[][] attn = align ? new int[n][] : null;
        int[] length = new int[n];
        double[] logProb = new double[n];
        for (int j = 0; j < n; j++) {
            int s = j / rowsPerSource;
            if (maxLength[s] < 1) {
                throw new IllegalArgumentException("a maximum length must be at least 1, got " + maxLength[s]);
            }
            model.start(state, j, memory, s);
            task[j] = j;
            input[j] = model.bos();
            emitted[j] = new int[maxLength[s]];
            if (align) {
                attn[j] = new int[maxLength[s]];
            }
        }
        float[] logProbs = new float[n * v];
        int[] attention = align ? new int[n] : null;
        int[] keep = new int[n];
        int m = n;
        while (m > 0) {
            model.step(m, input, state, logProbs, attention);
            int kept = 0;
            for (int r = 0; r < m; r++) {
                int j = task[r];
                int limit = maxLength[j / rowsPerSource];
                int w = choice.choose(j, logProbs, r * v, v, length[j] >= minLength);
                logProb[j] += logProbs[r * v + w];
                boolean end = w == eos;
                if (!end) {
                    if (align) {
                        attn[j][length[j]] = attention[r];
                    }
                    emitted[j][length[j]++] = w;
                }
                if (end || length[j] >= limit) {
                    int counted = length[j] + (end ? 1 : 0);
                    out[j] = new Hypothesis(Arrays.copyOf(emitted[j], length[j]), logProb[j], counted, logProb[j],
                            align ? Arrays.copyOf(attn[j], length[j]) : null);
                    emitted[j] = null;
                } else {
                    keep[kept] = r;
                    task[kept] = j;
                    input[kept] = w;
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
}
