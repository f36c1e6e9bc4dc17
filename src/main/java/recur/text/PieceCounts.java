package recur.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts of distinct strings, looked up by a stretch of a larger string so that a string is
 * copied out only the first time it is seen. Open addressing; grows with the number of distinct
 * strings, never with how often they occur.
 */
final class PieceCounts {
    private String[] keys = new String[1 << 12];
    private int[] hashes = new int[1 << 12];
    private long[] counts = new long[1 << 12];
    private int size;

    void add(String s, int from, int to) {
        add(s, from, to, 1);
    }

    void add(String s, int from, int to, long n) {
        int h = PieceCache.hash(s, from, to);
        int len = to - from;
        int mask = keys.length - 1;
        int i = h & mask;
        String k;
        while ((k = keys[i]) != null) {
            if (hashes[i] == h && k.length() == len && k.regionMatches(0, s, from, len)) {
                counts[i] += n;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = s.substring(from, to);
        hashes[i] = h;
        counts[i] = n;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    /** Adds every count of {@code other} to this one. */
    void addAll(PieceCounts other) {
        for (int j = 0; j < other.keys.length; j++) {
            String k = other.keys[j];
            if (k != null) {
                add(k, 0, k.length(), other.counts[j]);
            }
        }
    }

    int size() {
        return size;
    }

    /** The count of {@code key}, or 0. */
    long get(String key) {
        int h = PieceCache.hash(key, 0, key.length());
        int mask = keys.length - 1;
        for (int i = h & mask; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == h && keys[i].equals(key)) {
                return counts[i];
            }
        }
        return 0;
    }

    /** The distinct strings, in no particular order. */
    List<String> keys() {
        List<String> out = new ArrayList<>(size);
        for (String k : keys) {
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    private void grow() {
        String[] ok = keys;
        int[] oh = hashes;
        long[] oc = counts;
        keys = new String[ok.length * 2];
        hashes = new int[ok.length * 2];
        counts = new long[ok.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < ok.length; j++) {
            if (ok[j] != null) {
                int i = oh[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = ok[j];
                hashes[i] = oh[j];
                counts[i] = oc[j];
            }
        }
    }
}
