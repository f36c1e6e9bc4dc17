package recur.model;

/**
 * A trained translation model as {@code recur translate} uses it: the step model that decoding
 * drives, and the two vocabularies that turn a source text into ids and target ids into text.
 * Decoding needs nothing else from the model, so decoders are written and tested over small
 * hand-made implementations.
 *
 * <p>Safe to share between threads: each decoding thread asks {@link #stepModel} for its own
 * step model.
 */
public interface Translator {
    /** A step model for one decoding thread (a new one each call; the weights are shared, not copied per row). */
    Seq2SeqStepModel stepModel();

    /**
     * The source-vocabulary ids of a text, tokenized as in training, without BOS or EOS. An empty
     * (or all-whitespace) text gives no ids; the caller reports it.
     */
    int[] encodeSource(String text);

    /** The target text of ids (without BOS or EOS), detokenized as in training. */
    String decodeTarget(int[] ids);

    /** The text of one source-vocabulary id, for --alignment's token lists. */
    String sourceToken(int id);

    /** The text of one target-vocabulary id, for --alignment's token lists. */
    String targetToken(int id);
}
