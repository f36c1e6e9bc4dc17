package recur.decode;

/**
 * One translation of a source: what beam search, greedy and sampled decoding return.
 *
 * @param ids target ids, without BOS and EOS
 * @param logProb Σ natural-log probability of the ids under the model, and of EOS when it was emitted
 * @param length how many tokens logProb counts: the ids, plus one when EOS ended the hypothesis
 * @param score what beam search ranks hypotheses by: logProb divided by the length penalty
 * @param alignment per id, the source position the attention weighted most when the id was
 *     chosen; null when not asked for
 */
public record Hypothesis(int[] ids, double logProb, int length, double score, int[] alignment) {
    /** The mean log-probability per counted token (logProb when nothing was counted). */
    public double meanLogProb() {
        return length == 0 ? logProb : logProb / length;
    }
}
