package recur.io;

import java.util.Locale;

/**
 * What the heap can hold. A command (or a model loader) asks {@link #require} before allocating
 * something large that a user or a model file sized (an architecture, a vocabulary x dimension
 * table), so that an absurd size is one clear line rather than an OutOfMemoryError.
 */
public final class Memory {
    private Memory() {}

    /** The most the heap may grow to, in bytes. */
    public static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Bytes that may still be allocated: the maximum heap less what is in use now. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Throws {@link NotEnoughMemoryException} when {@code bytes} more cannot fit in the heap.
     *
     * @param what what needs it, for the message ("the model's 3 x 100000 x 100000 weights")
     */
    public static void require(long bytes, String what) {
        if (bytes < 0 || bytes > available()) {
            System.gc(); // garbage may be all that stands in the way; this runs only when it is short
            if (bytes < 0 || bytes > available()) {
                throw new NotEnoughMemoryException(message(what + " needs " + (bytes < 0 ? "more than 8 EiB" : size(bytes)), bytes));
            }
        }
    }

    /** The line for memory that ran out: what needed it, the heap's size, and how to give more. */
    public static String message(String need, long bytes) {
        long max = maxHeap();
        long want = bytes > 0 && bytes < Long.MAX_VALUE / 2 ? Math.max(2 * max, (bytes + max) * 5 / 4) : 2 * max;
        return "not enough memory: " + need + ", and the heap holds at most " + size(max)
                + "; give more with RECUR_JAVA_OPTS=-Xmx" + Math.max(1, (want + (1L << 30) - 1) >> 30) + "g"
                + " (the machine's memory permitting), or use smaller sizes";
    }

    /** "1.5 GiB", "320 MiB". */
    public static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", Math.max(1, bytes / (double) (1L << 20)));
    }
}
