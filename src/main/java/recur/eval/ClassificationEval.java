package recur.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import recur.io.BadInputException;
import recur.io.Record;

/**
 * Classification metrics over records that hold the reference ({@code label}, a string, or
 * {@code labels}, an array, for multi-label data) and the prediction ({@code pred}, a string or an
 * array, and optionally {@code probs}, an object label → probability), the output of
 * {@code recur classify predict}.
 *
 * <p>Every record is a set of gold labels G and a set of predicted labels P (one each for
 * single-label data). Per class: true positives |{c} ∩ G ∩ P|, false positives, false negatives,
 * hence precision, recall, F1 and support (how often the class is gold). Accuracy counts records
 * with P = G (for single-label data, the usual accuracy; for multi-label data, exact match).
 * Macro-F1 is the mean F1 over every class seen as gold or predicted (scikit-learn's choice);
 * micro-F1 pools the counts (equal to accuracy for single-label data). The confusion matrix
 * (rows gold, columns predicted) is kept while every record has exactly one gold and one
 * predicted label. P@k and R@k are fastText test's: the k best labels by {@code probs} (those at
 * or above the threshold; without probs, the first k of {@code pred}) against G, pooled over
 * records: correct / predicted and correct / gold.
 */
public final class ClassificationEval {
    /** Names of the fields read. */
    public record Fields(String label, String labels, String pred, String probs) {
        public static final Fields DEFAULT = new Fields("label", "labels", "pred", "probs");
    }

    /** Per-class figures. */
    public record ClassScore(String label, double precision, double recall, double f1, long support, long predicted, long correct) {}

    /** Everything measured. {@code confusion} is null when some record had several gold or predicted labels. */
    public record Result(long examples, double accuracy, double macroF1, double microPrecision, double microRecall,
                         double microF1, int k, double precisionAtK, double recallAtK, List<ClassScore> classes,
                         List<String> confusionLabels, long[][] confusion) {}

    private final Fields fields;
    private final int k;
    private final double threshold;
    private final Map<String, long[]> counts = new TreeMap<>();
    private final Map<String, Map<String, Long>> confusion = new TreeMap<>();
    private boolean singleLabel = true;
    private long examples;
    private long exact;
    private long atKCorrect;
    private long atKPredicted;
    private long goldTotal;

