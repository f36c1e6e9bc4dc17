package recur.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BLEU as sacrebleu 2.x computes it: word n-grams up to 4 after {@link MtTokenizer tokenization},
 * clipped by the largest count in any one reference, the brevity penalty against the reference
 * length closest to each hypothesis (the shorter on a tie), and the smoothing methods of Chen
 * and Cherry (2014) that sacrebleu offers. A segment's counts are
 * {@code [hyp_len, ref_len, correct_1..4, total_1..4]}.
 */
public final class Bleu implements MtMetric {
    /** The highest n-gram order. */
    public static final int ORDER = 4;

    /** Smoothing of orders with no match (sacrebleu's {@code --smooth-method}). */
    public enum Smooth {
        /** No smoothing: a zero precision makes the score 0. */
        NONE("none", Double.NaN),
        /** Method 1: a zero count becomes {@code value} (default 0.1). */
        FLOOR("floor", 0.1),
        /** Method 2: {@code value} (default 1) added to the counts of orders 2 and up. */
        ADD_K("add-k", 1),
        /** Method 3, NIST's: the k-th order with no match counts 1/2^k. */
        EXP("exp", Double.NaN);

        private final String name;
        private final double defaultValue;

        Smooth(String name, double defaultValue) {
            this.name = name;
            this.defaultValue = defaultValue;
        }

