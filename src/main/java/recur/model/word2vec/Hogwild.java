package recur.model.word2vec;

import java.util.function.BooleanSupplier;

/**
 * Runs the workers of a lock-free (Hogwild) training on their own daemon threads and waits for
 * them from the calling thread, which meanwhile polls the stop request and reports progress
 * every {@value #POLL_MILLIS} ms. Shared by the word2vec and the bag-classifier trainers.
 */
public final class Hogwild {
    static final int POLL_MILLIS = 200;

    private Hogwild() {}

    /**
     * Work the waiting thread does between two polls while no stop is asked (a periodic
     * checkpoint); the workers go on meanwhile unless it pauses them.
     */
    public interface Poll {
        void between() throws InterruptedException, java.io.IOException;
    }

    /** Receives progress from the thread that called {@link #run}. */
    public interface Listener {
        void progress(double fraction, double wordsPerSecPerThread, double lr, double loss, double etaSeconds);
    }

    /**
     * What every worker shows the waiting thread: words done, the current learning rate and the
     * loss so far (published together every so often), and the stop flag it obeys.
     */
    public abstract static class Worker implements Runnable {
        private volatile long done;
        private volatile float lr;
        private volatile double lossShown;
        private volatile long lossShownCount;
        /** Set to make the worker finish at its next example or sentence. */
        protected volatile boolean stop;
        /** The worker's own running loss, published by {@link #publish}. */
        protected double lossSum;
        protected long lossCount;

        /** Makes progress visible: words processed so far and the learning rate in use. */
        protected void publish(long processed, float alpha) {
            lr = alpha;
            lossShown = lossSum;
            lossShownCount = lossCount;
            done = processed;
        }

        public long done() {
            return done;
        }

        public boolean stopped() {
            return stop;
        }
    }

    /**
     * Starts every worker, then until all have ended: when {@code stop} answers true tells every
     * worker to stop, waits up to {@value #POLL_MILLIS} ms, and reports to the listener (if any).
     * An interrupt of the calling thread stops the workers, waits for them and is rethrown; a
     * worker's failure is rethrown as an IllegalStateException.
     *
     * @param planned the words all workers will have done when training ends
     */
    public static void run(Worker[] workers, String name, BooleanSupplier stop, Listener listener, long planned)
            throws InterruptedException {
        try {
            run(workers, name, stop, listener, planned, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // no poll, so nothing here writes
        }
    }

    /** As {@link #run(Worker[], String, BooleanSupplier, Listener, long)}, calling {@code poll} (if any) between polls. */
    public static void run(Worker[] workers, String name, BooleanSupplier stop, Listener listener, long planned, Poll poll)
            throws InterruptedException, java.io.IOException {
        long start = System.nanoTime();
        Thread[] threads = new Thread[workers.length];
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < workers.length; i++) {
            threads[i] = new Thread(workers[i], name + "-" + i);
            threads[i].setDaemon(true);
            threads[i].setUncaughtExceptionHandler((th, e) -> {
                synchronized (failure) {
                    if (failure[0] == null) {
                        failure[0] = e;
                    }
                }
            });
            threads[i].start();
        }
        try {
            for (Thread th : threads) {
                while (th.isAlive()) {
                    if (stop.getAsBoolean()) {
                        halt(workers);
                    } else if (poll != null) {
                        poll.between();
                    }
                    th.join(POLL_MILLIS);
                    report(listener, workers, planned, start, false);
                }
            }
        } catch (InterruptedException e) {
            halt(workers);
            for (Thread th : threads) {
                th.join();
            }
            throw e;
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new IllegalStateException("training thread failed: " + failure[0], failure[0]);
            }
        }
        if (done(workers) >= planned) {
            report(listener, workers, planned, start, true);
        }
    }

    /** The mean loss over everything the workers trained on (0 before any). */
    public static double meanLoss(Worker[] workers) {
        double loss = 0;
        long n = 0;
        for (Worker w : workers) {
            loss += w.lossSum;
            n += w.lossCount;
        }
        return n == 0 ? 0 : loss / n;
    }

    /** The words all workers have done. */
    public static long done(Worker[] workers) {
        long done = 0;
        for (Worker w : workers) {
            done += w.done;
        }
        return done;
    }

    /** Tells every worker to stop. */
    public static void halt(Worker[] workers) {
        for (Worker w : workers) {
            w.stop = true;
        }
    }

    private static void report(Listener l, Worker[] ws, long planned, long start, boolean last) {
        if (l == null) {
            return;
        }
        long done = 0;
        double loss = 0;
        long n = 0;
        for (Worker w : ws) {
            done += w.done;
            loss += w.lossShown;
            n += w.lossShownCount;
        }
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        double frac = last ? 1.0 : Math.min(0.999, done / (double) Math.max(1, planned));
        double eta = frac > 0 ? secs * (1 - frac) / frac : 0;
        l.progress(frac, done / secs / ws.length, last ? 0 : ws[0].lr, n == 0 ? 0 : loss / n, eta);
    }
}