    /**
     * @param k how many of the best labels P@k and R@k look at
     * @param threshold the probability a label needs to count among them
     */
    public ClassificationEval(Fields fields, int k, double threshold) {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be at least 1, got " + k);
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("--threshold must be between 0 and 1, got " + threshold);
        }
        this.fields = fields;
        this.k = k;
        this.threshold = threshold;
    }

    /** Adds every record of a stream. */
    public void addAll(Iterator<Record> records) {
        while (records.hasNext()) {
            add(records.next());
        }
    }

    /** Adds one record; a record without a reference or a prediction is bad input naming its place. */
    public void add(Record r) {
        List<String> pred = predicted(r);
        add(gold(r), pred, ranked(r, pred));
    }

    /**
     * Adds one example.
     *
     * @param gold the reference labels
     * @param pred the predicted labels
     * @param ranked the labels P@k counts, best first, at most k
     */
    public void add(Set<String> gold, Collection<String> pred, List<String> ranked) {
        examples++;
        Set<String> p = new LinkedHashSet<>(pred);
        if (p.equals(gold)) {
            exact++;
        }
        for (String c : gold) {
            long[] n = count(c);
            n[0]++;
            if (p.contains(c)) {
                n[2]++;
            }
        }
        for (String c : p) {
            count(c)[1]++;
        }
        goldTotal += gold.size();
        for (String c : ranked.subList(0, Math.min(k, ranked.size()))) {
            atKPredicted++;
            if (gold.contains(c)) {
                atKCorrect++;
            }
        }
        if (gold.size() == 1 && p.size() == 1) {
            confusion.computeIfAbsent(gold.iterator().next(), x -> new TreeMap<>()).merge(p.iterator().next(), 1L, Long::sum);
        } else {
            singleLabel = false;
        }
    }

    /** The k of P@k. */
    public int k() {
        return k;
    }

    /** The probability a label needs to count in P@k. */
    public double threshold() {
        return threshold;
    }

    /** {support, predicted, correct} of a class. */
    private long[] count(String c) {
        return counts.computeIfAbsent(c, x -> new long[3]);
    }

    private Set<String> gold(Record r) {
        return new TreeSet<>(Arrays.asList(references(r, fields.label(), fields.labels())));
    }

    /**
     * A record's reference labels: the {@code label} field (a string, or a number or boolean read as
     * text), else the {@code labels} array, deduplicated and sorted. Neither is bad input naming
     * the record's place. Training reads its labels with this too, so both agree on what a label is.
     */
    public static String[] references(Record r, String label, String labels) {
        if (r.has(label)) {
            return new String[] {label(r, r.node().get(label), label)};
        }
        if (r.has(labels)) {
            TreeSet<String> s = new TreeSet<>(strings(r, labels));
            if (s.isEmpty()) {
                throw new BadInputException(r.where(), "field \"" + labels + "\" is empty");
            }
            return s.toArray(new String[0]);
        }
        throw new BadInputException(r.where(), "missing field \"" + label + "\" (or \"" + labels + "\")");
    }

    private List<String> predicted(Record r) {
        if (r.has(fields.pred())) {
            JsonNode v = r.node().get(fields.pred());
            return v.isArray() ? strings(r, fields.pred()) : List.of(label(r, v, fields.pred()));
        }
        if (r.has(fields.probs())) {
            List<String> best = byProbability(r);
            return best.isEmpty() ? List.of() : List.of(best.get(0));
        }
        throw new BadInputException(r.where(), "missing field \"" + fields.pred() + "\" (or \"" + fields.probs() + "\")");
    }

    /** The labels P@k counts: the best k by probability at or above the threshold, else the first k predicted. */
    private List<String> ranked(Record r, List<String> pred) {
        List<String> best = new ArrayList<>();
        if (r.has(fields.probs())) {
            JsonNode probs = r.node().get(fields.probs());
            for (String c : byProbability(r)) {
                if (best.size() == k || probs.get(c).asDouble() < threshold) {
                    break;
                }
                best.add(c);
            }
        } else {
            best.addAll(pred.subList(0, Math.min(k, pred.size())));
        }
        return best;
    }

    /** The labels of {@code probs}, most probable first (ties by name). */
    private List<String> byProbability(Record r) {
        JsonNode probs = r.node().get(fields.probs());
        if (!probs.isObject()) {
            throw new BadInputException(r.where(), "field \"" + fields.probs() + "\" must be an object of label: probability, got " + Record.kind(probs));
        }
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = probs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) {
                throw new BadInputException(r.where(), "field \"" + fields.probs() + "\".\"" + e.getKey() + "\" must be a number, got " + Record.kind(e.getValue()));
            }
            names.add(e.getKey());
        }
        names.sort(Comparator.comparingDouble((String c) -> -probs.get(c).asDouble()).thenComparing(Comparator.naturalOrder()));
        return names;
    }

    private static String label(Record r, JsonNode v, String field) {
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        throw new BadInputException(r.where(), "field \"" + field + "\" must be a string, got " + Record.kind(v));
    }

    private static List<String> strings(Record r, String field) {
        JsonNode v = r.node().get(field);
        if (!v.isArray()) {
            throw new BadInputException(r.where(), "field \"" + field + "\" must be an array of labels, got " + Record.kind(v));
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            out.add(label(r, e, field));
        }
        return out;
    }

    /** The figures so far. */
    public Result result() {
        List<ClassScore> classes = new ArrayList<>();
        double f1Sum = 0;
        long correct = 0;
        long predicted = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long[] n = e.getValue();
            double p = ratio(n[2], n[1]);
            double rec = ratio(n[2], n[0]);
            double f1 = f1(p, rec);
            classes.add(new ClassScore(e.getKey(), p, rec, f1, n[0], n[1], n[2]));
            f1Sum += f1;
            correct += n[2];
            predicted += n[1];
        }
        double microP = ratio(correct, predicted);
        double microR = ratio(correct, goldTotal);
        List<String> labels = null;
        long[][] matrix = null;
        if (singleLabel && examples > 0) {
            labels = new ArrayList<>(counts.keySet());
            matrix = new long[labels.size()][labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                Map<String, Long> row = confusion.getOrDefault(labels.get(i), Map.of());
                for (int j = 0; j < labels.size(); j++) {
                    matrix[i][j] = row.getOrDefault(labels.get(j), 0L);
                }
            }
        }
        return new Result(examples, ratio(exact, examples), classes.isEmpty() ? 0 : f1Sum / classes.size(),
                microP, microR, f1(microP, microR), k, ratio(atKCorrect, atKPredicted), ratio(atKCorrect, goldTotal),
                classes, labels, matrix);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0.0 : a / (double) b;
    }

    private static double f1(double p, double r) {
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
}
