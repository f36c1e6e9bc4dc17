/**
 * Text classifiers: how a record becomes words ({@link recur.model.classify.TextInput}), the
 * label set read from the training data, labelled examples, fastText's bag-of-n-grams model and
 * its Hogwild trainer, the sequence classifier (recurrent or TCN, pooled; trained by train/Trainer
 * through train/ClassifierTask), and the classifier model file.
 *
 * <p>May depend on {@code model.word2vec} (its kernels, hashing and vector formats), {@code nn},
 * {@code tensor}, {@code text} and {@code io}.
 *
 * <p>Glossary: N examples, L labels, V vocabulary (words of at least min count), B n-gram hash
 * buckets, E embedding width. Rows 0..V-1 of the input table are words, rows V..V+B-1 n-gram
 * buckets (word n-grams and character n-grams share them, as in fastText).
 */
package recur.model.classify;
