package recur.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * chrF and chrF++ as sacrebleu 2.x computes them: character n-grams (orders 1..6, white space
 * removed) and, for chrF++, word n-grams (orders 1..2, punctuation split off word ends); per
 * order the hypothesis, reference and matched n-gram counts; precision and recall averaged over
 * the orders both sides have n-grams of ("effective order"), combined as F-beta with β = 2. With
 * several references a segment keeps the counts of the reference it scores best against.
 * A segment's counts are {@code [hyp_1, ref_1, match_1, hyp_2, …]}, characters first.
 */
public final class Chrf implements MtMetric {
    /** Character n-gram order. */
    public static final int CHAR_ORDER = 6;
    /** Recall weight. */
    public static final int BETA = 2;
    // Python's string.punctuation, which chrF++ splits off the ends of words
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final int wordOrder;
    private final boolean lowercase;

    /** @param wordOrder 0 for chrF, 2 for chrF++ */
    public Chrf(int wordOrder, boolean lowercase) {
        if (wordOrder < 0 || wordOrder > 9) {
            throw new IllegalArgumentException("--word-order must be between 0 and 9, got " + wordOrder);
        }
        this.wordOrder = wordOrder;
        this.lowercase = lowercase;
    }

    @Override
    public String name() {
        return "chrF" + BETA + "+".repeat(wordOrder);
    }

    private int orders() {
        return CHAR_ORDER + wordOrder;
    }

    @Override
    public int statsSize() {
        return 3 * orders();
    }

    /** The n-gram counts of each order, characters first, then words. */
    private List<Map<String, Integer>> ngrams(String line) {
        String s = lowercase ? PyText.lower(line) : line;
        List<Map<String, Integer>> out = new ArrayList<>(orders());
        String chars = PyText.removeSpace(s);
        int[] at = chars.codePointCount(0, chars.length()) == chars.length() ? null : offsets(chars);
        int len = at == null ? chars.length() : at.length - 1;
        for (int n = 1; n <= CHAR_ORDER; n++) {
            Map<String, Integer> m = new HashMap<>();
            for (int i = 0; i + n <= len; i++) {
                m.merge(at == null ? chars.substring(i, i + n) : chars.substring(at[i], at[i + n]), 1, Integer::sum);
            }
            out.add(m);
        }
        if (wordOrder > 0) {
            List<String> words = words(s);
            for (int n = 1; n <= wordOrder; n++) {
                Map<String, Integer> m = new HashMap<>();
                for (int i = 0; i + n <= words.size(); i++) {
                    m.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
                }
                out.add(m);
            }
        }
        return out;
    }

    /** The char offset of each code point, and the length at the end. */
    private static int[] offsets(String s) {
        int[] at = new int[s.codePointCount(0, s.length()) + 1];
        int k = 0;
        for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
            at[k++] = i;
        }
        at[k] = s.length();
        return at;
    }

    /** The words of chrF++: one punctuation mark split off the end, or else off the start, of each word. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : PyText.split(s)) {
            if (PyText.length(w) == 1) {
                out.add(w);
            } else if (PUNCTUATION.indexOf(w.charAt(w.length() - 1)) >= 0) {
                out.add(w.substring(0, w.length() - 1));
                out.add(w.substring(w.length() - 1));
            } else if (PUNCTUATION.indexOf(w.charAt(0)) >= 0) {
                out.add(w.substring(0, 1));
                out.add(w.substring(1));
            } else {
                out.add(w);
            }
        }
        return out;
    }

    @Override
    public long[] stats(String hyp, List<String> refs) {
        List<Map<String, Integer>> h = ngrams(hyp);
        long[] best = null;
        double bestF = -1;
        for (String ref : refs) {
            List<Map<String, Integer>> r = ngrams(ref);
            long[] st = new long[statsSize()];
            for (int o = 0; o < orders(); o++) {
                Map<String, Integer> rm = r.get(o);
                long hypCount = 0;
                long match = 0;
                for (Map.Entry<String, Integer> e : h.get(o).entrySet()) {
                    hypCount += e.getValue();
                    Integer c = rm.get(e.getKey());
                    if (c != null) {
                        match += Math.min(e.getValue(), c);
                    }
                }
                long refCount = 0;
                for (int c : rm.values()) {
                    refCount += c;
                }
                // hypothesis n-grams count only where the reference has n-grams of that order
                st[3 * o] = rm.isEmpty() ? 0 : hypCount;
                st[3 * o + 1] = refCount;
                st[3 * o + 2] = match;
            }
            double f = score(st);
            if (f > bestF) {
                bestF = f;
                best = st;
            }
        }
        return best;
    }

    @Override
    public double score(long[] stats) {
        return score(stats, false);
    }

    @Override
    public double resampleScore(long[] stats) {
        return score(stats, true);
    }

    /** @param float32 divide counts in float32, as sacrebleu's resamples do */
    private double score(long[] stats, boolean float32) {
        int factor = BETA * BETA;
        double avgPrec = 0;
        double avgRec = 0;
        int effective = 0;
        for (int o = 0; o < orders(); o++) {
            long nHyp = stats[3 * o];
            long nRef = stats[3 * o + 1];
            long nMatch = stats[3 * o + 2];
            if (nHyp > 0 && nRef > 0) {
                avgPrec += float32 ? (float) nMatch / (float) nHyp : (double) nMatch / nHyp;
                avgRec += float32 ? (float) nMatch / (float) nRef : (double) nMatch / nRef;
                effective++;
            }
        }
        if (effective == 0) {
            return 0.0;
        }
        avgPrec /= effective;
        avgRec /= effective;
        if (avgPrec + avgRec == 0) {
            return 0.0;
        }
        double score = (1 + factor) * avgPrec * avgRec;
        score /= (factor * avgPrec) + avgRec;
        return 100 * score;
    }

    @Override
    public String signature(String nrefs, int bootstrap, long seed) {
        return MtMetric.signatureHead(nrefs, bootstrap, seed) + "|case:" + (lowercase ? "lc" : "mixed")
                + "|eff:yes|nc:" + CHAR_ORDER + "|nw:" + wordOrder + "|space:no|version:" + SACREBLEU_VERSION;
    }
}
