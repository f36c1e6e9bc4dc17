package recur.decode;

import java.util.SplittableRandom;
import recur.model.Seq2SeqStepModel;

/**
 * Translations drawn from the model: each token from the step's distribution with
 * {@link Sampling}'s temperature, top-k and top-p, as {@code recur sample} draws from a language
 * model. Sample i of a source draws from a stream seeded by (seed, the source's key, i), so it
 * does not depend on the batch, the thread or the records before it. Hypothesis scores are
 * log-probabilities under the model at temperature 1.
 */
public final class SampledTranslation implements TranslationSearch {
    private final Seq2SeqStepModel model;
    private final Sampling sampling;
    private final int samples;
    private final int minLength;
    private final boolean align;
    private final long seed;
    private final boolean[] noEos;

    /**
     * @param samples draws per source, at least 1
     * @param minLength the fewest tokens before EOS may be drawn
     * @param seed the user's --seed
     */
    public SampledTranslation(Seq2SeqStepModel model, Sampling sampling, int samples, int minLength, boolean alignment, long seed) {
        check(samples, minLength);
        this.model = model;
        this.sampling = sampling;
        this.samples = samples;
        this.minLength = minLength;
        this.align = alignment;
        this.seed = seed;
        noEos = new boolean[model.targetVocabSize()];
        noEos[model.eos()] = true;
    }

    /** Refuses options no sampling can run with, naming the option: a command checks before reading its model. */
    public static void check(int samples, int minLength) {
        if (samples < 1) {
            throw new IllegalArgumentException("-n must be at least 1, got " + samples);
        }
        if (minLength < 0) {
            throw new IllegalArgumentException("--min-length must be ≥ 0, got " + minLength);
        }
    }

    /** @return for each source, its samples in order */
    @Override
    public Hypothesis[][] search(int[][] sources, int[] maxLength, long[] keys) {
        int n = sources.length;
        SplittableRandom[] rnd = new SplittableRandom[n * samples];
        for (int j = 0; j < rnd.length; j++) {
            rnd[j] = new SplittableRandom(Seeds.mix(seed, keys[j / samples], j % samples));
        }
        Hypothesis[] all = RowwiseDecoding.run(model, sources, maxLength, samples, minLength, align,
                (task, logProbs, off, v, eosAllowed) -> sampling.sample(logProbs, off, v, eosAllowed ? null : noEos, rnd[task]));
        Hypothesis[][] out = new Hypothesis[n][samples];
        for (int j = 0; j < all.length; j++) {
            out[j / samples][j % samples] = all[j];
        }
        return out;
    }
}
