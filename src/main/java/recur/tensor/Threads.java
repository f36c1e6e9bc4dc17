package recur.tensor;

/**
 * The number of threads the numeric core may use, set once from {@code --threads}. Kernels
 * split work so that results are bit-identical whatever this number is. {@link Gemm} splits
 * large products over long-lived helper threads (at most one per core beside the caller) that
 * spin briefly between products and then park; with 1 (the default) no helper is started.
 */
public final class Threads {
    private static volatile int count = 1;

    private Threads() {}

    public static int get() {
        return count;
    }

    public static void set(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        count = n;
    }
}
