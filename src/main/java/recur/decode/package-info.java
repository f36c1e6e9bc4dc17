/**
 * Turning model outputs into tokens: sampling with temperature, top-k and top-p; generation
 * from a prompt; seeds derived from a user's seed and a record's position.
 *
 * <p>May depend on {@code model}, {@code nn} and {@code tensor}.
 */
package recur.decode;
