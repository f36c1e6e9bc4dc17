/**
 * Training loops: truncated backpropagation through time over a token stream cut into columns,
 * validation and evaluation with the same windows, checkpoints that resume bit for bit, and
 * stop signals turned into a checkpoint and exit 130.
 *
 * <p>May depend on {@code model}, {@code nn}, {@code optim}, {@code tensor}, {@code decode} (for
 * seeds) and {@code io}.
 */
package recur.train;
