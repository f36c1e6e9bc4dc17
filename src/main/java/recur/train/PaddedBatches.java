package recur.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mini-batches of records of unequal length (classifier texts, translation sources and
 * targets): padded to the longest in the batch, with each row's length and a mask, so a layer
 * that reduces over time can leave the padding out and a batch of one gives what a batch of many
 * gives.
 *
 * <p>A training epoch is bucketed by length, as torchtext's BucketIterator and fairseq do: the
 * examples are shuffled, taken a pool of {@code POOL_BATCHES} batches at a time, each pool sorted
 * by length (ties by position, so the order never depends on sort stability) and cut into
 * batches, and the batches shuffled — little padding, yet a different grouping every epoch, all
 * drawn from the generator given. {@link #inOrder} keeps the input order for validation and
 * prediction.
 */
public final class PaddedBatches {
    /** Batches per length-sorted pool. */
    static final int POOL_BATCHES = 50;

    /**
     * One batch, time-major as the recurrent layers take it.
     *
     * @param ids (T, B) token ids, {@code pad} past each row's length
     * @param mask (T, B) 1 where a token is real, 0 on padding
     * @param lengths (B) each row's length
     * @param examples (B) each row's index in the data
     * @param time T, the longest length in the batch
     */
    public record Batch(int[] ids, float[] mask, int[] lengths, int[] examples, int time) {
        public int size() {
            return lengths.length;
        }
    }

    private final int[][] sequences;
    private final int batch;
    private final int pad;

    /**
     * @param sequences the examples' token ids (empty sequences are allowed: a row of padding with length 0)
     * @param batch rows per batch (the last of a pool may have fewer)
     * @param pad the id written on padding
     */
    public PaddedBatches(int[][] sequences, int batch, int pad) {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        this.sequences = sequences;
        this.batch = batch;
        this.pad = pad;
    }

    public int examples() {
        return sequences.length;
    }

    /** The batches of one training epoch: shuffled, bucketed by length, in shuffled order. */
    public List<Batch> epoch(SplittableRandom rng) {
        int[] lengths = new int[sequences.length];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences[i].length;
        }
        List<int[]> groups = buckets(lengths, batch, 0, rng);
        List<Batch> out = new ArrayList<>(groups.size());
        for (int[] g : groups) {
            out.add(pack(g));
        }
        return out;
    }

    /**
     * The example groups of one training epoch, for examples of any kind given by their lengths:
     * the examples shuffled, taken a pool at a time ({@code POOL_BATCHES} batches' worth), each
     * pool sorted by length (ties by position) and cut into batches, and the batches shuffled. A
     * batch ends before it would exceed {@code maxRows} rows, or {@code maxTokens} padded tokens
     * (its rows times its longest length); a single example longer than that is a batch of its
     * own. All draws come from {@code rng}.
     *
     * @param lengths (N) each example's length, the size that padding goes to (for a pair, its longer side)
     * @param maxRows rows per batch, or 0 for no limit (then maxTokens must be positive)
     * @param maxTokens padded tokens per batch, or 0 for no limit
     * @return each batch's example indices, in training order
     */
    public static List<int[]> buckets(int[] lengths, int maxRows, long maxTokens, SplittableRandom rng) {
        if (maxRows < 0 || maxTokens < 0 || (maxRows == 0 && maxTokens == 0)) {
            throw new IllegalArgumentException("a batch needs a row or token limit, got " + maxRows + " and " + maxTokens);
        }
        int n = lengths.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, rng);
        List<int[]> groups = new ArrayList<>();
        for (int from = 0; from < n; ) {
            int to = from;
            if (maxRows > 0) {
                to = (int) Math.min(n, from + (long) maxRows * POOL_BATCHES);
            }
            if (maxTokens > 0) {
                // a pool of about POOL_BATCHES token-limited batches (and no more rows than the row limit allows)
                long tokens = 0;
                int limit = maxRows > 0 ? to : n;
                to = from;
                while (to < limit && tokens < maxTokens * POOL_BATCHES) {
                    tokens += Math.max(1, lengths[order[to]]);
                    to++;
                }
            }
            Integer[] p = new Integer[to - from];
            for (int i = 0; i < p.length; i++) {
                p[i] = order[from + i];
            }
            Arrays.sort(p, (a, b) -> lengths[a] != lengths[b] ? Integer.compare(lengths[a], lengths[b]) : Integer.compare(a, b));
            int start = 0;
            int longest = 0;
            for (int i = 0; i < p.length; i++) {
                int rows = i - start;
                int len = Math.max(longest, lengths[p[i]]);
                boolean full = rows > 0 && ((maxRows > 0 && rows >= maxRows) || (maxTokens > 0 && (long) (rows + 1) * len > maxTokens));
                if (full) {
                    groups.add(group(p, start, i));
                    start = i;
                    len = lengths[p[i]];
                }
                longest = len;
            }
            if (start < p.length) {
                groups.add(group(p, start, p.length));
            }
            from = to;
        }
        int[] perm = new int[groups.size()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        shuffle(perm, rng);
        List<int[]> out = new ArrayList<>(perm.length);
        for (int i : perm) {
            out.add(groups.get(i));
        }
        return out;
    }

    private static int[] group(Integer[] p, int from, int to) {
        int[] g = new int[to - from];
        for (int i = 0; i < g.length; i++) {
            g[i] = p[from + i];
        }
        return g;
    }

    /** The batches in input order (validation, prediction). */
    public List<Batch> inOrder() {
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < sequences.length; from += batch) {
            int[] g = new int[Math.min(batch, sequences.length - from)];
            for (int i = 0; i < g.length; i++) {
                g[i] = from + i;
            }
            out.add(pack(g));
        }
        return out;
    }

    /** Pads the examples into one time-major batch. */
    Batch pack(int[] examples) {
        int b = examples.length;
        int t = 0;
        for (int e : examples) {
            t = Math.max(t, sequences[e].length);
        }
        int[] ids = new int[t * b];
        float[] mask = new float[t * b];
        int[] lengths = new int[b];
        Arrays.fill(ids, pad);
        for (int j = 0; j < b; j++) {
            int[] s = sequences[examples[j]];
            lengths[j] = s.length;
            for (int i = 0; i < s.length; i++) {
                ids[i * b + j] = s[i];
                mask[i * b + j] = 1f;
            }
        }
        return new Batch(ids, mask, lengths, examples.clone(), t);
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int x = a[i];
            a[i] = a[j];
            a[j] = x;
        }
    }
}
