/**
 * Metrics that compare predictions with references: word-analogy accuracy (questions-words.txt
 * sections, out-of-vocabulary questions counted) and rank correlation of word similarities
 * (Spearman's ρ with ties, Pearson's r).
 *
 * <p>Depends on {@code recur.io} only; a metric asks its model through a small functional
 * interface, so eval never reaches into model/ or nn/.
 *
 * <p>Glossary: n pairs or questions scored, OOV out of vocabulary.
 */
package recur.eval;
