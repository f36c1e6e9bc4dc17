package recur.model;

/**
 * What translation decoding (greedy, beam search, sampling) needs from an attention
 * encoder-decoder: encode a set of source sentences once, then advance many decoder rows one
 * target token at a time, each row attending over the memory of the source it translates.
 *
 * <p>Rows are independent to the bit: a row's results do not depend on which, or how many,
 * other rows share a step, nor on which other sources were encoded with its own, so a record
 * translates to the same bytes at any batch size and thread count.
 *
 * <p>A snapshot of the weights made for one decoding run; not safe for concurrent use (each
 * decoding thread makes its own).
 *
 * <p>Glossary: m rows in this step, V target vocabulary.
 */
public interface Seq2SeqStepModel {
    /** V, the size of one row of {@link #step}'s log-probabilities. */
    int targetVocabSize();

    /** The id fed to every row at its first step. */
    int bos();

    /** The id that ends a hypothesis. */
    int eos();

    /**
     * Encodes source sentences.
     *
     * @param sources source-vocabulary ids, without BOS or EOS; each of length at least 1
     */
    Memory encode(int[][] sources);

    /** A decoder state for up to {@code capacity} rows. */
    State newState(int capacity);

    /** Row {@code row} starts translating source {@code index} of {@code memory}: its state as the bridge makes it. */
    void start(State state, int row, Memory memory, int index);

    /**
     * Feeds ids[r] to row r for r in [0, m) and advances its state by one step.
     *
     * @param logProbs (m, V) at 0: each row's log-softmax over the next token
     * @param attention (m): the source position each row's attention weighted most in this
     *     step, or null when not wanted
     */
    void step(int m, int[] ids, State state, float[] logProbs, int[] attention);

    /** The encoded sources: what the decoder attends over. */
    interface Memory {
        /** How many sources were encoded. */
        int size();

        /** The length of source {@code index}. */
        int length(int index);
    }

    /** The decoder states of a set of rows, each tied to the source it translates. */
    interface State {
        int capacity();

        /**
         * Row r for r in [0, m) takes the state (and the source) that row {@code from[r]} had
         * before this call: beam search's reordering after choosing each beam's parents. Rows
         * may repeat in {@code from}.
         */
        void reorder(int m, int[] from);
    }
}
