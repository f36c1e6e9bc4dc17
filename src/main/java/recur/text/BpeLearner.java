package recur.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/**
 * Learns byte-level BPE merges from counted pre-tokens. Each distinct pre-token is kept once with
 * its count; the count of every adjacent symbol pair and the words it occurs in are kept up to
 * date as merges are made, and the best pair comes from a priority queue whose stale entries are
 * refreshed when they surface. A merge costs time in proportion to the occurrences it touches,
 * never the whole corpus, so 32k merges take seconds.
 *
 * <p>The best pair has the highest count; ties go to the smaller (left, right) symbol pair, so the
 * merges depend only on the counts, never on hash order or threads.
 */
public final class BpeLearner {
    private static final class Pair {
        final int left;
        final int right;
        long count;
        /** Words the pair occurs in (maybe stale or repeated; checked when used). */
        final IntList where = new IntList(4);
        int lastWord = -1;
        int pushedAt = -1;

        Pair(int left, int right) {
            this.left = left;
            this.right = right;
        }
    }

    private record Entry(long count, int left, int right) {}

    private final int[][] words;
    private final int[] lengths;
    private final long[] counts;
    private final HashMap<Long, Pair> pairs = new HashMap<>();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>((x, y) -> {
        if (x.count != y.count) {
            return Long.compare(y.count, x.count);
        }
        if (x.left != y.left) {
            return Integer.compare(x.left, y.left);
        }
        return Integer.compare(x.right, y.right);
    });
    private final List<Pair> changed = new ArrayList<>();
    private final List<long[]> mergeCounts = new ArrayList<>();

    /**
     * @param words distinct pre-tokens (their UTF-8 bytes are the starting symbols)
     * @param counts how often each occurs
     */
    public BpeLearner(List<String> words, long[] counts) {
        int n = words.size();
        this.words = new int[n][];
        this.lengths = new int[n];
        this.counts = counts.clone();
        for (int w = 0; w < n; w++) {
            byte[] b = words.get(w).getBytes(StandardCharsets.UTF_8);
            int[] s = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                s[i] = b[i] & 0xFF;
            }
            this.words[w] = s;
            lengths[w] = s.length;
        }
        for (int w = 0; w < n; w++) {
            int[] s = this.words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                add(s[i], s[i + 1], this.counts[w], w);
            }
        }
        for (Pair p : pairs.values()) {
            if (p.count > 0) {
                queue.add(new Entry(p.count, p.left, p.right));
            }
        }
        changed.clear();
    }

    /**
     * Learns up to {@code maxMerges} merges; fewer when no pair is left to merge.
     * Returns {@code merges[r] = {left, right}} in symbol space (bytes 0..255, merge r is 256+r).
     * {@code progress} is told the number of merges made so far, now and then.
     */
    public int[][] learn(int maxMerges, IntConsumer progress) {
        List<int[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges && !queue.isEmpty()) {
            Entry e = queue.poll();
            Pair p = pairs.get(pairKey(e.left, e.right));
            if (p == null || p.count <= 0) {
                continue;
            }
            if (p.count != e.count) {
                // counts only fall after a pair is queued; requeue at its true count
                queue.add(new Entry(p.count, p.left, p.right));
                continue;
            }
            int symbol = 256 + merges.size();
            merges.add(new int[] {p.left, p.right});
            mergeCounts.add(new long[] {p.count});
            apply(p, symbol, merges.size());
            if (progress != null && (merges.size() & 1023) == 0) {
                progress.accept(merges.size());
            }
        }
        return merges.toArray(new int[0][]);
    }

    /** How often each learned merge occurred when it was chosen. */
    public long[] mergeCounts() {
        return mergeCounts.stream().mapToLong(x -> x[0]).toArray();
    }

    private void apply(Pair p, int x, int stamp) {
        int a = p.left;
        int b = p.right;
        IntList where = p.where;
        int[] seen = new int[where.size];
        int nSeen = 0;
        for (int q = 0; q < where.size; q++) {
            int w = where.a[q];
            // a word may be listed twice; the list is in increasing order, so repeats are adjacent
            if (nSeen > 0 && seen[nSeen - 1] == w) {
                continue;
            }
            seen[nSeen++] = w;
            mergeInWord(w, a, b, x);
        }
        pairs.remove(pairKey(a, b));
        for (Pair c : changed) {
            if (c.pushedAt != stamp && c.count > 0) {
                c.pushedAt = stamp;
                queue.add(new Entry(c.count, c.left, c.right));
            }
        }
        changed.clear();
    }

    private void mergeInWord(int w, int a, int b, int x) {
        int[] s = words[w];
        int n = lengths[w];
        long c = counts[w];
        int k = 0;
        int i = 0;
        while (i < n) {
            if (i + 1 < n && s[i] == a && s[i + 1] == b) {
                if (k > 0) {
                    int prev = s[k - 1];
                    add(prev, a, -c, w);
                    add(prev, x, c, w);
                }
                if (i + 2 < n) {
                    int next = s[i + 2];
                    add(b, next, -c, w);
                    add(x, next, c, w);
                }
                add(a, b, -c, w);
                s[k++] = x;
                i += 2;
            } else {
                s[k++] = s[i++];
            }
        }
        lengths[w] = k;
    }

    /**
     * The map key of a pair. Long.hashCode folds the halves together (left ^ right), which collides
     * badly for symbol pairs; multiplying by an odd constant is one-to-one and spreads them.
     */
    private static long pairKey(int l, int r) {
        return LongIntMap.key(l, r) * 0x9E3779B97F4A7C15L;
    }

    private void add(int l, int r, long delta, int w) {
        long key = pairKey(l, r);
        Pair p = pairs.get(key);
        if (p == null) {
            p = new Pair(l, r);
            pairs.put(key, p);
        }
        p.count += delta;
        if (delta > 0) {
            if (p.lastWord != w) {
                p.where.add(w);
                p.lastWord = w;
            }
            changed.add(p);
        }
    }
}
