/**
 * The attention encoder-decoder that {@code recur translate} trains: its architecture
 * ({@link recur.model.translate.Architecture}), the model on the tape for training
 * ({@link recur.model.translate.Translator}), the step model decoders use
 * ({@link recur.model.translate.TranslatorStep}, a {@link recur.model.Seq2SeqStepModel}), each
 * side's vocabulary or tokenizer ({@link recur.model.translate.Side}) and the model file, kind
 * "translator" ({@link recur.model.translate.TranslatorFile}).
 *
 * <p>May depend on {@code recur.model}, {@code nn}, {@code tensor}, {@code text} and {@code io}.
 * Glossary: S source steps, T target steps, B batch, E embedding width, H hidden width, M memory
 * width (both encoder directions), L layers, V target vocabulary.
 */
package recur.model.translate;
