package recur.model.glove;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import recur.io.Memory;

/**
 * Fits GloVe's weighted least squares, Σ f(X_ij) (w_i·w̃_j + b_i + b̃_j − log X_ij)², with
 * AdaGrad over the shuffled co-occurrence entries, as Stanford's {@code glove} does: parameters
 * uniform in ±0.5/(E+1), squared-gradient sums starting at 1, each gradient component clipped at
 * ±100, and the step of an entry divided by the square root of the sum before the entry's own
 * squared gradient is added. Threads take contiguous runs of the entry file and share the
 * parameters without locks.
 */
public final class GloveTrainer {
    /** Receives progress on the thread that called {@link #train}. */
    public interface Listener {
        /** During an epoch: the fraction of all epochs done, entries per second, seconds left. */
        void progress(double fraction, double entriesPerSec, double etaSeconds);

        /** After each whole epoch (1-based): the mean cost per entry and the epoch's seconds. */
        void epoch(int epoch, double cost, double seconds);
    }

    /** What a run did: the last whole epoch's mean cost, how far it got (1 unless stopped), time. */
    public record Run(double cost, int epochsDone, double fractionDone, double seconds, int threadsUsed) {
        public boolean stoppedEarly() {
            return fractionDone < 1;
        }
    }

    /** Entries a worker reads from the file at once. */
    private static final int BLOCK = 4096;

    private final GloveParams p;
    private final int vocab;
    private final int dim;
    /** E + 1: a row holds the vector then the bias. */
    private final int row;
    /** 2V rows: W then W̃. */
    private final float[] w;
    private final float[] gradsq;

