package recur.model.classify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The label set of a classifier, as the training data gave it: most frequent first, ties by name
 * (fastText's order), so the same data always numbers its labels the same way.
 */
public final class Labels {
    private final String[] names;
    private final Map<String, Integer> index;

    public Labels(String[] names) {
        this.names = names.clone();
        this.index = new HashMap<>(names.length * 2);
        for (int i = 0; i < names.length; i++) {
            if (index.putIfAbsent(names[i], i) != null) {
                throw new IllegalArgumentException("label \"" + names[i] + "\" appears twice");
            }
        }
    }

    /** The labels of these examples' label lists, ordered by count (most first), then by name. */
    public static Labels collect(List<String[]> labelLists) {
        Map<String, Long> counts = new HashMap<>();
        for (String[] ls : labelLists) {
            for (String l : ls) {
                counts.merge(l, 1L, Long::sum);
            }
        }
        String[] names = counts.keySet().toArray(new String[0]);
        Arrays.sort(names, (a, b) -> {
            int c = Long.compare(counts.get(b), counts.get(a));
            return c != 0 ? c : a.compareTo(b);
        });
        return new Labels(names);
    }

    public int size() {
        return names.length;
    }

    public String name(int id) {
        return names[id];
    }

    public String[] names() {
        return names.clone();
    }

    /** The label's id, or -1 when training never saw it. */
    public int id(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }
}
