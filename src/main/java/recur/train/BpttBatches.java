package recur.train;

/**
 * A token stream cut into {@code batch} contiguous columns and read in windows of {@code bptt}
 * steps, as PyTorch's word_language_model does: column b holds tokens
 * [b·n, (b+1)·n) with n = ⌊len / batch⌋ (the tail that does not fill a column is dropped), and
 * window w feeds steps [w·bptt, w·bptt + T) of every column, T = min(bptt, n − 1 − w·bptt), with
 * targets one step ahead. State carried from one window to the next continues each column.
 */
public final class BpttBatches {
    private final int[] stream;
    private final int batch;
    private final int bptt;
    private final int columnLength;

    public BpttBatches(int[] stream, int batch, int bptt) {
        if (batch < 1 || bptt < 1) {
            throw new IllegalArgumentException("batch and bptt must be at least 1, got " + batch + " and " + bptt);
        }
        this.stream = stream;
        this.batch = batch;
        this.bptt = bptt;
        this.columnLength = stream.length / batch;
    }

    /** Whether there are at least two tokens per column, so at least one window exists. */
    public boolean isEmpty() {
        return columnLength < 2;
    }

    public int batch() {
        return batch;
    }

    /** Number of windows in one pass. */
    public int windows() {
        return columnLength < 2 ? 0 : (columnLength - 1 + bptt - 1) / bptt;
    }

    /** Steps in window w. */
    public int steps(int w) {
        return Math.min(bptt, columnLength - 1 - w * bptt);
    }

    /** Tokens predicted in one pass: every position that has a next token. */
    public long predictedTokens() {
        return columnLength < 2 ? 0 : (long) (columnLength - 1) * batch;
    }

    /**
     * Fills the inputs and targets of window w, both time-major [T, B].
     *
     * @param inputs (T·B) ids at steps t of each column b, at t·B + b
     * @param targets (T·B) the id one step later
     * @return T, the number of steps
     */
    public int fill(int w, int[] inputs, int[] targets) {
        int t0 = w * bptt;
        int steps = steps(w);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int at = b * columnLength + t0 + t;
                inputs[t * batch + b] = stream[at];
                targets[t * batch + b] = stream[at + 1];
            }
        }
        return steps;
    }
}
