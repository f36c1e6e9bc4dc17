package recur.model.glove;

import java.io.IOException;
import java.util.Arrays;

/**
 * Sums of co-occurrence weights keyed by the pair (i, j), in an open-addressing hash table
 * (16 bytes a slot: the packed pair and its sum) that doubles as it fills, up to the largest
 * power-of-two capacity that fits a byte budget. At that size it reports {@link #full()} at three
 * quarters of its slots, where probing starts to slow down; the counter then drains it in key
 * order and starts afresh.
 */
final class CooccurrenceTable {
    private static final long EMPTY = -1L;
    private final int maxCapacity;
    private long[] keys;
    private double[] sums;
    private int mask;
    private int limit;
    private int size;

    /** A table whose slots never take more than {@code bytes} (but at least 4 slots). */
    CooccurrenceTable(long bytes) {
        long slots = Math.max(4, Long.highestOneBit(bytes / GloveParams.ENTRY_BYTES));
        maxCapacity = (int) Math.min(1 << 30, slots);
        allocate(Math.min(maxCapacity, 1 << 16));
    }

    private void allocate(int cap) {
        keys = new long[cap];
        sums = new double[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
        limit = cap - cap / 4;
    }

    /** Doubles the table, keeping its entries. */
    private void grow() {
        long[] oldKeys = keys;
        double[] oldSums = sums;
        allocate(keys.length * 2);
        for (int s = 0; s < oldKeys.length; s++) {
            long k = oldKeys[s];
            if (k != EMPTY) {
                int t = slot(k);
                while (keys[t] != EMPTY) {
                    t = (t + 1) & mask;
                }
                keys[t] = k;
                sums[t] = oldSums[s];
            }
        }
    }

    static long key(int i, int j) {
        return ((long) i << 32) | (j & 0xFFFFFFFFL);
    }

    /** Adds x to the sum of (i, j). */
    void add(int i, int j, double x) {
        long k = key(i, j);
        int s = slot(k);
        while (true) {
            long at = keys[s];
            if (at == k) {
                sums[s] += x;
                return;
            }
            if (at == EMPTY) {
                if (size >= limit && keys.length < maxCapacity) {
                    grow();
                    add(i, j, x);
                    return;
                }
                keys[s] = k;
                sums[s] = x;
                size++;
                return;
            }
            s = (s + 1) & mask;
        }
    }

    /** The sum of (i, j), 0 when absent. */
    double get(int i, int j) {
        long k = key(i, j);
        for (int s = slot(k); keys[s] != EMPTY; s = (s + 1) & mask) {
            if (keys[s] == k) {
                return sums[s];
            }
        }
        return 0;
    }

    /** Whether the next new pair should go to a fresh table. */
    boolean full() {
        return size >= limit && keys.length == maxCapacity;
    }

    int size() {
        return size;
    }

    /** Gives every entry to the sink in (i, j) order, then empties the table. */
    void drainSorted(Entries.Sink sink) throws IOException {
        long[] sorted = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
                sorted[n++] = k;
            }
        }
        Arrays.sort(sorted);
        for (long k : sorted) {
            sink.accept((int) (k >>> 32), (int) k, get((int) (k >>> 32), (int) k));
        }
        Arrays.fill(keys, EMPTY);
        size = 0;
    }

    private int slot(long k) {
        // the murmur3 finaliser: neighbouring ids spread over the whole table
        long h = k;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
