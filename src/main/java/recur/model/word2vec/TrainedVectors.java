package recur.model.word2vec;

/**
 * What training produced: the word vectors (V×E; with n-grams, each word's mean of its own row
 * and its n-gram rows, as fastText composes them), the n-gram bucket rows (B×E, or null), and
 * run statistics (wall and worker-thread CPU seconds), and how much of the planned training ran
 * (1 unless it was stopped early), and for a stopped run the state to resume from.
 */
public record TrainedVectors(float[] vectors, float[] ngrams, Subwords subwords, double loss, double seconds, double cpuSeconds,
                             int threadsUsed, double fractionDone, Word2VecCheckpoint checkpoint) {
    /** Whether training stopped before its last epoch ended. */
    public boolean stoppedEarly() {
        return fractionDone < 1;
    }
}
