package recur.decode;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;
import recur.model.StepModel;

/**
 * Runs decoding tasks — one per record, or per sample of a record — many at a time on one
 * {@link StepModel}: every step feeds each active row its next token in one batched step, then
 * projects to logits only the rows that asked for them. Rows of unequal length share the batch
 * by continuous batching: a row that finishes hands its place to the next task at once (its
 * state reset), and when no task is left the last active row moves into the gap, so the active
 * rows are always [0, m) and no step computes a row that is done — the batch's mask is its row
 * count. Results come back in the order the tasks came in.
 *
 * <p>Memory: the state and logits of {@code batch} rows, and the results of at most
 * {@link #LOOKAHEAD}·batch tasks finished while an earlier, longer one still runs.
 *
 * <p>Since a step model's rows are independent to the bit, a task's result does not depend on
 * the batch size or on its neighbours.
 */
public final class Batcher {
    /** How many tasks, per row of the batch, may wait for an earlier one to finish. */
    static final int LOOKAHEAD = 8;

    /** One row's work, driven one step at a time. */
    public interface Task {
        /** Whether there is nothing more to feed (asked before the first step too). */
        boolean done();

        /** The id to feed next. */
        int nextInput();

        /** Whether the logits after {@link #nextInput} are needed. */
        boolean needsLogits();

        /** The step's result for this row: logits (V) at lo, or null when they were not asked for. */
        void accept(float[] logits, int lo, int v);
    }

    private final StepModel model;
    private final int batch;
    private final boolean carry;

    /**
     * @param batch rows advanced together
     * @param carry every task continues the state the one before it left (one row): for a
     *              stream read record after record, as perplexity is computed
     */
    public Batcher(StepModel model, int batch, boolean carry) {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        }
        this.model = model;
        this.batch = carry ? 1 : batch;
        this.carry = carry;
    }

    /**
     * Runs every task; {@code finished} gets each once it is done, in the order they came. A task
     * that cannot be made (bad input behind it) ends the run there: the tasks before it still run
     * to the end and are handed on, then its error is raised, so a bad record loses no good one.
     */
    public <T extends Task> void run(Iterator<T> source, Consumer<? super T> finished) {
        UpToFailure<T> tasks = new UpToFailure<>(source);
        runAll(tasks, finished);
        if (tasks.failure != null) {
            throw tasks.failure;
        }
    }

    /** The tasks of a source up to the first one whose making throws, which it keeps. */
    private static final class UpToFailure<T> implements Iterator<T> {
        private final Iterator<T> source;
        RuntimeException failure;

        UpToFailure(Iterator<T> source) {
            this.source = source;
        }

        @Override
        public boolean hasNext() {
            if (failure != null) {
                return false;
            }
            try {
                return source.hasNext();
            } catch (RuntimeException e) {
                failure = e;
                return false;
            }
        }

        @Override
        public T next() {
            return source.next();
        }
    }

    private <T extends Task> void runAll(Iterator<T> tasks, Consumer<? super T> finished) {
        int v = model.vocabSize(), f = model.featureSize();
        StepModel.State state = model.newState(batch);
        @SuppressWarnings("unchecked")
        T[] rows = (T[]) new Task[batch];
        ArrayDeque<T> pending = new ArrayDeque<>();
        int[] ids = new int[batch];
        boolean[] wants = new boolean[batch];
        int[] wanted = new int[batch];
        float[] features = new float[batch * f];
        float[] gathered = new float[batch * f];
        float[] logits = new float[batch * v];
        int m = 0;
        while (true) {
            while (m < batch && pending.size() < LOOKAHEAD * batch && tasks.hasNext()) {
                T t = tasks.next();
                pending.add(t);
                if (!t.done()) {
                    if (!carry) {
                        state.reset(m);
                    }
                    rows[m++] = t;
                }
            }
            while (!pending.isEmpty() && pending.peekFirst().done()) {
                finished.accept(pending.pollFirst());
            }
            if (m == 0) {
                if (!tasks.hasNext()) {
                    return;
                }
                continue;
            }
            int n = 0;
            for (int r = 0; r < m; r++) {
                ids[r] = rows[r].nextInput();
                wants[r] = rows[r].needsLogits();
                if (wants[r]) {
                    wanted[n++] = r;
                }
            }
            model.step(m, ids, state, features);
            if (n > 0) {
                float[] src = features;
                if (n < m) {
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(features, wanted[i] * f, gathered, i * f, f);
                    }
                    src = gathered;
                }
                model.logits(n, src, 0, logits);
            }
            for (int r = 0, i = 0; r < m; r++) {
                if (wants[r]) {
                    rows[r].accept(logits, i++ * v, v);
                } else {
                    rows[r].accept(null, 0, v);
                }
            }
            for (int r = m - 1; r >= 0; r--) {
                if (rows[r].done()) {
                    m--;
                    if (r != m) {
                        state.move(m, r);
                        rows[r] = rows[m];
                    }
                    rows[m] = null;
                }
            }
        }
    }
}
