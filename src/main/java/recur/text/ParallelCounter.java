package recur.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Counts the texts of a corpus for a {@link TokenizerLearner} on several threads: the reading
 * thread hands texts over in batches (as UTF-8 bytes, packed into one array per batch), each
 * worker counts into a learner of its own, and
 * {@link #finish()} adds the workers' counts into one learner. Counts are sums, so the learned
 * model does not depend on the number of threads or on which worker counted what. With one
 * thread the texts are counted where they are read, with no hand-over.
 */
public final class ParallelCounter {
    private static final int BATCH = 1024;
    private static final int BATCH_BYTES = 1 << 17;

    /** Texts as UTF-8, end to end in {@code data}; text i ends at {@code ends[i]}. */
    private static final class Batch {
        byte[] data = new byte[BATCH_BYTES];
        int[] ends = new int[BATCH];
        int size;
        int used;

        void add(byte[] b, int from, int to) {
            int len = to - from;
            if (used + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, used + len));
            }
            System.arraycopy(b, from, data, used, len);
            used += len;
            ends[size++] = used;
        }

        boolean full() {
            return size == BATCH || used >= BATCH_BYTES;
        }
    }

    private final TokenizerLearner.Config config;
    private final TokenizerLearner main;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final List<TokenizerLearner> workers = new ArrayList<>();
    private final ThreadLocal<TokenizerLearner> local;
    private final List<Future<?>> pending = new ArrayList<>();
    private Batch batch = new Batch();
    private long texts;
    private long amount;

    /** @param threads counting threads; 1 counts on the caller's thread */
    public ParallelCounter(TokenizerLearner.Config config, int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be between 1 and 256, got " + threads);
        }
        this.config = config;
        this.main = new TokenizerLearner(config);
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "recur-count");
            t.setDaemon(true);
            return t;
        }) : null;
        // at most two batches per thread wait, so memory stays bounded when counting is slower than reading
        this.slots = new Semaphore(2 * threads);
        this.local = ThreadLocal.withInitial(() -> {
            TokenizerLearner l = new TokenizerLearner(this.config);
            synchronized (workers) {
                workers.add(l);
            }
            return l;
        });
    }

    /** Counts one text (now, or on a worker). */
    public void add(String text) throws InterruptedException {
        texts++;
        amount += text.length();
        if (pool == null) {
            main.add(text);
            return;
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        batch.add(b, 0, b.length);
        if (batch.full()) {
            submit();
        }
    }

    /** Counts one text given as valid UTF-8, {@code utf8[0, length)} (now, or on a worker: the bytes are copied). */
    public void add(byte[] utf8, int length) throws InterruptedException {
        texts++;
        amount += length;
        if (pool == null) {
            main.add(utf8, 0, length);
            return;
        }
        batch.add(utf8, 0, length);
        if (batch.full()) {
            submit();
        }
    }

    /** Texts handed in so far. */
    public long texts() {
        return texts;
    }

    /** How much text was handed in so far, for a rate: bytes of texts given as UTF-8, chars of Strings. */
    public long amount() {
        return amount;
    }

    private void submit() throws InterruptedException {
        Batch b = batch;
        batch = new Batch();
        slots.acquire();
        for (Future<?> f : pending) {
            if (f.isDone()) {
                check(f);
            }
        }
        pending.removeIf(Future::isDone);
        pending.add(pool.submit(() -> {
            try {
                TokenizerLearner l = local.get();
                for (int i = 0, from = 0; i < b.size; from = b.ends[i++]) {
                    l.add(b.data, from, b.ends[i]);
                }
            } finally {
                slots.release();
            }
        }));
    }

    private static void check(Future<?> f) throws InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Waits for the workers and returns the learner holding all counts, ready for {@link TokenizerLearner#finish}. */
    public TokenizerLearner finish() throws InterruptedException {
        if (pool == null) {
            return main;
        }
        try {
            if (batch.size > 0) {
                submit();
            }
            for (Future<?> f : pending) {
                check(f);
            }
        } finally {
            pool.shutdownNow();
        }
        synchronized (workers) {
            for (TokenizerLearner l : workers) {
                main.addAll(l);
            }
        }
        return main;
    }

    /** How many worker threads counted texts: 0 when the caller's thread counted them all. */
    public int workers() {
        synchronized (workers) {
            return workers.size();
        }
    }

    /** Stops the workers without waiting (after an error). */
    public void abandon() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
