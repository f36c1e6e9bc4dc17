package recur.optim;

import java.util.Arrays;

/**
 * Entries of a flat parameter array that an {@link Optimizer} leaves exactly as they are: no
 * update, no weight decay (AdamW's decoupled shrinking included), no optimiser state — the
 * embedding rows {@code --freeze-emb} keeps at their pretrained values, as PyTorch does for a
 * parameter with {@code requires_grad=False}. Held as sorted, disjoint half-open ranges; the
 * optimisers loop over the {@link #free} ranges between them, so the common case of nothing fixed
 * costs one range.
 */
public final class Fixed {
    /** Nothing fixed. */
    public static final Fixed NONE = new Fixed(new int[0]);

    /** from0, to0, from1, to1, ...: sorted, disjoint, non-empty, adjacent ranges merged. */
    private final int[] ranges;

    private Fixed(int[] ranges) {
        this.ranges = ranges;
    }

    /**
     * The rows of a (rows, width) table stored at {@code offset} whose flag is set.
     *
     * @param rows one flag per row, true for a fixed row
     */
    public static Fixed rows(int offset, int width, boolean[] rows) {
        if (offset < 0 || width < 1) {
            throw new IllegalArgumentException("bad table at offset " + offset + " with width " + width);
        }
        int[] r = new int[2 * rows.length];
        int n = 0;
        for (int i = 0; i < rows.length; i++) {
            if (!rows[i]) {
                continue;
            }
            int from = offset + i * width;
            if (n > 0 && r[n - 1] == from) {
                r[n - 1] = from + width;
            } else {
                r[n++] = from;
                r[n++] = from + width;
            }
        }
        return new Fixed(Arrays.copyOf(r, n));
    }

    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /** Whether entry i is fixed. */
    public boolean contains(int i) {
        for (int k = 0; k < ranges.length; k += 2) {
            if (i < ranges[k]) {
                return false;
            }
            if (i < ranges[k + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ranges of [0, n) an optimiser updates, as from0, to0, from1, to1, ...
     *
     * @throws IllegalArgumentException when a fixed range reaches past n (the set belongs to another model)
     */
    public int[] free(int n) {
        if (ranges.length > 0 && ranges[ranges.length - 1] > n) {
            throw new IllegalArgumentException("fixed entries reach " + ranges[ranges.length - 1] + " but the model has "
                    + n + " parameters");
        }
        int[] out = new int[ranges.length + 2];
        int m = 0;
        int at = 0;
        for (int k = 0; k < ranges.length; k += 2) {
            if (ranges[k] > at) {
                out[m++] = at;
                out[m++] = ranges[k];
            }
            at = ranges[k + 1];
        }
        if (at < n) {
            out[m++] = at;
            out[m++] = n;
        }
        return Arrays.copyOf(out, m);
    }
}
