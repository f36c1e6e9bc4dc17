/**
 * word2vec: skip-gram and CBoW with negative sampling, optional fastText-style character
 * n-grams, and the trained vectors with their queries (neighbours, analogies, sentence vectors)
 * and file formats (word2vec text and binary, fastText {@code .vec}, JSONL).
 *
 * <p>May depend on {@code recur.io} and {@code recur.tensor} only (no nn/, no cli/).
 *
 * <p>Glossary: V vocabulary size (words kept after min count), E vector dimension,
 * B n-gram buckets, K negatives per positive pair, W maximum window half-width.
 * Input vectors ({@code syn0}, V+B rows of E) and output vectors ({@code syn1}, V rows of E)
 * are flat row-major float arrays; a row is addressed by {@code id * E}.
 *
 * <p>Threads: the corpus is split into contiguous runs of sentences of about equal token count,
 * one per thread; each thread has its own random stream split from {@code --seed} and its own
 * learning-rate schedule driven by its own progress, so which windows, sub-samples and
 * negatives a thread draws never depends on timing. The threads update the shared vectors
 * without locks (Hogwild, as word2vec, fastText and gensim do), so with more than one thread the
 * float values depend on how the updates interleave; with one thread a run is bit-identical.
 */
package recur.model.word2vec;
