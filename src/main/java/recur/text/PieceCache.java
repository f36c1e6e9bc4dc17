package recur.text;

/**
 * Ids of recently encoded pre-tokens, looked up by a stretch of a string without copying it out.
 * Open addressing over a fixed table; when it is half full it is emptied, which bounds memory and
 * costs little because frequent pre-tokens come straight back. One per thread.
 */
final class PieceCache {
    private static final int CAPACITY = 1 << 18;
    private final String[] keys = new String[CAPACITY];
    private final int[][] values = new int[CAPACITY][];
    private int size;

    static int hash(String s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h ^ (h >>> 15);
    }

    /** The ids stored for {@code s[from, to)} (hash {@code h}), or null. */
    int[] get(String s, int from, int to, int h) {
        int len = to - from;
        int i = h & (CAPACITY - 1);
        String k;
        while ((k = keys[i]) != null) {
            if (k.length() == len && k.regionMatches(0, s, from, len)) {
                return values[i];
            }
            i = (i + 1) & (CAPACITY - 1);
        }
        return null;
    }

    void put(String s, int from, int to, int h, int[] ids) {
        if (size >= CAPACITY / 2) {
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(values, null);
            size = 0;
        }
        int i = h & (CAPACITY - 1);
        while (keys[i] != null) {
            i = (i + 1) & (CAPACITY - 1);
        }
        keys[i] = s.substring(from, to);
        values[i] = ids;
        size++;
    }
}
