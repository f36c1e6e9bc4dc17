/**
 * Optimisers (SGD with momentum, Adam, AdamW), gradient clipping and learning-rate schedules.
 * Every update is one loop over a {@link recur.tensor.ParamStore}'s flat value and gradient
 * buffers; optimiser state is arrays of the same length plus a few scalars, exposed by name so
 * a checkpoint can save it and a resumed run continues bit-identically.
 *
 * <p>Depends on {@code recur.tensor} only.
 *
 * <p>Glossary: lr learning rate; step one optimiser update (counted from 0 before the first);
 * epoch one pass over the training data (counted from 0).
 */
package recur.optim;
