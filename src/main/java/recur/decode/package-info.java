/**
 * Turning model outputs into tokens: sampling with temperature, top-k and top-p; generation
 * from a prompt; seeds derived from a user's seed and a record's position; translation over a
 * {@link recur.model.Seq2SeqStepModel} by batched beam search (length penalties, n-best), greedy
 * and sampled decoding.
 *
 * <p>May depend on {@code model}, {@code nn} and {@code tensor}.
 *
 * <p>Glossary: V target vocabulary, K beam width, m rows in a step (sources × beams).
 */
package recur.decode;