    public GloveTrainer(int vocab, GloveParams params) {
        if (vocab < 1) {
            throw new IllegalArgumentException("the vocabulary is empty; nothing to train");
        }
        this.p = params;
        this.vocab = vocab;
        this.dim = params.dim();
        this.row = dim + 1;
        long size = 2L * vocab * row;
        Memory.require(2 * 4 * size, "the GloVe vectors of " + vocab + " words (words and contexts, with AdaGrad's"
                + " squared gradients, of dimension " + dim + ")");
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("2 x vocabulary x (dim + 1) = " + size + " floats is too large; lower --dim or raise --min-count");
        }
        w = new float[(int) size];
        gradsq = new float[(int) size];
        SplittableRandom init = new SplittableRandom(params.seed());
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) ((init.nextDouble() - 0.5) / row);
        }
        java.util.Arrays.fill(gradsq, 1f);
    }

    /** The weighting function f(x) = min(1, (x / xMax)^α). */
    public static double weight(double x, double xMax, double alpha) {
        return x >= xMax ? 1.0 : Math.pow(x / xMax, alpha);
    }

    /**
     * One AdaGrad step on entry (i, j, x): the rows at {@code l1} (w_i and b_i) and {@code l2}
     * (w̃_j and b̃_j) of {@code w} and {@code gradsq} move; returns the entry's cost
     * ½ f(x) d² with d = w_i·w̃_j + b_i + b̃_j − log x. {@code u1}, {@code u2}: E floats of scratch.
     */
    static double step(float[] w, float[] gradsq, int l1, int l2, int dim, double x, double xMax, double alpha,
                       double lr, float[] u1, float[] u2) {
        double diff = (double) GloveKernels.dot(w, l1, l2, dim) + w[l1 + dim] + w[l2 + dim] - Math.log(x);
        double fdiff = weight(x, xMax, alpha) * diff;
        if (!Double.isFinite(fdiff)) {
            return 0;
        }
        double cost = 0.5 * fdiff * diff;
        float g = (float) (fdiff * lr);
        float sum = GloveKernels.steps(w, gradsq, l1, l2, dim, g, (float) GloveParams.GRAD_CLIP, u1, u2);
        if (Float.isFinite(sum)) {
            GloveKernels.apply(w, l1, l2, dim, u1, u2);
        }
        w[l1 + dim] -= g / (float) Math.sqrt(gradsq[l1 + dim]);
        w[l2 + dim] -= g / (float) Math.sqrt(gradsq[l2 + dim]);
        gradsq[l1 + dim] += g * g;
        gradsq[l2 + dim] += g * g;
        return cost;
    }

    /**
     * Runs the epochs over {@code count} entries in {@code entries} (as {@link EntryShuffler}
     * wrote them). Stops between two blocks of entries once {@code stop} answers true, keeping what
     * was trained.
     */
    public Run train(Path entries, long count, Listener listener, BooleanSupplier stop) throws IOException, InterruptedException {
        int t = (int) Math.max(1, Math.min(p.threads(), count));
        long start = System.nanoTime();
        double cost = Double.NaN;
        int done = 0;
        double fraction = 1.0;
        try (FileChannel ch = FileChannel.open(entries, StandardOpenOption.READ)) {
            for (int epoch = 0; epoch < p.epochs(); epoch++) {
                if (stop.getAsBoolean()) {
                    // seen between epochs too, so a stop is never missed by an epoch shorter than a poll
                    fraction = epoch / (double) p.epochs();
                    break;
                }
                long e0 = System.nanoTime();
                Worker[] workers = new Worker[t];
                Thread[] threads = new Thread[t];
                Throwable[] failure = new Throwable[1];
                for (int k = 0; k < t; k++) {
                    workers[k] = new Worker(ch, count * k / t, count * (k + 1) / t);
                    threads[k] = new Thread(workers[k], "recur-glove-" + k);
                    threads[k].setDaemon(true);
                    threads[k].setUncaughtExceptionHandler((th, ex) -> {
                        synchronized (failure) {
                            if (failure[0] == null) {
                                failure[0] = ex;
                            }
                        }
                    });
                    threads[k].start();
                }
                boolean stopped = false;
                for (Thread th : threads) {
                    while (th.isAlive()) {
                        if (!stopped && stop.getAsBoolean()) {
                            stopped = true;
                            for (Worker wk : workers) {
                                wk.stop = true;
                            }
                        }
                        th.join(200);
                        long seen = 0;
                        for (Worker wk : workers) {
                            seen += wk.seen;
                        }
                        double frac = (epoch + seen / (double) Math.max(1, count)) / p.epochs();
                        double secs = (System.nanoTime() - start) / 1e9;
                        if (listener != null && frac > 0) {
                            listener.progress(Math.min(0.999, frac), (epoch * (double) count + seen) / secs, secs * (1 - frac) / frac);
                        }
                    }
                }
                if (failure[0] != null) {
                    throw new IllegalStateException("training thread failed: " + failure[0], failure[0]);
                }
                long seen = 0;
                double sum = 0;
                for (Worker wk : workers) {
                    seen += wk.seen;
                    sum += wk.cost;
                }
                if (seen < count) {
                    fraction = (epoch + seen / (double) count) / p.epochs();
                    break;
                }
                cost = sum / Math.max(1, count);
                done = epoch + 1;
                if (listener != null) {
                    listener.epoch(done, cost, (System.nanoTime() - e0) / 1e9);
                }
            }
        }
        return new Run(cost, done, fraction, (System.nanoTime() - start) / 1e9, t);
    }

    /** The saved vectors, V rows of E (2E for concat), without the biases. */
    public float[] vectors(GloveParams.Output out) {
        int width = out == GloveParams.Output.CONCAT ? 2 * dim : dim;
        float[] v = new float[vocab * width];
        for (int i = 0; i < vocab; i++) {
            int a = i * row;
            int c = (vocab + i) * row;
            for (int b = 0; b < dim; b++) {
                switch (out) {
                    case WORD -> v[i * width + b] = w[a + b];
                    case SUM -> v[i * width + b] = w[a + b] + w[c + b];
                    case CONCAT -> {
                        v[i * width + b] = w[a + b];
                        v[i * width + dim + b] = w[c + b];
                    }
                }
            }
        }
        return v;
    }

    /** Width of the saved vectors. */
    public int width(GloveParams.Output out) {
        return out == GloveParams.Output.CONCAT ? 2 * dim : dim;
    }

    /** One thread's run of entries [from, to) of the file. */
    private final class Worker implements Runnable {
        private final FileChannel ch;
        private final long from;
        private final long to;
        private final float[] u1 = new float[dim];
        private final float[] u2 = new float[dim];
        volatile boolean stop;
        volatile long seen;
        double cost;

        Worker(FileChannel ch, long from, long to) {
            this.ch = ch;
            this.from = from;
            this.to = to;
        }

        @Override
        public void run() {
            ByteBuffer buf = ByteBuffer.allocate(BLOCK * GloveParams.ENTRY_BYTES);
            double xMax = p.xMax();
            double alpha = p.alpha();
            double lr = p.lr();
            long at = from;
            double sum = 0;
            try {
                while (at < to && !stop) {
                    int n = (int) Math.min(BLOCK, to - at);
                    buf.clear().limit(n * GloveParams.ENTRY_BYTES);
                    long pos = at * GloveParams.ENTRY_BYTES;
                    while (buf.hasRemaining()) {
                        int r = ch.read(buf, pos + buf.position());
                        if (r < 0) {
                            throw new IOException("co-occurrence file ended early at entry " + at);
                        }
                    }
                    buf.flip();
                    for (int k = 0; k < n; k++) {
                        int i = buf.getInt();
                        int j = buf.getInt();
                        double x = buf.getDouble();
                        sum += step(w, gradsq, i * row, (vocab + j) * row, dim, x, xMax, alpha, lr, u1, u2);
                    }
                    at += n;
                    seen = at - from;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            cost = sum;
        }
    }
}
