package recur.model.word2vec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * fastText-style character n-grams: the word wrapped in {@code <} and {@code >}, every n-gram of
 * minn..maxn characters (code points) except the whole wrapped word, hashed (FNV-1a over its
 * UTF-8 bytes) into a number of buckets. The bucket count is sized to the data (the distinct
 * n-grams of the vocabulary) instead of a fixed 2M, so a small corpus makes a small model.
 */
public final class Subwords {
    public final int minn;
    public final int maxn;
    public final int buckets;

    public Subwords(int minn, int maxn, int buckets) {
        if (minn < 1 || maxn < minn) {
            throw new IllegalArgumentException("need 1 <= --minn <= --maxn, got minn " + minn + ", maxn " + maxn);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("--buckets must be positive, got " + buckets);
        }
        this.minn = minn;
        this.maxn = maxn;
        this.buckets = buckets;
    }

    /** As many buckets as distinct n-gram hashes in the vocabulary, capped at {@code cap}. */
    public static int bucketsFor(String[] words, int minn, int maxn, int cap) {
        Set<Integer> seen = new HashSet<>();
        Subwords probe = new Subwords(minn, maxn, Integer.MAX_VALUE);
        for (String w : words) {
            for (int h : probe.hashes(w)) {
                seen.add(h);
            }
        }
        return Math.max(1, Math.min(cap, seen.size()));
    }

    /** The bucket of each n-gram of {@code word} (duplicates kept, as fastText does). */
    public int[] buckets(String word) {
        int[] h = hashes(word);
        for (int i = 0; i < h.length; i++) {
            h[i] = Integer.remainderUnsigned(h[i], buckets);
        }
        return h;
    }

    private int[] hashes(String word) {
        String wrapped = "<" + word + ">";
        int[] cps = wrapped.codePoints().toArray();
        int[] out = new int[16];
        int k = 0;
        for (int i = 0; i < cps.length; i++) {
            for (int len = minn; len <= maxn && i + len <= cps.length; len++) {
                if (len == cps.length) {
                    continue;
                }
                int h = hash(new String(cps, i, len));
                if (k == out.length) {
                    out = Arrays.copyOf(out, k * 2);
                }
                out[k++] = h;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** FNV-1a (32 bits) over the UTF-8 bytes of {@code s}, the hash of character n-grams and of words in word n-grams. */
    public static int hash(String s) {
        int h = 0x811c9dc5;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xff)) * 0x01000193;
        }
        return h;
    }
}
