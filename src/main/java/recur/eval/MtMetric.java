package recur.eval;

import java.util.List;

/**
 * A corpus metric in sacrebleu's shape: each segment (a hypothesis and its references) gives a
 * fixed-length vector of counts; the corpus score is computed from the sum of the segments'
 * vectors, so that a corpus score, a sentence score and a bootstrap resample are one computation.
 */
public interface MtMetric {
    /** The score's name as sacrebleu prints it: {@code BLEU}, {@code chrF2}, {@code chrF2++}. */
    String name();

    /** The length of a segment's count vector. */
    int statsSize();

    /** The counts of one segment. {@code refs} holds at least one reference. */
    long[] stats(String hyp, List<String> refs);

    /** The score (0–100) of summed counts. */
    double score(long[] stats);

    /**
     * The score of a bootstrap resample's summed counts. sacrebleu sums resamples as float32 numpy
     * arrays, and where its metric divides two such counts (chrF) the quotient is float32; a
     * metric that does so says so here, to give sacrebleu's numbers (numpy 1.x promotion rules).
     */
    default double resampleScore(long[] stats) {
        return score(stats);
    }

    /**
     * sacrebleu's signature string, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0}.
     *
     * @param nrefs the references per segment, or "var" when it varies
     * @param bootstrap resamples, or 0 when none were drawn (then no {@code bs:} and {@code seed:} items)
     */
    String signature(String nrefs, int bootstrap, long seed);

    /** The version of sacrebleu whose numbers recur's metrics reproduce, as signatures name it. */
    String SACREBLEU_VERSION = "2.6.0";

    /** The items every signature starts with. */
    static String signatureHead(String nrefs, int bootstrap, long seed) {
        return "nrefs:" + nrefs + (bootstrap > 0 ? "|bs:" + bootstrap + "|seed:" + seed : "");
    }

    /** Element-wise {@code into += add}. */
    static void addInto(long[] into, long[] add) {
        for (int i = 0; i < into.length; i++) {
            into[i] += add[i];
        }
    }
}
