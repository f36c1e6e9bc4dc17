package recur.decode;

/** A way of turning sources into translations over one step model: beam search, greedy, sampling. */
public interface TranslationSearch {
    /**
     * Translates a batch of sources. A source's translations do not depend on the other sources
     * of the batch.
     *
     * @param sources source-vocabulary ids, each of length at least 1
     * @param maxLength for each source, the most target tokens (EOS not counted) a hypothesis may have, at least 1
     * @param keys for each source, the key its random draws derive from (searches that draw nothing ignore it)
     * @return for each source, its hypotheses, best first (beam search's n-best) or in draw order (samples)
     */
    Hypothesis[][] search(int[][] sources, int[] maxLength, long[] keys);
}
