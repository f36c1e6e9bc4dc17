package recur.model.word2vec;

/**
 * Hyperparameters of one training run, with word2vec's defaults where it has them.
 *
 * @param cbow      CBoW (predict the word from the mean of its context) instead of skip-gram
 * @param dim       E, the vector dimension
 * @param window    W, the largest half-width; each position draws its own from 1..W
 * @param negative  K negatives per positive pair
 * @param minCount  words seen fewer times are dropped
 * @param sample    sub-sampling threshold t (word2vec's formula); 0 turns it off
 * @param epochs    passes over the corpus
 * @param lr        starting learning rate, decayed linearly to zero (floor lr·1e-4)
 * @param minn      shortest character n-gram; 0 with maxn 0 for no n-grams
 * @param maxn      longest character n-gram
 * @param maxBuckets cap on the n-gram buckets (the count is the vocabulary's distinct n-grams)
 * @param threads   worker threads
 * @param seed      the seed of every random draw
 */
public record Word2VecParams(boolean cbow, int dim, int window, int negative, int minCount, double sample,
                             int epochs, double lr, int minn, int maxn, int maxBuckets, int threads, long seed) {

    public Word2VecParams {
        if (dim < 1 || dim > 100_000) {
            throw new IllegalArgumentException("--dim must be between 1 and 100000, got " + dim);
        }
        if (window < 1) {
            throw new IllegalArgumentException("--window must be at least 1, got " + window);
        }
        if (negative < 1) {
            throw new IllegalArgumentException("--negative must be at least 1, got " + negative);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("--min-count must be at least 1, got " + minCount);
        }
        if (!(sample >= 0) || sample >= 1) {
            throw new IllegalArgumentException("--sample must be in [0, 1), got " + sample);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (!(lr > 0) || lr > 10) {
            throw new IllegalArgumentException("--lr must be in (0, 10], got " + lr);
        }
        if (maxn != 0 && (minn < 1 || maxn < minn)) {
            throw new IllegalArgumentException("need 1 <= --minn <= --maxn (or --maxn 0 for no n-grams), got minn "
                    + minn + ", maxn " + maxn);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }

    public boolean subwords() {
        return maxn > 0;
    }

    public String algo() {
        return cbow ? "cbow" : "skipgram";
    }
}
