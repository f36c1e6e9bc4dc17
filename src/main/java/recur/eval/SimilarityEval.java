package recur.eval;

import java.util.ArrayList;
import java.util.List;
import recur.io.BadInputException;
import recur.io.Record;
import recur.io.RecordReader;

/**
 * Word-similarity evaluation (WordSim-353 and the like): pairs of words with a human score; the
 * model's cosine is compared by Spearman's ρ (and Pearson's r). Pairs with an unknown word are
 * counted as OOV and left out, as gensim's evaluate_word_pairs does.
 */
public final class SimilarityEval {
    /** One pair with its human score. */
    public record Pair(String w1, String w2, double score, String where) {}

    /** The model's similarity of two words, or NaN when either is unknown. */
    @FunctionalInterface
    public interface Similarity {
        double of(String w1, String w2);
    }

    /** ρ and r over the pairs found; counts of pairs read and pairs out of vocabulary. */
    public record Result(double spearman, double pearson, int pairs, int oov) {
        public int found() {
            return pairs - oov;
        }
    }

    private SimilarityEval() {}

    /**
     * Reads pairs: JSONL {@code {"w1", "w2", "score"}} or text lines {@code w1 w2 score}
     * separated by tabs, commas or spaces; lines whose third field is not a number (headers)
     * and {@code #} comments are skipped.
     */
    public static List<Pair> read(RecordReader records, String textField) {
        List<Pair> out = new ArrayList<>();
        while (records.hasNext()) {
            records.process(records.next(), r -> readOne(r, textField, out));
        }
        return out;
    }

    private static void readOne(Record r, String textField, List<Pair> out) {
        if (r.has("w1")) {
            if (!r.node().path("score").isNumber()) {
                throw new BadInputException(r.where(), "field \"score\" must be a number");
            }
            out.add(new Pair(r.text("w1"), r.text("w2"), r.node().get("score").asDouble(), r.where()));
            return;
        }
        String line = r.text(textField).strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        String[] f = line.split(line.indexOf('\t') >= 0 ? "\t" : line.indexOf(',') >= 0 ? "," : "\\s+");
        if (f.length < 3) {
            throw new BadInputException(r.where(), "expected \"word1 word2 score\", got " + f.length + " fields");
        }
        double s;
        try {
            s = Double.parseDouble(f[2].strip());
        } catch (NumberFormatException e) {
            if (out.isEmpty()) {
                return; // a header line
            }
            throw new BadInputException(r.where(), "score is not a number: " + f[2].strip());
        }
        if (!Double.isFinite(s)) {
            throw new BadInputException(r.where(), "score is not a finite number: " + f[2].strip());
        }
        out.add(new Pair(f[0].strip(), f[1].strip(), s, r.where()));
    }

    public static Result run(List<Pair> pairs, Similarity sim) {
        double[] human = new double[pairs.size()];
        double[] model = new double[pairs.size()];
        int n = 0;
        int oov = 0;
        for (Pair p : pairs) {
            double s = sim.of(p.w1(), p.w2());
            if (Double.isNaN(s)) {
                oov++;
                continue;
            }
            human[n] = p.score();
            model[n] = s;
            n++;
        }
        double[] h = java.util.Arrays.copyOf(human, n);
        double[] m = java.util.Arrays.copyOf(model, n);
        return new Result(Correlation.spearman(h, m), Correlation.pearson(h, m), pairs.size(), oov);
    }
}
