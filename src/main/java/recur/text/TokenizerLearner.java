package recur.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Learns a tokenizer from texts streamed through {@link #add} once: only counts of distinct units
 * (pre-tokens for BPE, code points for char, words for word) are kept, so memory grows with the
 * vocabulary of the corpus, not its size. {@link #finish} then builds the tokenizer. The result
 * depends only on the counts (sorted before use), so the same data gives the same model.
 */
public final class TokenizerLearner {
    /**
     * What to learn.
     *
     * @param type "char", "word" or "bpe"
     * @param vocab the vocabulary size, specials included (0: no limit, for char and word)
     * @param norm normalisation applied before counting and encoding
     * @param userSpecials specials after {@code <pad> <unk> <bos> <eos>}
     * @param minFrequency units seen fewer times are left out (words and chars become {@code <unk>};
     *     for BPE, rarer pre-tokens do not take part in learning merges)
     * @param coverage the fraction of character occurrences the vocabulary must cover; the rarest
     *     characters beyond it are left out (char: they become {@code <unk>}; BPE: pre-tokens holding
     *     them do not take part in learning merges, their bytes still encode)
     * @param bytes char tokenizer over bytes instead of code points
     * @param split how the word tokenizer cuts text
     * @param maxPieceBytes BPE: pre-tokens longer than this many bytes do not take part in learning
     */
    public record Config(String type, int vocab, Normalization norm, List<String> userSpecials, long minFrequency,
                         double coverage, boolean bytes, WordSplit split, int maxPieceBytes) {
        public Config {
            if (!List.of("char", "word", "bpe").contains(type)) {
                throw new IllegalArgumentException("--kind must be char, word or bpe, got " + type);
            }
            if (vocab < 0) {
                throw new IllegalArgumentException("--vocab must not be negative, got " + vocab);
            }
            if (minFrequency < 1) {
                throw new IllegalArgumentException("--min-frequency must be at least 1, got " + minFrequency);
            }
            if (!(coverage > 0 && coverage <= 1)) {
                throw new IllegalArgumentException("--coverage must be in (0, 1], got " + coverage);
            }
            if (maxPieceBytes < 2) {
                throw new IllegalArgumentException("--max-piece-bytes must be at least 2, got " + maxPieceBytes);
            }
            userSpecials = List.copyOf(userSpecials);
        }

        /** Defaults for a kind and vocabulary size. */
        public static Config of(String type, int vocab) {
            return new Config(type, vocab, Normalization.NONE, List.of(), 1, 1.0, false, WordSplit.UNICODE, 1024);
        }
    }

    /** What learning saw and made, for the progress line and the model's provenance. */
    public record Stats(long texts, long chars, int distinct, int usedForLearning, int merges, long[] mergeCounts) {}

    private final Config config;
    private final Specials specials;
    private final PieceCounts counts = new PieceCounts();
    private final HashMap<Integer, long[]> codePoints = new HashMap<>();
    private final WordTokenizer.Builder words;
    private long texts;
    private long chars;
    private Stats stats;

    public TokenizerLearner(Config config) {
        this.config = config;
        this.specials = Specials.of(config.userSpecials());
        this.words = config.type().equals("word")
                ? WordTokenizer.builder(config.split(), config.norm(), config.userSpecials()) : null;
        int base = specials.size() + (config.type().equals("bpe") || config.bytes() ? 256 : 0);
        if (config.type().equals("bpe") && config.vocab() < base) {
            throw new IllegalArgumentException("--vocab " + config.vocab() + " is too small for a byte-level BPE: "
                    + "it needs at least " + base + " (" + specials.size() + " specials and 256 bytes)");
        }
        if (config.vocab() != 0 && config.vocab() <= specials.size()) {
            throw new IllegalArgumentException("--vocab " + config.vocab() + " leaves no room after "
                    + specials.size() + " special tokens");
        }
    }

    /** Counts the pre-tokens of one stretch of UTF-8 text between specials. */
    private final Specials.BytesSink bpeSink = (b, from, to) -> PreTokenizer.split(b, from, to, (x, y) -> counts.add(b, x, y));

    private final Specials.Sink charSink = new Specials.Sink() {
        @Override
        public void text(String s, int from, int to) {
            for (int i = from; i < to; ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                codePoints.computeIfAbsent(cp, k -> new long[1])[0]++;
            }
        }

        @Override
        public void special(int id) {}
    };

    /** Counts one text. */
    public void add(String text) {
        texts++;
        chars += text.length();
        switch (config.type()) {
            case "word" -> words.add(text);
            case "char" -> {
                if (!config.bytes()) {
                    specials.split(config.norm().apply(text), charSink);
                }
            }
            default -> {
                byte[] b = config.norm().apply(text).getBytes(StandardCharsets.UTF_8);
                specials.split(b, 0, b.length, bpeSink);
            }
        }
    }

    /**
     * Counts one text given as valid UTF-8, {@code utf8[from, to)}: the same counts as
     * {@link #add(String)} of its decoded text. For BPE without normalisation the bytes are
     * counted as they are, with no String made.
     */
    public void add(byte[] utf8, int from, int to) {
        if (config.type().equals("bpe") && config.norm().equals(Normalization.NONE)) {
            texts++;
            chars += Utf8.utf16Length(utf8, from, to);
            specials.split(utf8, from, to, bpeSink);
        } else {
            add(new String(utf8, from, to - from, StandardCharsets.UTF_8));
        }
    }

    /**
     * Adds the counts of another learner with the same config: texts can be counted by several
     * learners in parallel and combined. Sums do not depend on the order, so neither does the model.
     */
    public void addAll(TokenizerLearner other) {
        if (!other.config.equals(config)) {
            throw new IllegalArgumentException("learners with different configs cannot be combined");
        }
        texts += other.texts;
        chars += other.chars;
        switch (config.type()) {
            case "word" -> words.addAll(other.words);
            case "char" -> other.codePoints.forEach((cp, c) -> codePoints.computeIfAbsent(cp, k -> new long[1])[0] += c[0]);
            default -> counts.addAll(other.counts);
        }
    }

    public long texts() {
        return texts;
    }

    public long chars() {
        return chars;
    }

    /** Number of distinct units counted so far. */
    public int distinct() {
        return switch (config.type()) {
            case "word" -> words.distinct();
            case "char" -> codePoints.size();
            default -> counts.size();
        };
    }

    public Stats stats() {
        return stats;
    }

    /** Builds the tokenizer from the counts; {@code progress} hears the number of merges made now and then. */
    public Tokenizer finish(IntConsumer progress) {
        return switch (config.type()) {
            case "word" -> {
                WordTokenizer t = words.build(config.minFrequency(), config.vocab());
                stats = new Stats(texts, chars, words.distinct(), t.vocabSize() - specials.size(), 0, new long[0]);
                yield t;
            }
            case "char" -> finishChar();
            default -> finishBpe(progress);
        };
    }

    private Tokenizer finishChar() {
        if (config.bytes()) {
            stats = new Stats(texts, chars, 256, 256, 0, new long[0]);
            return CharTokenizer.bytes(specials, config.norm());
        }
        List<Map.Entry<Integer, long[]>> es = new ArrayList<>(codePoints.entrySet());
        es.sort((x, y) -> x.getValue()[0] != y.getValue()[0]
                ? Long.compare(y.getValue()[0], x.getValue()[0]) : Integer.compare(x.getKey(), y.getKey()));
        long total = 0;
        for (var e : es) {
            total += e.getValue()[0];
        }
        int limit = config.vocab() == 0 ? es.size() : Math.min(es.size(), config.vocab() - specials.size());
        List<Integer> keep = new ArrayList<>();
        long covered = 0;
        for (int i = 0; i < limit; i++) {
            var e = es.get(i);
            if (e.getValue()[0] < config.minFrequency() || covered >= config.coverage() * total && config.coverage() < 1) {
                break;
            }
            keep.add(e.getKey());
            covered += e.getValue()[0];
        }
        stats = new Stats(texts, chars, es.size(), keep.size(), 0, new long[0]);
        return CharTokenizer.codePoints(specials, config.norm(), keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private Tokenizer finishBpe(IntConsumer progress) {
        int n = counts.size();
        String[] keys = new String[n];
        long[] keyCounts = new long[n];
        int[] at = {0};
        counts.forEach((k, c) -> {
            keys[at[0]] = k;
            keyCounts[at[0]++] = c;
        });
        // sorted by the strings, so that what follows never depends on the order of the table
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> keys[x].compareTo(keys[y]));
        List<String> sorted = new ArrayList<>(n);
        long[] sortedCounts = new long[n];
        for (int i = 0; i < n; i++) {
            sorted.add(keys[order[i]]);
            sortedCounts[i] = keyCounts[order[i]];
        }
        boolean[] rare = rareCharFilter(sorted, sortedCounts);
        List<String> used = new ArrayList<>();
        List<Long> usedCounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String k = sorted.get(i);
            long c = sortedCounts[i];
            if (c < config.minFrequency() || (rare != null && rare[i])) {
                continue;
            }
            if (k.length() > config.maxPieceBytes() || k.getBytes(StandardCharsets.UTF_8).length > config.maxPieceBytes()) {
                continue;
            }
            used.add(k);
            usedCounts.add(c);
        }
        long[] uc = usedCounts.stream().mapToLong(Long::longValue).toArray();
        BpeLearner learner = new BpeLearner(used, uc);
        int maxMerges = config.vocab() - specials.size() - 256;
        int[][] merges = learner.learn(maxMerges, progress);
        stats = new Stats(texts, chars, n, used.size(), merges.length, learner.mergeCounts());
        return new BpeTokenizer(specials, config.norm(), merges);
    }

    /** For coverage below 1: which pre-tokens hold a character outside the covered set (null when none). */
    private boolean[] rareCharFilter(List<String> keys, long[] keyCounts) {
        if (config.coverage() >= 1) {
            return null;
        }
        HashMap<Integer, long[]> cc = new HashMap<>();
        long total = 0;
        for (int w = 0; w < keys.size(); w++) {
            String k = keys.get(w);
            long c = keyCounts[w];
            for (int i = 0; i < k.length(); ) {
                int cp = k.codePointAt(i);
                i += Character.charCount(cp);
                cc.computeIfAbsent(cp, x -> new long[1])[0] += c;
                total += c;
            }
        }
        List<Map.Entry<Integer, long[]>> es = new ArrayList<>(cc.entrySet());
        es.sort((x, y) -> x.getValue()[0] != y.getValue()[0]
                ? Long.compare(y.getValue()[0], x.getValue()[0]) : Integer.compare(x.getKey(), y.getKey()));
        HashSet<Integer> common = new HashSet<>();
        long covered = 0;
        for (var e : es) {
            if (covered >= config.coverage() * total) {
                break;
            }
            common.add(e.getKey());
            covered += e.getValue()[0];
        }
        boolean[] rare = new boolean[keys.size()];
        for (int w = 0; w < keys.size(); w++) {
            String k = keys.get(w);
            for (int i = 0; i < k.length(); ) {
                int cp = k.codePointAt(i);
                i += Character.charCount(cp);
                if (!common.contains(cp)) {
                    rare[w] = true;
                    break;
                }
            }
        }
        return rare;
    }
}
