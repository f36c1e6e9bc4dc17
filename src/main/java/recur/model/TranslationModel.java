package recur.model;

import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A trained translation model as {@code recur translate} uses it: the step model that decoding
 * drives, and the two vocabularies that turn a source text into ids and target ids into text.
 * Decoding needs nothing else from the model, so decoders are written and tested over small
 * hand-made implementations.
 *
 * <p>Safe to share between threads: each decoding thread asks {@link #stepModel} for its own
 * step model.
 */
public interface TranslationModel {
    /** A step model for one decoding thread (a new one each call). */
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

    /** A translation model from its parts: how a model file's loader hands its model to decoding. */
    static TranslationModel of(Supplier<? extends Seq2SeqStepModel> stepModels, Function<String, int[]> encodeSource,
                               Function<int[], String> decodeTarget, IntFunction<String> sourceToken,
                               IntFunction<String> targetToken) {
        return new TranslationModel() {
            @Override
            public Seq2SeqStepModel stepModel() {
                return stepModels.get();
            }

            @Override
            public int[] encodeSource(String text) {
                return encodeSource.apply(text);
            }

            @Override
            public String decodeTarget(int[] ids) {
                return decodeTarget.apply(ids);
            }

            @Override
            public String sourceToken(int id) {
                return sourceToken.apply(id);
            }

            @Override
            public String targetToken(int id) {
                return targetToken.apply(id);
            }
        };
    }
}
