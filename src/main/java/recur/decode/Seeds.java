package recur.decode;

/**
 * Seeds derived from a user's --seed and a position (record, sample), so that what a record
 * gets does not depend on batching, threads or the records before it.
 */
public final class Seeds {
    private Seeds() {}

    /** A well-mixed 64-bit seed from a base seed and any number of indices (SplitMix64 finaliser). */
    public static long mix(long seed, long... indices) {
        long h = seed;
        for (long i : indices) {
            h = finalise(h ^ finalise(i + 0x9E3779B97F4A7C15L));
        }
        return finalise(h);
    }

    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A 64-bit key for a text (FNV-1a over its UTF-8 bytes, then mixed): a record's seed from its id or content. */
    public static long ofText(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return finalise(h);
    }
}
