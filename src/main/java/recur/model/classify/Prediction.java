package recur.model.classify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import recur.eval.ClassificationEval;

/**
 * From label probabilities to what predict writes and eval counts: the labels ranked by
 * probability (ties by label id, so output never depends on sort stability), and the predicted
 * labels — the best one, or for multi-label prediction every label at or above the threshold.
 */
public final class Prediction {
    private Prediction() {}

    /** Label ids, most probable first. */
    public static int[] ranking(float[] probs, int n) {
        Integer[] ids = new Integer[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        Arrays.sort(ids, (a, b) -> probs[a] != probs[b] ? Float.compare(probs[b], probs[a]) : Integer.compare(a, b));
        return Arrays.stream(ids).mapToInt(Integer::intValue).toArray();
    }

    /** The predicted label ids: with {@code multi}, every label with probability ≥ threshold (best first); else the best. */
    public static int[] predicted(float[] probs, int[] ranking, boolean multi, double threshold) {
        if (!multi) {
            return new int[] {ranking[0]};
        }
        int n = 0;
        while (n < ranking.length && probs[ranking[n]] >= threshold) {
            n++;
        }
        return Arrays.copyOf(ranking, n);
    }

    /**
     * Adds the prediction to a record: {@code pred} (the best label, or with {@code multi} the array of
     * labels at or above the threshold) and {@code probs} (the best k labels, or all when k is 0,
     * label → probability, most probable first).
     */
    public static void annotate(ObjectNode node, Labels labels, float[] probs, boolean multi, double threshold, int k,
                                String predField, String probsField) {
        int[] rank = ranking(probs, labels.size());
        int[] pred = predicted(probs, rank, multi, threshold);
        if (multi) {
            ArrayNode a = node.putArray(predField);
            for (int c : pred) {
                a.add(labels.name(c));
            }
        } else {
            node.put(predField, labels.name(pred[0]));
        }
        ObjectNode p = node.putObject(probsField);
        int n = k <= 0 ? rank.length : Math.min(k, rank.length);
        for (int i = 0; i < n; i++) {
            p.put(labels.name(rank[i]), probs[rank[i]]);
        }
    }

    /** Adds one example with known label ids to a metrics tally. */
    public static void tally(ClassificationEval eval, Labels labels, int[] gold, float[] probs, boolean multi, double threshold) {
        int[] rank = ranking(probs, labels.size());
        int[] pred = predicted(probs, rank, multi, threshold);
        Set<String> g = new TreeSet<>();
        for (int c : gold) {
            g.add(labels.name(c));
        }
        eval.add(g, names(labels, pred), names(labels, Arrays.copyOf(rank, Math.min(eval.k(), rank.length))));
    }

    private static List<String> names(Labels labels, int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int c : ids) {
            out.add(labels.name(c));
        }
        return out;
    }

    /**
     * The loss training minimises, for one example: softmax, −log p of the gold label (the mean over
     * several); one-vs-all, the binary cross-entropy summed over labels.
     */
    public static double loss(float[] probs, int n, int[] gold, boolean ova) {
        double loss = 0;
        if (ova) {
            for (int c = 0; c < n; c++) {
                boolean pos = contains(gold, c);
                loss -= Math.log(Math.max(1e-30, pos ? probs[c] : 1 - probs[c]));
            }
            return loss;
        }
        for (int c : gold) {
            loss -= Math.log(Math.max(1e-30, probs[c]));
        }
        return loss / gold.length;
    }

    static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }
}
