/**
 * The task models built from {@code nn}: language models (recurrent and TCN, with their
 * vocabularies and model files) and word2vec.
 *
 * <p>May depend on {@code nn}, {@code tensor}, {@code text} and {@code io}. Glossary: T steps of
 * a window, B parallel streams (columns), V vocabulary, E embedding width, H hidden width,
 * L layers.
 */
package recur.model;