        /** The method named {@code none}, {@code floor}, {@code add-k} or {@code exp}. */
        public static Smooth of(String name) {
            for (Smooth s : values()) {
                if (s.name.equals(name.toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            throw new IllegalArgumentException("--smooth must be none, floor, add-k or exp, got " + name);
        }

        /** Whether the method takes a value. */
        public boolean hasValue() {
            return !Double.isNaN(defaultValue);
        }
    }

    /** The parts of a BLEU score that sacrebleu prints. */
    public record Result(double score, double[] counts, double[] totals, double[] precisions, double bp,
                         long sysLen, long refLen) {
        /** hyp_len / ref_len, 0 without references. */
        public double ratio() {
            return refLen == 0 ? 0 : (double) sysLen / refLen;
        }
    }

    private final MtTokenizer tokenizer;
    private final boolean lowercase;
    private final Smooth smooth;
    private final double smoothValue;
    private final boolean effectiveOrder;

    /**
     * @param smoothValue the value of floor or add-k smoothing; NaN takes the method's default
     * @param effectiveOrder average only the orders the hypothesis has n-grams of (sentence BLEU)
     */
    public Bleu(MtTokenizer tokenizer, boolean lowercase, Smooth smooth, double smoothValue, boolean effectiveOrder) {
        this.tokenizer = tokenizer;
        this.lowercase = lowercase;
        this.smooth = smooth;
        this.smoothValue = Double.isNaN(smoothValue) ? smooth.defaultValue : smoothValue;
        this.effectiveOrder = effectiveOrder;
    }

    /** sacrebleu's corpus defaults: 13a, mixed case, exp smoothing. */
    public static Bleu standard() {
        return new Bleu(MtTokenizer.THIRTEEN_A, false, Smooth.EXP, Double.NaN, false);
    }

    /** The same configuration with effective order on, as sacrebleu scores single sentences. */
    public Bleu forSentences() {
        return new Bleu(tokenizer, lowercase, smooth, smoothValue, true);
    }

    @Override
    public String name() {
        return "BLEU";
    }

    @Override
    public int statsSize() {
        return 2 + 2 * ORDER;
    }

    private List<String> tokens(String line) {
        String s = lowercase ? PyText.lower(line) : line;
        return PyText.split(tokenizer.apply(PyText.rstrip(s)));
    }

    /** All n-grams of orders 1..4, each a space-joined string (tokens hold no spaces), with counts. */
    private static Map<String, Integer> ngrams(List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        int len = tokens.size();
        for (int n = 1; n <= ORDER; n++) {
            for (int i = 0; i + n <= len; i++) {
                counts.merge(n == 1 ? tokens.get(i) : String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public long[] stats(String hyp, List<String> refs) {
        Map<String, Integer> refMax = new HashMap<>();
        List<Integer> refLens = new ArrayList<>(refs.size());
        for (String ref : refs) {
            List<String> rt = tokens(ref);
            refLens.add(rt.size());
            ngrams(rt).forEach((g, c) -> refMax.merge(g, c, Math::max));
        }
        List<String> ht = tokens(hyp);
        int hypLen = ht.size();
        int closest = -1;
        int closestDiff = -1;
        for (int r : refLens) {
            int diff = Math.abs(hypLen - r);
            if (closestDiff == -1 || diff < closestDiff || (diff == closestDiff && r < closest)) {
                closestDiff = diff;
                closest = r;
            }
        }
        long[] st = new long[statsSize()];
        st[0] = hypLen;
        st[1] = closest;
        ngrams(ht).forEach((g, c) -> {
            int n = order(g);
            st[2 + ORDER + n - 1] += c;
            Integer r = refMax.get(g);
            if (r != null) {
                st[2 + n - 1] += Math.min(c, r);
            }
        });
        return st;
    }

    private static int order(String ngram) {
        int n = 1;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }

    @Override
    public double score(long[] stats) {
        return result(stats).score();
    }

    /** The score of summed counts with its parts (sacrebleu's compute_bleu). */
    public Result result(long[] stats) {
        long sysLen = stats[0];
        long refLen = stats[1];
        double[] correct = new double[ORDER];
        double[] total = new double[ORDER];
        boolean anyCorrect = false;
        for (int n = 0; n < ORDER; n++) {
            correct[n] = stats[2 + n];
            total[n] = stats[2 + ORDER + n];
            anyCorrect |= correct[n] != 0;
        }
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
        }
        double[] precisions = new double[ORDER];
        if (!anyCorrect) {
            return new Result(0.0, correct, total, precisions, bp, sysLen, refLen);
        }
        double smoothMteval = 1.0;
        int effOrder = ORDER;
        for (int n = 1; n <= ORDER; n++) {
            if (smooth == Smooth.ADD_K && n > 1) {
                correct[n - 1] += smoothValue;
                total[n - 1] += smoothValue;
            }
            if (total[n - 1] == 0) {
                break;
            }
            if (effectiveOrder) {
                effOrder = n;
            }
            if (correct[n - 1] == 0) {
                if (smooth == Smooth.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100. / (smoothMteval * total[n - 1]);
                } else if (smooth == Smooth.FLOOR) {
                    precisions[n - 1] = 100. * smoothValue / total[n - 1];
                }
            } else {
                precisions[n - 1] = 100. * correct[n - 1] / total[n - 1];
            }
        }
        // Python's sum() of the logs, left to right; log 0 counts as -9999999999 (sacrebleu's my_log)
        double logSum = 0;
        for (int n = 0; n < effOrder; n++) {
            logSum += precisions[n] == 0 ? -9999999999.0 : Math.log(precisions[n]);
        }
        return new Result(bp * Math.exp(logSum / effOrder), correct, total, precisions, bp, sysLen, refLen);
    }

    @Override
    public String signature(String nrefs, int bootstrap, long seed) {
        String s = smooth.name;
        if (smooth.hasValue()) {
            s += String.format(Locale.ROOT, "[%s]", Decimals.fixed(smoothValue, 2));
        }
        return MtMetric.signatureHead(nrefs, bootstrap, seed) + "|case:" + (lowercase ? "lc" : "mixed")
                + "|eff:" + (effectiveOrder ? "yes" : "no") + "|tok:" + tokenizer.signature() + "|smooth:" + s
                + "|version:" + SACREBLEU_VERSION;
    }

    /** sacrebleu's verbose tail: {@code 60.0/40.0/25.0/10.0 (BP = 1.000 ratio = 1.000 hyp_len = 9 ref_len = 9)}. */
    public static String verbose(Result r) {
        StringBuilder b = new StringBuilder();
        for (int n = 0; n < ORDER; n++) {
            b.append(n == 0 ? "" : "/").append(Decimals.fixed(r.precisions()[n], 1));
        }
        return b + " (BP = " + Decimals.fixed(r.bp(), 3) + " ratio = " + Decimals.fixed(r.ratio(), 3)
                + " hyp_len = " + r.sysLen() + " ref_len = " + r.refLen() + ")";
    }
}
