package recur.model.word2vec;

/**
 * Draws negatives from the unigram distribution raised to 0.75 in O(1) with Walker's alias
 * method. word2vec fills a 10^8-entry table (400 MB) and fastText a 10^7 one, each an
 * approximation with a cache miss per draw; the alias table is exact and takes 8 bytes per word.
 * Layout: {@code table[2i]} is the 24-bit threshold of bucket i, {@code table[2i+1]} its alias.
 */
final class NegativeTable {
    static final double POWER = 0.75;
    private final int[] table;
    private final int size;

    NegativeTable(long[] counts) {
        size = counts.length;
        table = new int[2 * size];
        double[] p = new double[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            p[i] = Math.pow(counts[i], POWER);
            sum += p[i];
        }
        int[] small = new int[size];
        int[] large = new int[size];
        int ns = 0;
        int nl = 0;
        for (int i = size - 1; i >= 0; i--) {
            p[i] = p[i] * size / sum;
            if (p[i] < 1.0) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            table[2 * s] = (int) Math.round(p[s] * (1 << 24));
            table[2 * s + 1] = l;
            p[l] = (p[l] + p[s]) - 1.0;
            if (p[l] < 1.0) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            int l = large[--nl];
            table[2 * l] = 1 << 24;
            table[2 * l + 1] = l;
        }
        while (ns > 0) {
            int s = small[--ns];
            table[2 * s] = 1 << 24;
            table[2 * s + 1] = s;
        }
    }

    /** A word id from 64 random bits: the high 32 pick the bucket, the low 24 choose it or its alias. */
    int sample(long r) {
        int i = (int) (((r >>> 32) * size) >>> 32);
        return ((int) r & 0xFFFFFF) < table[2 * i] ? i : table[2 * i + 1];
    }
}
