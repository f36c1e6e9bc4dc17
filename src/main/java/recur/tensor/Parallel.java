package recur.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs the tasks of one job on the calling thread and long-lived helper threads. Waking a parked thread costs 80–100 µs on a small VM, more than a whole RNN
 * time step's product, so a helper spins for {@link #SPIN_NANOS} after each job before it
 * parks: back-to-back jobs are handed over in well under a microsecond.
 *
 * <p>Tasks are claimed from a shared counter, and the caller keeps claiming until none are left,
 * so a helper that is slow to wake (or busy with another process) costs nothing: the caller
 * simply does its share. Which thread runs a task never matters to the result, since every task
 * writes a disjoint part of the output. Only one job runs at a time; a call made while another is
 * running (from another thread, or from inside a task) runs its tasks inline.
 */
final class Parallel {
    static final long SPIN_NANOS = 150_000;
    private static final int CORES = Math.max(1, Runtime.getRuntime().availableProcessors());

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static volatile Job current;
    private static Worker[] workers = new Worker[0];

    private Parallel() {}

    /**
     * Runs body(0) … body(tasks − 1), each exactly once, on at most {@code threads} threads
     * (the caller included), and returns when all have finished.
     */
    static void run(int threads, int tasks, IntConsumer body) {
        // More threads than cores would only take turns spinning; results do not depend on it.
        int helpers = Math.min(Math.min(tasks, threads), CORES) - 1;
        if (helpers <= 0 || !BUSY.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        Job job = new Job(tasks, helpers, body);
        try {
            Worker[] ws = workers(helpers);
            current = job;
            for (int i = 0; i < helpers; i++) {
                ws[i].wake();
            }
            job.work();
            job.awaitDone();
        } finally {
            current = null;
            BUSY.set(false);
        }
        Throwable e = job.error;
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether a job is running: a product asked for inside one (its task, or another thread's
     * work meanwhile) would run its tasks inline, one after the other, so it is better done whole.
     */
    static boolean busy() {
        return BUSY.get();
    }

    private static synchronized Worker[] workers(int n) {
        if (workers.length < n) {
            Worker[] grown = java.util.Arrays.copyOf(workers, n);
            for (int i = workers.length; i < n; i++) {
                grown[i] = new Worker(i);
                grown[i].thread.start();
            }
            workers = grown;
        }
        return workers;
    }

    private static final class Job {
        final int tasks;
        final int helpers;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(int tasks, int helpers, IntConsumer body) {
            this.tasks = tasks;
            this.helpers = helpers;
            this.body = body;
        }

        void work() {
            for (int t; (t = next.getAndIncrement()) < tasks; ) {
                try {
                    body.accept(t);
                } catch (Throwable e) {
                    if (error == null) {
                        error = e;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void awaitDone() {
            for (int spins = 0; done.get() < tasks; spins++) {
                if (spins < 100_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    private static final class Worker implements Runnable {
        final int index;
        final Thread thread;
        volatile boolean parked;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "recur-compute-" + (index + 1));
            this.thread.setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            Job seen = null;
            long idleSince = System.nanoTime();
            while (true) {
                Job job = current;
                if (job != null && job != seen) {
                    seen = job;
                    if (index < job.helpers) {
                        job.work();
                    }
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    // Publish "parked" before the last look, so a job posted after that look
                    // is guaranteed to see the flag and unpark us.
                    parked = true;
                    job = current;
                    if (job == null || job == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
