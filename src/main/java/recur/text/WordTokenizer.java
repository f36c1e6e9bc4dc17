package recur.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One token per word ({@link WordSplit}), from a vocabulary of the most frequent words; others
 * become {@code <unk>}. Decoding joins tokens with single spaces, so it keeps the words but not
 * the original spacing. Build one from a corpus with {@link #builder}.
 */
public final class WordTokenizer extends VocabTokenizer {
    private final WordSplit split;

    /** A tokenizer over {@code words} (ids S.. in this order). */
    public WordTokenizer(Specials specials, Normalization norm, WordSplit split, List<String> words) {
        super(specials, norm, words.size());
        this.split = split;
        int s = specials.size();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.isEmpty()) {
                throw new IllegalArgumentException("empty word in the vocabulary");
            }
            tokens[s + i] = w;
            if (ids.putIfAbsent(w, s + i) != null) {
                throw new IllegalArgumentException("word \"" + w + "\" is in the vocabulary twice");
            }
        }
    }

    /** Counts words for a vocabulary: add texts, then {@link Builder#build}. */
    public static Builder builder(WordSplit split, Normalization norm, List<String> userSpecials) {
        return new Builder(split, norm, Specials.of(userSpecials));
    }

    /** The common case: split at whitespace, no normalisation, only the built-in specials. */
    public static Builder builder() {
        return builder(WordSplit.WHITESPACE, Normalization.NONE, List.of());
    }

    /**
     * Streams texts into word counts (memory grows with the number of distinct words only), then
     * builds the tokenizer: specials first, then words by falling count (ties by text).
     */
    public static final class Builder {
        private final WordSplit split;
        private final Normalization norm;
        private final Specials specials;
        private final HashMap<String, long[]> counts = new HashMap<>();

        Builder(WordSplit split, Normalization norm, Specials specials) {
            this.split = split;
            this.norm = norm;
            this.specials = specials;
        }

        /** Counts the words of one text (normalised; specials in it are not counted). */
        public Builder add(String text) {
            specials.split(norm.apply(text), new Specials.Sink() {
                @Override
                public void text(String s, int from, int to) {
                    split.split(s, from, to, (str, a, b) -> counts.computeIfAbsent(str.substring(a, b), k -> new long[1])[0]++);
                }

                @Override
                public void special(int id) {}
            });
            return this;
        }

        /** Adds {@code n} occurrences of a word as it is (no splitting or normalisation). */
        public Builder addWord(String word, long n) {
            counts.computeIfAbsent(word, k -> new long[1])[0] += n;
            return this;
        }

        /** Adds another builder's counts to these (for counting in parallel). */
        public Builder addAll(Builder other) {
            other.counts.forEach((w, c) -> addWord(w, c[0]));
            return this;
        }

        /** Number of distinct words counted so far. */
        public int distinct() {
            return counts.size();
        }

        /**
         * @param minCount words seen fewer times become {@code <unk>}
         * @param maxSize the largest vocabulary, specials included; 0 for no limit
         */
        public WordTokenizer build(long minCount, int maxSize) {
            if (maxSize != 0 && maxSize <= specials.size()) {
                throw new IllegalArgumentException("vocabulary size " + maxSize + " leaves no room after "
                        + specials.size() + " special tokens");
            }
            List<Map.Entry<String, long[]>> es = new ArrayList<>();
            for (var e : counts.entrySet()) {
                if (e.getValue()[0] >= minCount && specials.id(e.getKey()) < 0) {
                    es.add(e);
                }
            }
            es.sort((x, y) -> x.getValue()[0] != y.getValue()[0]
                    ? Long.compare(y.getValue()[0], x.getValue()[0]) : x.getKey().compareTo(y.getKey()));
            int keep = maxSize == 0 ? es.size() : Math.min(es.size(), maxSize - specials.size());
            List<String> words = new ArrayList<>(keep);
            for (int i = 0; i < keep; i++) {
                words.add(es.get(i).getKey());
            }
            return new WordTokenizer(specials, norm, split, words);
        }
    }

    @Override
    public String type() {
        return "word";
    }

    public WordSplit split() {
        return split;
    }

    @Override
    public boolean lossless() {
        return false;
    }

    @Override
    public int[] encode(String text) {
        int unk = unk();
        return encodeWith(text, 16, (s, from, to, out) -> split.split(s, from, to, (str, a, b) -> {
            Integer id = ids.get(str.substring(a, b));
            out.add(id == null || id < specials.size() ? unk : id);
        }));
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length * 6);
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            checkId(id);
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(tokens[id]);
        }
        return sb.toString();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = jsonHead();
        o.put("split", split.name().toLowerCase(Locale.ROOT));
        o.put("vocab_size", vocabSize());
        ArrayNode v = o.putArray("vocab");
        for (int i = specials.size(); i < tokens.length; i++) {
            v.add(tokens[i]);
        }
        return o;
    }

    static WordTokenizer fromJson(JsonNode node, Specials specials, Normalization norm) {
        WordSplit split = WordSplit.valueOf(node.path("split").asText("whitespace").toUpperCase(Locale.ROOT));
        JsonNode v = vocabArray(node, "word");
        List<String> words = new ArrayList<>(v.size());
        for (JsonNode n : v) {
            words.add(n.asText());
        }
        return new WordTokenizer(specials, norm, split, words);
    }
}
