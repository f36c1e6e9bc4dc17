package recur.model.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import recur.eval.ClassificationEval;
import recur.io.BadInputException;
import recur.io.Record;
import recur.io.RecordReader;

/**
 * Labelled examples held in memory for training or validation: each example's words and its
 * label ids (one, or several for multi-label data). Equal words share one String, so memory is
 * about one reference per token plus the distinct words.
 */
public final class Examples {
    /** The names of the reference fields: a single label, or an array of labels. */
    public record LabelFields(String label, String labels) {
        public static final LabelFields DEFAULT = new LabelFields("label", "labels");
    }

    private final List<String[]> words;
    private final int[][] labels;
    private final Labels labelSet;
    private final long digest;

    private Examples(List<String[]> words, int[][] labels, Labels labelSet, long digest) {
        this.words = words;
        this.labels = labels;
        this.labelSet = labelSet;
        this.digest = digest;
    }

    /**
     * Reads every record. With {@code known} null the label set is collected from the data
     * (training); otherwise a label outside it is bad input naming file:line (validation), which
     * the reader counts and skips under --skip-bad, like any other bad record.
     */
    public static Examples read(RecordReader reader, TextInput input, LabelFields fields, Labels known) {
        List<String[]> words = new ArrayList<>();
        List<String[]> names = new ArrayList<>();
        Map<String, String> intern = new HashMap<>();
        long digest = 0xcbf29ce484222325L;
        while (reader.hasNext()) {
            Record r = reader.next();
            String[] ws;
            String[] ls;
            try {
                ls = ClassificationEval.references(r, fields.label(), fields.labels());
                if (known != null) {
                    for (String l : ls) {
                        if (known.id(l) < 0) {
                            throw new BadInputException(r.where(), "label \"" + l + "\" is not one the training data has");
                        }
                    }
                }
                ws = input.words(r);
            } catch (BadInputException e) {
                reader.reject(e);
                continue;
            }
            for (int i = 0; i < ws.length; i++) {
                ws[i] = intern.computeIfAbsent(ws[i], w -> w);
                digest = fnv(digest, ws[i]);
            }
            for (String l : ls) {
                digest = fnv(digest, "\u0000" + l);
            }
            digest = (digest ^ 0xff) * 0x100000001b3L;
            words.add(ws);
            names.add(ls);
        }
        Labels set = known != null ? known : Labels.collect(names);
        int[][] ids = new int[names.size()][];
        for (int i = 0; i < ids.length; i++) {
            String[] ls = names.get(i);
            ids[i] = new int[ls.length];
            for (int j = 0; j < ls.length; j++) {
                ids[i][j] = set.id(ls[j]);
            }
        }
        return new Examples(words, ids, set, digest);
    }

    private static long fnv(long h, String s) {
        for (int k = 0; k < s.length(); k++) {
            h = (h ^ s.charAt(k)) * 0x100000001b3L;
        }
        return (h ^ 0x20) * 0x100000001b3L;
    }

    public int size() {
        return words.size();
    }

    public String[] words(int i) {
        return words.get(i);
    }

    public int[] labels(int i) {
        return labels[i];
    }

    public Labels labelSet() {
        return labelSet;
    }

    /** Whether any example has more than one label. */
    public boolean multiLabel() {
        return Arrays.stream(labels).anyMatch(l -> l.length > 1);
    }

    /** A 64-bit digest of the words and labels, for provenance and for checking a resume. */
    public long digest() {
        return digest;
    }

    /**
     * The words seen at least minCount times in the examples as {@code view} shows them (e.g. with an
     * end-of-example word), most frequent first, ties by the word.
     */
    public String[] wordsByCount(int minCount, java.util.function.UnaryOperator<String[]> view) {
        Map<String, Integer> counts = new HashMap<>();
        for (String[] ws : words) {
            for (String w : view.apply(ws)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() >= minCount)
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue())
                .map(Map.Entry::getKey).toArray(String[]::new);
    }

    /** Tokens over all examples. */
    public long tokens() {
        long n = 0;
        for (String[] w : words) {
            n += w.length;
        }
        return n;
    }
}
