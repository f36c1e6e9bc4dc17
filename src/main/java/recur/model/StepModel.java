package recur.model;

/**
 * What decoding needs from a model (sampling, scoring, and later a translation decoder): one time
 * step for many rows at once — the last token of each row and its state in, features and the new
 * state out — and the projection of features to logits, asked only for the rows that need them
 * (a prompt's rows before its last token need none). Rows are independent: a row's results do not
 * depend on which other rows share a step, or on how many, to the bit.
 *
 * <p>A step model is a snapshot of the weights made for one decoding run and is not safe for
 * concurrent use.
 *
 * <p>Glossary: m rows in this step, F feature width, V vocabulary.
 */
public interface StepModel {
    int vocabSize();

    /** F, the width of one row of features. */
    int featureSize();

    /** A state for up to {@code capacity} rows, each as at the start of a stream. */
    State newState(int capacity);

    /**
     * Feeds ids[r] to row r for r in [0, m) and advances its state.
     *
     * @param features (m, F): each row's features after its token
     */
    void step(int m, int[] ids, State state, float[] features);

    /**
     * @param features (n, F) at fo
     * @param logits (n, V) at 0: the unnormalised log-probabilities of the next token
     */
    void logits(int n, float[] features, int fo, float[] logits);

    /** The state of a set of rows: what is carried from one step to the next. */
    interface State {
        int capacity();

        /** Row {@code row} starts again, as after no input. */
        void reset(int row);

        /** Row {@code to} takes row {@code from}'s state (to keep the active rows packed at the front). */
        void move(int from, int to);
    }
}
