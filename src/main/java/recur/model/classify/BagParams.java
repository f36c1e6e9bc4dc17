package recur.model.classify;

/**
 * The bag model's settings and its training schedule.
 *
 * @param dim E, the embedding width (--emb)
 * @param wordNgrams longest word n-gram (1: words only)
 * @param minn shortest character n-gram, with maxn > 0
 * @param maxn longest character n-gram (0: none)
 * @param bucketCap most n-gram buckets; the count used is the data's distinct n-grams, up to this
 * @param minCount words seen fewer times get no row of their own
 * @param ova one-vs-all sigmoid loss instead of softmax
 * @param freezeEmb leave the word rows as they start (pretrained vectors), training only n-grams and the output
 */
public record BagParams(int dim, int wordNgrams, int minn, int maxn, int bucketCap, int minCount, boolean ova,
                        int epochs, double lr, int threads, long seed, boolean freezeEmb) {
    public BagParams {
        check(dim >= 1, "--emb must be positive, got " + dim);
        check(wordNgrams >= 1, "--word-ngrams must be at least 1, got " + wordNgrams);
        check(maxn == 0 || (minn >= 1 && minn <= maxn), "need 1 <= --minn <= --maxn, got minn " + minn + ", maxn " + maxn);
        check(bucketCap >= 1, "--buckets must be positive, got " + bucketCap);
        check(minCount >= 1, "--min-count must be at least 1, got " + minCount);
        check(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        check(lr > 0 && Double.isFinite(lr), "--lr must be positive, got " + lr);
        check(threads >= 1, "--threads must be at least 1, got " + threads);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
