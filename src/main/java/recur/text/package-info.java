/**
 * Tokenizers: turning text into integer ids and back. Three kinds share one {@link recur.text.Tokenizer}
 * interface: {@code char} (code points or bytes), {@code word} (words and punctuation, or
 * whitespace-separated tokens) and {@code bpe} (byte-level byte-pair encoding, lossless on any text).
 * Learning streams a corpus once, keeping only counts of distinct units
 * ({@link recur.text.TokenizerLearner}); the BPE merge learner ({@link recur.text.BpeLearner}) updates
 * pair counts incrementally with a priority queue. Models are stored in the one model-file format
 * ({@link recur.io.ModelArchive}, kind {@code tokenizer}) and can also be embedded in another
 * model's metadata through {@link recur.text.Tokenizer#toJson()} / {@link recur.text.Tokenizer#fromJson}.
 *
 * <p>Depends on: {@code recur.io} (model archive, JSON mapper) and the JDK. Nothing above it.
 *
 * <p>Glossary: <b>special</b> a token such as {@code <eos>} that is matched whole in text and never
 * split, ids 0..S-1; <b>pre-token</b> a stretch of text BPE merges never cross (a word with the
 * space before it, a digit run, a punctuation run, a whitespace run); <b>symbol</b> a byte or the
 * result of a merge; <b>merge rank</b> the order in which a merge was learned (lower applies first);
 * V vocabulary size.
 */
package recur.text;
