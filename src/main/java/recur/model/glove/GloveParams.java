package recur.model.glove;

import java.util.Locale;

/**
 * Hyperparameters of one GloVe run, with Stanford's defaults where it has them.
 *
 * @param dim        E, the vector dimension
 * @param window     W, the context half-width (every word within W counts, weighted 1/distance)
 * @param symmetric  count both sides of each word; false counts only words to the left, as
 *                   Stanford's {@code cooccur -symmetric 0}
 * @param xMax       the count at which an entry's weight reaches 1
 * @param alpha      the exponent of the weighting function below xMax
 * @param epochs     passes over the co-occurrence entries
 * @param lr         AdaGrad's initial learning rate (Stanford's eta)
 * @param memory     bytes the co-occurrence hash table and the shuffle buffer may each use
 * @param output     which vectors are saved
 * @param threads    worker threads for training
 * @param seed       the seed of the initialisation and of the shuffle
 */
public record GloveParams(int dim, int window, boolean symmetric, double xMax, double alpha, int epochs, double lr,
                          long memory, Output output, int threads, long seed) {
    /** Bytes of one co-occurrence entry in memory and on disk: int i, int j, double x. */
    public static final int ENTRY_BYTES = 16;
    /** The smallest budget: a table of 4 entries (tests use it to force spilling). */
    public static final long MIN_MEMORY = 4L * ENTRY_BYTES;
    /** Stanford's clip on each gradient component. */
    public static final double GRAD_CLIP = 100.0;

    /** The saved vectors: W, W + W̃ (Stanford's default), or W and W̃ side by side (2E values). */
    public enum Output {
        WORD, SUM, CONCAT;

        public static Output parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "word" -> WORD;
                case "sum" -> SUM;
                case "concat" -> CONCAT;
                default -> throw new IllegalArgumentException("--vectors must be word, sum or concat, got " + s);
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public GloveParams {
        if (dim < 1 || dim > 100_000) {
            throw new IllegalArgumentException("--dim must be between 1 and 100000, got " + dim);
        }
        if (window < 1) {
            throw new IllegalArgumentException("--window must be at least 1, got " + window);
        }
        if (!(xMax > 0) || Double.isInfinite(xMax)) {
            throw new IllegalArgumentException("--x-max must be positive, got " + xMax);
        }
        if (!(alpha >= 0) || alpha > 10) {
            throw new IllegalArgumentException("--alpha must be in [0, 10], got " + alpha);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (!(lr > 0) || lr > 10) {
            throw new IllegalArgumentException("--lr must be in (0, 10], got " + lr);
        }
        if (memory < MIN_MEMORY) {
            throw new IllegalArgumentException("--memory must be at least " + MIN_MEMORY + " bytes, got " + memory);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }

    /**
     * Parses a size: a number of bytes with an optional suffix k, m, g (powers of 1024), e.g.
     * {@code 512m}, {@code 2g}, {@code 1.5g}.
     */
    public static long parseSize(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit > 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--memory must be a size such as 512m or 2g, got " + s);
        }
        if (!(v > 0) || v * unit > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("--memory must be a positive size such as 512m or 2g, got " + s);
        }
        return (long) (v * unit);
    }
}
