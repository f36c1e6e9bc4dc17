package recur.cli;

import picocli.CommandLine.Option;

/**
 * {@code --minn/--maxn}: fastText's character n-grams, which embed train and classify train both
 * hash into buckets; declared once so the spelling, defaults and ranges agree.
 */
public class CharNgramOptions {
    @Option(names = "--minn", paramLabel = "N", defaultValue = "3", converter = Ranges.Positive.class,
            description = "Shortest character n-gram (only with --maxn > 0). Default: ${DEFAULT-VALUE}.")
    public int minn;

    @Option(names = "--maxn", paramLabel = "N", defaultValue = "0", converter = Ranges.NonNegative.class,
            description = "Longest character n-gram; 0: none, > 0 gives every word vectors of its n-grams, so unseen words"
                    + " get vectors too (e.g. --minn 3 --maxn 6). Default: ${DEFAULT-VALUE}.")
    public int maxn;

    /** The shortest n-gram in effect: 0 when character n-grams are off. */
    public int effectiveMinn() {
        if (maxn > 0 && minn > maxn) {
            throw new IllegalArgumentException("--minn " + minn + " is longer than --maxn " + maxn);
        }
        return maxn > 0 ? minn : 0;
    }
}
