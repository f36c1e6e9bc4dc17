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
     * Starts every worker, then until all have ended: when {@code stop} answers true calls
     * {@code halt} (which tells the workers to finish), waits up to {@value #POLL_MILLIS} ms,
     * calls {@code tick}. An interrupt of the calling thread halts the workers, waits for them
     * and is rethrown; a worker's failure is rethrown as an IllegalStateException.
     */
    public static void run(Runnable[] workers, String name, BooleanSupplier stop, Runnable halt, Runnable tick)
            throws InterruptedException {
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
                        halt.run();
                    }
                    th.join(POLL_MILLIS);
                    tick.run();
                }
            }
        } catch (InterruptedException e) {
            halt.run();
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
    }
}
