/**
 * GloVe (Pennington, Socher and Manning 2014) as Stanford's tool computes it: co-occurrence
 * counts over a window weighted by 1/distance ({@link CooccurrenceCounter}, Stanford's
 * {@code cooccur}), in memory bounded by a budget — a hash table spilled as sorted runs to
 * temporary files and merged; the entries shuffled in chunks that fit the same budget
 * ({@link EntryShuffler}, Stanford's {@code shuffle}); then weighted least squares with AdaGrad
 * over the shuffled entries ({@link GloveTrainer}, Stanford's {@code glove}).
 *
 * <p>May depend on {@code recur.io} and {@code recur.model.word2vec} (the corpus, the vocabulary
 * and the embeddings model file it writes) only.
 *
 * <p>Glossary: V vocabulary size, E vector dimension, W window half-width, X the co-occurrence
 * matrix (V×V, sparse; X[i][j] sums 1/d over occurrences of word j at distance d ≤ W from word
 * i), an entry one nonzero (i, j, X[i][j]). The parameters are one flat array of 2V rows of E+1
 * floats: rows 0..V−1 the word vectors W (bias last), rows V..2V−1 the context vectors W̃.
 *
 * <p>Threads: the shuffled entries are cut into one contiguous run per thread, each epoch in the
 * same order; threads update the shared rows without locks (Hogwild, as Stanford's glove and
 * word2vec do), so with more than one thread the float values depend on timing; with one thread a
 * run is bit-identical.
 */
package recur.model.glove;
