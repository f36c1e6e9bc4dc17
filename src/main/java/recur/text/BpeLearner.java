package recur.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Learns byte-level BPE merges from counted pre-tokens. Each distinct pre-token is kept once with
 * its count; the count of every adjacent symbol pair and the words it occurs in are kept up to
 * date as merges are made, and the best pair comes from a priority queue whose stale entries are
 * refreshed when they surface. A merge costs time in proportion to the occurrences it touches,
 * never the whole corpus, so 32k merges take seconds. Pairs live in primitive arrays indexed
 * through a {@link LongIntMap} and the queue is two arrays, so merging boxes nothing.
 *
 * <p>The best pair has the highest count; ties go to the smaller (left, right) symbol pair, so the
 * merges depend only on the counts, never on hash order or threads.
 */
public final class BpeLearner {
    private final int[][] words;
    private final int[] lengths;
    private final long[] counts;

    /** Pair ids by {@link LongIntMap#key}; a pair's fields are at its id in the arrays below. */
    private final LongIntMap ids;
    private int pairs;
    private int[] left = new int[1024];
    private int[] right = new int[1024];
    private long[] pairCount = new long[1024];
    /** Words the pair occurs in (maybe stale or repeated: a word without the pair is left as it is). */
    private IntList[] where = new IntList[1024];
    private int[] lastWord = new int[1024];
    private int[] pushedAt = new int[1024];

    /** Max-heap of (count when pushed, pair id); stale entries are refreshed when they surface. */
    private long[] heapCount = new long[1024];
    private int[] heapPair = new int[1024];
    private int heapSize;

    /** Pairs whose count rose during the merge being applied. */
    private int[] changed = new int[256];
    private int changedSize;
    private long[] mergeCounts = new long[64];
    private int merged;

    /**
     * @param words distinct pre-tokens (their UTF-8 bytes are the starting symbols)
     * @param counts how often each occurs
     */
    public BpeLearner(List<String> words, long[] counts) {
        int n = words.size();
        this.words = new int[n][];
        this.lengths = new int[n];
        this.counts = counts.clone();
        int symbols = 0;
        for (int w = 0; w < n; w++) {
            byte[] b = words.get(w).getBytes(StandardCharsets.UTF_8);
            int[] s = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                s[i] = b[i] & 0xFF;
            }
            this.words[w] = s;
            lengths[w] = s.length;
            symbols += s.length;
        }
        ids = new LongIntMap(Math.max(1024, symbols / 4));
        for (int w = 0; w < n; w++) {
            int[] s = this.words[w];
            for (int i = 0; i + 1 < s.length; i++) {
                add(s[i], s[i + 1], this.counts[w], w);
            }
        }
        for (int p = 0; p < pairs; p++) {
            if (pairCount[p] > 0) {
                push(pairCount[p], p);
            }
        }
        changedSize = 0;
    }

    /**
     * Learns up to {@code maxMerges} merges; fewer when no pair is left to merge.
     * Returns {@code merges[r] = {left, right}} in symbol space (bytes 0..255, merge r is 256+r).
     * {@code progress} is told the number of merges made so far, now and then.
     */
    public int[][] learn(int maxMerges, IntConsumer progress) {
        List<int[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges && heapSize > 0) {
            long c = heapCount[0];
            int p = heapPair[0];
            pop();
            if (pairCount[p] <= 0) {
                continue;
            }
            if (pairCount[p] != c) {
                // counts only fall after a pair is queued; requeue at its true count
                push(pairCount[p], p);
                continue;
            }
            int symbol = 256 + merges.size();
            merges.add(new int[] {left[p], right[p]});
            if (merged == mergeCounts.length) {
                mergeCounts = Arrays.copyOf(mergeCounts, merged * 2);
            }
            mergeCounts[merged++] = c;
            apply(p, symbol, merges.size());
            if (progress != null && (merges.size() & 1023) == 0) {
                progress.accept(merges.size());
            }
        }
        return merges.toArray(new int[0][]);
    }

    /** How often each learned merge occurred when it was chosen. */
    public long[] mergeCounts() {
        return Arrays.copyOf(mergeCounts, merged);
    }

    private void apply(int p, int x, int stamp) {
        int a = left[p];
        int b = right[p];
        IntList ws = where[p];
        int prev = -1;
        for (int q = 0; q < ws.size; q++) {
            int w = ws.a[q];
            if (w != prev) {
                mergeInWord(w, a, b, x);
                prev = w;
            }
        }
        // the pair is gone for good: merging never makes a and b neighbours again
        pairCount[p] = 0;
        where[p] = null;
        for (int i = 0; i < changedSize; i++) {
            int c = changed[i];
            if (pushedAt[c] != stamp && pairCount[c] > 0) {
                pushedAt[c] = stamp;
                push(pairCount[c], c);
            }
        }
        changedSize = 0;
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

    private void add(int l, int r, long delta, int w) {
        long key = LongIntMap.key(l, r);
        int p = ids.get(key);
        if (p < 0) {
            p = newPair(l, r);
            ids.put(key, p);
        }
        pairCount[p] += delta;
        if (delta > 0) {
            if (lastWord[p] != w) {
                where[p].add(w);
                lastWord[p] = w;
            }
            if (changedSize == changed.length) {
                changed = Arrays.copyOf(changed, changedSize * 2);
            }
            changed[changedSize++] = p;
        }
    }

    private int newPair(int l, int r) {
        if (pairs == left.length) {
            int n = pairs * 2;
            left = Arrays.copyOf(left, n);
            right = Arrays.copyOf(right, n);
            pairCount = Arrays.copyOf(pairCount, n);
            where = Arrays.copyOf(where, n);
            lastWord = Arrays.copyOf(lastWord, n);
            pushedAt = Arrays.copyOf(pushedAt, n);
        }
        int p = pairs++;
        left[p] = l;
        right[p] = r;
        where[p] = new IntList(4);
        lastWord[p] = -1;
        pushedAt[p] = -1;
        return p;
    }

    /** Whether heap entry i comes out before entry j: the higher count, then the smaller (left, right). */
    private boolean before(long ci, int pi, long cj, int pj) {
        if (ci != cj) {
            return ci > cj;
        }
        if (left[pi] != left[pj]) {
            return left[pi] < left[pj];
        }
        return right[pi] < right[pj];
    }

    private void push(long c, int p) {
        if (heapSize == heapCount.length) {
            heapCount = Arrays.copyOf(heapCount, heapSize * 2);
            heapPair = Arrays.copyOf(heapPair, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int up = (i - 1) >>> 1;
            if (!before(c, p, heapCount[up], heapPair[up])) {
                break;
            }
            heapCount[i] = heapCount[up];
            heapPair[i] = heapPair[up];
            i = up;
        }
        heapCount[i] = c;
        heapPair[i] = p;
    }

    private void pop() {
        int n = --heapSize;
        long c = heapCount[n];
        int p = heapPair[n];
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int k = 2 * i + 1;
            if (k + 1 < n && before(heapCount[k + 1], heapPair[k + 1], heapCount[k], heapPair[k])) {
                k++;
            }
            if (!before(heapCount[k], heapPair[k], c, p)) {
                break;
            }
            heapCount[i] = heapCount[k];
            heapPair[i] = heapPair[k];
            i = k;
        }
        heapCount[i] = c;
        heapPair[i] = p;
    }
}
