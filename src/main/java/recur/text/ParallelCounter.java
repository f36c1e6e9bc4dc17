package recur.text;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Counts the texts of a corpus for a {@link TokenizerLearner} on several threads: the reading
 * thread hands texts over in batches, each worker counts into a learner of its own, and
 * {@link #finish()} adds the workers' counts into one learner. Counts are sums, so the learned
 * model does not depend on the number of threads or on which worker counted what. With one
 * thread the texts are counted where they are read, with no hand-over.
 */
public final class ParallelCounter {
    private static final int BATCH = 512;

    private final TokenizerLearner.Config config;
    private final TokenizerLearner main;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final List<TokenizerLearner> workers = new ArrayList<>();
    private final ThreadLocal<TokenizerLearner> local;
    private final List<Future<?>> pending = new ArrayList<>();
    private List<String> batch = new ArrayList<>(BATCH);
    private long texts;
    private long chars;

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
        chars += text.length();
        if (pool == null) {
            main.add(text);
            return;
        }
        batch.add(text);
        if (batch.size() == BATCH) {
            submit();
        }
    }

    /** Texts handed in so far. */
    public long texts() {
        return texts;
    }

    /** Characters (UTF-16 units) handed in so far. */
    public long chars() {
        return chars;
    }

    private void submit() throws InterruptedException {
        List<String> b = batch;
        batch = new ArrayList<>(BATCH);
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
                for (String t : b) {
                    l.add(t);
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
            if (!batch.isEmpty()) {
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
