package recur.tensor;

import java.util.function.IntConsumer;

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

    /**
     * Runs body(0) … body(tasks − 1), each exactly once, on up to {@link #get()} threads (the
     * caller's included), and returns when all have finished; the first exception a task throws is
     * rethrown. Tasks are claimed in no fixed order by whichever thread is free, so each must write
     * its own part of the output and read nothing another task writes: then the result has the
     * same bits whatever the thread count. Products inside a task run whole on its thread.
     */
    public static void forEach(int tasks, IntConsumer body) {
        Parallel.run(count, tasks, body);
    }

    public static void set(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        count = n;
    }
}
