package recur.model.word2vec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import recur.io.Record;

/**
 * A corpus read once and held as word ids: the vocabulary (words of at least min count, most
 * frequent first, ties by the word's natural order) and the running text with rare words
 * removed, cut into sentences. One record is one sentence; longer ones are cut every
 * {@link #MAX_SENTENCE} tokens. Memory: 4 bytes per token plus the vocabulary.
 */
public final class Corpus {
    /** Sentences longer than this are cut (gensim does the same), bounding per-thread buffers. */
    public static final int MAX_SENTENCE = 10_000;

    public final String[] words;
    public final long[] counts;
    /** Token ids, rare words dropped; sentence s is ids[starts[s] .. starts[s+1]). */
    public final int[] ids;
    public final int[] starts;
    /** Tokens read, before min count. */
    public final long rawTokens;
    /** A 64-bit digest of the token stream (FNV-1a over words and ids), for provenance. */
    public final long digest;

    private Corpus(String[] words, long[] counts, int[] ids, int[] starts, long rawTokens, long digest) {
        this.words = words;
        this.counts = counts;
        this.ids = ids;
        this.starts = starts;
        this.rawTokens = rawTokens;
        this.digest = digest;
    }

    public int sentences() {
        return starts.length - 1;
    }

    /** Sum of counts of the words kept: what sub-sampling and the schedule count against. */
    public long trainWords() {
        long s = 0;
        for (long c : counts) {
            s += c;
        }
        return s;
    }

    /**
     * Reads records: the string array in {@code tokensField} when present (whitespace inside a
     * token becomes {@link Words#MARK}), else the text in {@code textField} split on whitespace.
     */
    public static Corpus read(Iterator<Record> records, String textField, String tokensField, boolean lower, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("--min-count must be at least 1, got " + minCount);
        }
        Map<String, Integer> provisional = new HashMap<>(1 << 16);
        long[] pcounts = new long[1 << 12];
        int[] ids = new int[1 << 16];
        int[] starts = new int[1 << 10];
        int n = 0;
        int sents = 0;
        long raw = 0;
        String[] one = new String[1];
        for (Iterator<Record> it = records; it.hasNext(); ) {
            Record r = it.next();
            String[] toks;
            if (tokensField != null && r.has(tokensField)) {
                toks = r.strings(tokensField);
            } else {
                toks = split(r.text(textField), one);
                one = toks;
            }
            int inSentence = 0;
            for (String t0 : toks) {
                if (t0 == null) {
                    break;
                }
                String t = Words.of(lower ? t0.toLowerCase(Locale.ROOT) : t0);
                if (t.isEmpty()) {
                    continue;
                }
                if (inSentence == 0 || inSentence == MAX_SENTENCE) {
                    if (sents + 1 >= starts.length) {
                        starts = Arrays.copyOf(starts, starts.length * 2);
                    }
                    starts[sents++] = n;
                    inSentence = 0;
                }
                Integer id = provisional.get(t);
                if (id == null) {
                    id = provisional.size();
                    provisional.put(t, id);
                    if (id >= pcounts.length) {
                        pcounts = Arrays.copyOf(pcounts, pcounts.length * 2);
                    }
                }
                pcounts[id]++;
                if (n == ids.length) {
                    if (n == Integer.MAX_VALUE - 8) {
                        throw new IllegalArgumentException("corpus has more than 2^31 tokens; split it");
                    }
                    ids = Arrays.copyOf(ids, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * n));
                }
                ids[n++] = id;
                inSentence++;
                raw++;
            }
        }
        // vocabulary: count >= minCount, most frequent first, ties by word
        String[] pwords = new String[provisional.size()];
        for (Map.Entry<String, Integer> e : provisional.entrySet()) {
            pwords[e.getValue()] = e.getKey();
        }
        final long[] pc = pcounts;
        Integer[] order = new Integer[pwords.length];
        int kept = 0;
        for (int i = 0; i < pwords.length; i++) {
            if (pc[i] >= minCount) {
                order[kept++] = i;
            }
        }
        Integer[] keep = Arrays.copyOf(order, kept);
        Arrays.sort(keep, (a, b) -> pc[a] != pc[b] ? Long.compare(pc[b], pc[a]) : pwords[a].compareTo(pwords[b]));
        int[] remap = new int[pwords.length];
        Arrays.fill(remap, -1);
        String[] words = new String[kept];
        long[] counts = new long[kept];
        for (int i = 0; i < kept; i++) {
            remap[keep[i]] = i;
            words[i] = pwords[keep[i]];
            counts[i] = pc[keep[i]];
        }
        // drop rare words in place; sentences that become empty are dropped too
        starts[sents] = n;
        int w = 0;
        int s2 = 0;
        long digest = 0xcbf29ce484222325L;
        for (String word : words) {
            for (int k = 0; k < word.length(); k++) {
                digest = (digest ^ word.charAt(k)) * 0x100000001b3L;
            }
            digest = (digest ^ 0xff) * 0x100000001b3L;
        }
        for (int s = 0; s < sents; s++) {
            int begin = w;
            for (int i = starts[s]; i < starts[s + 1]; i++) {
                int id = remap[ids[i]];
                digest = (digest ^ (id + 1)) * 0x100000001b3L;
                if (id >= 0) {
                    ids[w++] = id;
                }
            }
            if (w > begin) {
                starts[s2++] = begin;
            }
        }
        int[] outStarts = Arrays.copyOf(starts, s2 + 1);
        outStarts[s2] = w;
        return new Corpus(words, counts, Arrays.copyOf(ids, w), outStarts, raw, digest);
    }

    /** Splits on whitespace without regex; returns tokens, null-terminated when shorter than the array. */
    static String[] split(String text, String[] reuse) {
        int count = 0;
        int len = text.length();
        String[] out = reuse;
        int i = 0;
        while (i < len) {
            while (i < len && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int b = i;
            while (i < len && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (count == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[count++] = text.substring(b, i);
        }
        if (count < out.length) {
            out[count] = null;
        }
        return out;
    }
}
