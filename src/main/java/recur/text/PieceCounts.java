package recur.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counts of distinct byte strings (pre-tokens in UTF-8), looked up by a stretch of a larger byte
 * array, so that counting makes no object per occurrence: the bytes of a string are copied into
 * one shared array the first time it is seen, and the table holds only ints and longs. Open
 * addressing; grows with the number of distinct strings, never with how often they occur.
 */
final class PieceCounts {
    /** Where each slot's string starts in {@link #data} (-1: empty slot). */
    private int[] offsets = filled(1 << 15);
    private int[] lengths = new int[1 << 15];
    private int[] hashes = new int[1 << 15];
    private long[] counts = new long[1 << 15];
    private byte[] data = new byte[1 << 16];
    private int used;
    private int size;

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    static int hash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 15);
    }

    void add(byte[] b, int from, int to) {
        add(b, from, to, 1);
    }

    void add(byte[] b, int from, int to, long n) {
        int h = hash(b, from, to);
        int len = to - from;
        int mask = offsets.length - 1;
        int i = h & mask;
        int o;
        while ((o = offsets[i]) >= 0) {
            if (hashes[i] == h && lengths[i] == len && Arrays.equals(data, o, o + len, b, from, to)) {
                counts[i] += n;
                return;
            }
            i = (i + 1) & mask;
        }
        if (used + len > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, used + len));
        }
        System.arraycopy(b, from, data, used, len);
        offsets[i] = used;
        lengths[i] = len;
        hashes[i] = h;
        counts[i] = n;
        used += len;
        if (++size * 2 > offsets.length) {
            grow();
        }
    }

    /** Adds every count of {@code other} to this one. */
    void addAll(PieceCounts other) {
        for (int j = 0; j < other.offsets.length; j++) {
            int o = other.offsets[j];
            if (o >= 0) {
                add(other.data, o, o + other.lengths[j], other.counts[j]);
            }
        }
    }

    int size() {
        return size;
    }

    /** The distinct strings (decoded from UTF-8) and their counts, in no particular order. */
    void forEach(Entry each) {
        for (int j = 0; j < offsets.length; j++) {
            int o = offsets[j];
            if (o >= 0) {
                each.accept(new String(data, o, lengths[j], StandardCharsets.UTF_8), counts[j]);
            }
        }
    }

    /** Receives a string and its count. */
    @FunctionalInterface
    interface Entry {
        void accept(String key, long count);
    }

    private void grow() {
        int[] oo = offsets;
        int[] ol = lengths;
        int[] oh = hashes;
        long[] oc = counts;
        int n = oo.length * 2;
        offsets = filled(n);
        lengths = new int[n];
        hashes = new int[n];
        counts = new long[n];
        int mask = n - 1;
        for (int j = 0; j < oo.length; j++) {
            if (oo[j] >= 0) {
                int i = oh[j] & mask;
                while (offsets[i] >= 0) {
                    i = (i + 1) & mask;
                }
                offsets[i] = oo[j];
                lengths[i] = ol[j];
                hashes[i] = oh[j];
                counts[i] = oc[j];
            }
        }
    }
}
