/**
 * Reading and writing what commands exchange: JSON Lines records with {@code file:line} in every
 * error, inputs opened by name with decompression recognised by magic bytes, standard input
 * spooled for several passes, and the one model-file format (a zip with {@code recur.json} and
 * {@code weights.safetensors}) written atomically and read back with its kind checked.
 *
 * <p>Depends on nothing in recur; used by every package above it.
 */
package recur.io;
