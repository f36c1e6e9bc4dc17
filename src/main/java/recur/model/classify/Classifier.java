package recur.model.classify;

/**
 * What predict and eval need of a trained classifier, whatever its architecture: its label set,
 * how it reads a record, and the probability of every label for an example's words.
 */
public interface Classifier {
    Labels labels();

    /** How records become words (split and case as in training; the caller may rename the fields). */
    TextInput input();

    /** True when labels are scored independently (sigmoid, one-vs-all), so several may hold at once. */
    boolean multiLabel();

    /** This classifier (sharing its weights) reading the words from other record fields; the split and case stay the model's. */
    Classifier withFields(String textField, String tokensField);

    /**
     * Fills {@code out} (L) with each label's probability for these words. Thread-safe: predict
     * calls it from several threads at once, and the result never depends on which thread.
     */
    void probs(String[] words, float[] out);
}
