package recur.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import recur.model.word2vec.Embeddings;

/** Finds words in the vocabulary for the query commands: exactly, or case-folded, within the most frequent N. */
final class EmbedLookup {
    private final Embeddings e;
    private final int limit;
    private final Map<String, Integer> folded;

    EmbedLookup(Embeddings e, int limit, boolean ignoreCase) {
        this.e = e;
        this.limit = limit == 0 ? e.size() : Math.min(limit, e.size());
        this.folded = ignoreCase ? e.caseFoldedIndex(this.limit) : null;
    }

    int limit() {
        return limit;
    }

    /** Sets {@code field} of {@code node} to the scored words as [{"word", "score"}, ...], best first. */
    static void putScored(ObjectNode node, String field, List<Embeddings.Scored> found) {
        ArrayNode arr = node.putArray(field);
        for (Embeddings.Scored s : found) {
            arr.addObject().put("word", s.word()).put("score", (float) s.score());
        }
    }

    /** The id of a word among the first {@link #limit()} words, or −1. */
    int id(String word) {
        if (folded != null) {
            Integer i = folded.get(word.toUpperCase(Locale.ROOT));
            return i == null ? -1 : i;
        }
        int i = e.id(word);
        return i < limit ? i : -1;
    }
}
