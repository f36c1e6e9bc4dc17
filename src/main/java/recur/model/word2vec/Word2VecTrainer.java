package recur.model.word2vec;

import java.util.Arrays;
import java.util.SplittableRandom;
import recur.io.Memory;

/**
 * Trains word vectors with negative sampling over a {@link Corpus}: skip-gram or CBoW, optional
 * character n-grams, on {@code threads} workers sharing the vectors Hogwild-style (see the
 * package doc for what stays bit-identical).
 *
 * <p>Faithful to word2vec where accuracy depends on it: the sub-sampling formula
 * {@code keep = (sqrt(c/(t·N)) + 1)·(t·N)/c}, applied before windows are cut so the window spans
 * kept words only; the window half-width drawn uniformly from 1..W per position; negatives from
 * the unigram^0.75 distribution, a negative equal to the positive skipped; σ clipped at ±6;
 * output vectors zero; the learning rate decayed linearly
 * with words processed; skip-gram's pairs use the context word's input vector to predict the
 * centre word; CBoW averages the context and adds the whole gradient to each context row.
 *
 * <p>One departure: input vectors (and n-gram rows) start uniform in ±1/E, as gensim and
 * fastText start them, not the C tool's ±0.5/E. On corpus-en (3.7M tokens, bench-embed's
 * settings) the wider start raised analogy accuracy on each of five seeds, by 0.57 points on
 * average, to within seed noise of gensim's (issue 15; the experiments are in the README).
 */
public final class Word2VecTrainer {
    /** Receives progress from the thread that called {@link #train}. */
    public interface Listener extends Hogwild.Listener {}

    private static final int REPORT_EVERY = 10_000;

    private final Corpus corpus;
    private final Word2VecParams p;
    private final int dim;
    /** Row length in the matrices: E padded with zeros to whole SIMD vectors, so the kernels have no scalar tail. */
    private final int stride;
    private final int vocab;
    private final float[] syn0;
    private final float[] syn1;
    /** Rows of word w's input: rows[rowStart[w] .. rowStart[w+1]); null without n-grams. */
    private final int[] rowStart;
    private final int[] rows;
    private final Subwords subwords;
    private final int[] keep;
    private final NegativeTable negatives;

    public Word2VecTrainer(Corpus corpus, Word2VecParams params) {
        this.corpus = corpus;
        this.p = params;
        this.dim = params.dim();
        this.stride = Kernels.stride(dim);
        this.vocab = corpus.words.length;
        if (vocab == 0) {
            throw new IllegalArgumentException("no word occurs at least --min-count " + params.minCount() + " times; nothing to train");
        }
        int buckets = 0;
        if (params.subwords()) {
            int b = Subwords.bucketsFor(corpus.words, params.minn(), params.maxn(), params.maxBuckets());
            subwords = new Subwords(params.minn(), params.maxn(), b);
            buckets = b;
            rowStart = new int[vocab + 1];
            int[][] per = new int[vocab][];
            int total = 0;
            for (int w = 0; w < vocab; w++) {
                per[w] = subwords.buckets(corpus.words[w]);
                total += 1 + per[w].length;
            }
            rows = new int[total];
            int k = 0;
            for (int w = 0; w < vocab; w++) {
                rowStart[w] = k;
                rows[k++] = w;
                for (int h : per[w]) {
                    rows[k++] = vocab + h;
                }
            }
            rowStart[vocab] = k;
        } else {
            subwords = null;
            rowStart = null;
            rows = null;
        }
        long inputs = (long) (vocab + buckets) * stride;
        Memory.require(4 * (inputs + (long) vocab * stride), "the vectors of " + vocab + " words" + (buckets > 0 ? " and "
                + buckets + " n-gram buckets" : "") + " (input and output tables of dimension " + dim + ")");
        if (inputs > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("(vocabulary + buckets) x dim = " + inputs + " floats is too large; lower --dim, raise --min-count or cap --buckets");
        }
        syn0 = new float[(int) inputs];
        syn1 = new float[vocab * stride];
        SplittableRandom init = new SplittableRandom(params.seed());
        for (int r = 0; r < vocab + buckets; r++) {
            for (int j = 0; j < dim; j++) {
                syn0[r * stride + j] = (float) ((init.nextDouble() - 0.5) * 2 / dim);
            }
        }
        keep = keepThresholds(corpus.counts, params.sample());
        negatives = new NegativeTable(corpus.counts);
    }

    /** Per word, the 24-bit threshold under which a random draw keeps an occurrence (2^24: always). */
    static int[] keepThresholds(long[] counts, double sample) {
        int[] keep = new int[counts.length];
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        for (int w = 0; w < counts.length; w++) {
            double k = 1.0;
            if (sample > 0) {
                double tn = sample * total;
                k = (Math.sqrt(counts[w] / tn) + 1) * tn / counts[w];
            }
            keep[w] = k >= 1.0 ? 1 << 24 : (int) (k * (1 << 24));
        }
        return keep;
    }

    /** Runs all epochs and returns the vectors. Blocks; calls the listener from this thread. */
    public TrainedVectors train(Listener listener) throws InterruptedException {
        return train(listener, () -> false);
    }

    /**
     * As {@link #train(Listener)}, but stops the workers within about 0.2 s of {@code stop}
     * answering true (a Ctrl-C) and returns the vectors as they are then, with the fraction of
     * the planned work done.
     */
    public TrainedVectors train(Listener listener, java.util.function.BooleanSupplier stop) throws InterruptedException {
        try {
            return train(listener, stop, null, 0, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Receives a checkpoint taken while training runs. */
    public interface Checkpointer {
        void save(Word2VecCheckpoint c) throws java.io.IOException;
    }

    /**
     * As {@link #train(Listener, java.util.function.BooleanSupplier)}, and every {@code everyNanos}
     * (0: never) pauses the workers at a sentence boundary and hands {@code checkpointer} the
     * state; a stopped run's result carries its state too. With {@code resume} it continues from
     * such a state instead of the start: at one thread the result is then bit-identical to a run
     * that never stopped.
     */
    public TrainedVectors train(Listener listener, java.util.function.BooleanSupplier stop, Checkpointer checkpointer,
                                long everyNanos, Word2VecCheckpoint resume) throws InterruptedException, java.io.IOException {
        int t = resume != null ? resume.workers().length : Math.max(1, Math.min(p.threads(), corpus.sentences()));
        Worker[] workers = new Worker[t];
        SplittableRandom seeds = new SplittableRandom(p.seed() ^ 0x9E3779B97F4A7C15L);
        int[] cut = partition(corpus.starts, t);
        for (int i = 0; i < t; i++) {
            workers[i] = new Worker(cut[i], cut[i + 1], seeds.split().nextLong());
        }
        if (resume != null) {
            if (resume.stride() != stride || resume.syn0().length != syn0.length || resume.syn1().length != syn1.length) {
                throw new IllegalArgumentException("the checkpoint's vectors do not fit this corpus and these settings");
            }
            System.arraycopy(resume.syn0(), 0, syn0, 0, syn0.length);
            System.arraycopy(resume.syn1(), 0, syn1, 0, syn1.length);
            for (int i = 0; i < t; i++) {
                workers[i].restore(resume.workers()[i]);
            }
        }
        long start = System.nanoTime();
        long total = (long) p.epochs() * corpus.ids.length;
        long[] nextCheckpoint = {System.nanoTime() + everyNanos};
        Hogwild.Poll poll = checkpointer == null || everyNanos <= 0 ? null : () -> {
            if (System.nanoTime() >= nextCheckpoint[0]) {
                checkpointer.save(pauseAndSnapshot(workers));
                nextCheckpoint[0] = System.nanoTime() + everyNanos;
            }
        };
        Hogwild.run(workers, "recur-w2v", stop, listener, total, poll);
        long done = Hogwild.done(workers);
        // a stop that came after every worker had finished stopped nothing
        boolean stopped = workers[0].stopped() && done < total;
        double fraction = stopped ? done / (double) total : 1.0;
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = 0;
        for (Worker w : workers) {
            cpu += w.cpuNanos / 1e9;
        }
        return new TrainedVectors(wordVectors(), ngramVectors(), subwords, Hogwild.meanLoss(workers), seconds, cpu, t, fraction,
                stopped ? snapshot(workers) : null);
    }

    /** The vectors and every worker's position, copied while no worker runs. */
    private Word2VecCheckpoint snapshot(Worker[] workers) {
        Word2VecCheckpoint.WorkerState[] states = new Word2VecCheckpoint.WorkerState[workers.length];
        for (int i = 0; i < workers.length; i++) {
            states[i] = workers[i].state();
        }
        return new Word2VecCheckpoint(syn0.clone(), syn1.clone(), stride, states);
    }

    /** Holds every running worker at its next sentence boundary, snapshots, and lets them go on. */
    private Word2VecCheckpoint pauseAndSnapshot(Worker[] workers) throws InterruptedException {
        synchronized (gate) {
            pause = true;
            while (true) {
                int held = 0;
                for (Worker w : workers) {
                    held += w.held || w.finished ? 1 : 0;
                }
                if (held == workers.length) {
                    break;
                }
                gate.wait(50);
            }
            Word2VecCheckpoint c = snapshot(workers);
            pause = false;
            gate.notifyAll();
            return c;
        }
    }

    private final Object gate = new Object();
    private volatile boolean pause;

    /** Sentence indices cutting the corpus into t runs of about equal token count. */
    public static int[] partition(int[] starts, int t) {
        int sents = starts.length - 1;
        long tokens = starts[sents];
        int[] cut = new int[t + 1];
        int s = 0;
        for (int i = 1; i < t; i++) {
            long target = tokens * i / t;
            while (s < sents && starts[s] < target) {
                s++;
            }
            cut[i] = Math.max(s, cut[i - 1]);
        }
        cut[t] = sents;
        return cut;
    }

    private float[] wordVectors() {
        if (rows == null) {
            return compact(0, vocab);
        }
        float[] out = new float[vocab * dim];
        float[] acc = new float[stride];
        for (int w = 0; w < vocab; w++) {
            Arrays.fill(acc, 0f);
            for (int k = rowStart[w]; k < rowStart[w + 1]; k++) {
                Kernels.addFrom(acc, syn0, rows[k] * stride, stride);
            }
            float inv = 1f / (rowStart[w + 1] - rowStart[w]);
            for (int j = 0; j < dim; j++) {
                out[w * dim + j] = acc[j] * inv;
            }
        }
        return out;
    }

    private float[] ngramVectors() {
        return rows == null ? null : compact(vocab, syn0.length / stride);
    }

    /** Rows r0..r1 of syn0 without the padding. */
    private float[] compact(int r0, int r1) {
        float[] out = new float[(r1 - r0) * dim];
        for (int r = r0; r < r1; r++) {
            System.arraycopy(syn0, r * stride, out, (r - r0) * dim, dim);
        }
        return out;
    }

    /** One thread's share: its sentences, its random stream, its scratch buffers. */
    private final class Worker extends Hogwild.Worker {
        private final int from;
        private final int to;
        private long rng;
        private final float[] hidden = new float[stride];
        private final float[] grad = new float[stride];
        private final int[] sen = new int[Corpus.MAX_SENTENCE];
        private final long myWords;
        long cpuNanos;
        /** Where the worker stands: its epoch and the next sentence it will train on. */
        private int epoch;
        private int sentence;
        private long processed;
        private long sinceReport;
        private float alpha;
        /** Held at a sentence boundary for a checkpoint (guarded by gate), or done. */
        boolean held;
        volatile boolean finished;

        Worker(int from, int to, long seed) {
            this.from = from;
            this.to = to;
            this.rng = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
            this.myWords = corpus.starts[to] - corpus.starts[from];
            this.sentence = from;
            this.alpha = (float) p.lr();
            publish(0, alpha);
        }

        Word2VecCheckpoint.WorkerState state() {
            return new Word2VecCheckpoint.WorkerState(rng, epoch, sentence, processed, sinceReport, alpha, lossSum, lossCount);
        }

        void restore(Word2VecCheckpoint.WorkerState st) {
            if (st.sentence() < from || st.sentence() > to) {
                throw new IllegalArgumentException("the checkpoint's position does not fit this corpus");
            }
            rng = st.rng();
            epoch = st.epoch();
            sentence = st.sentence();
            processed = st.processed();
            sinceReport = st.sinceReport();
            alpha = st.alpha();
            lossSum = st.lossSum();
            lossCount = st.lossCount();
            publish(processed, alpha);
        }

        /** At a sentence boundary: waits while a checkpoint is being taken. */
        private void holdIfAsked() {
            if (!pause) {
                return;
            }
            synchronized (gate) {
                held = true;
                gate.notifyAll();
                while (pause) {
                    try {
                        gate.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                held = false;
            }
        }

        /** xorshift64*: 64 good bits for a handful of instructions. */
        private long next() {
            long x = rng;
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            rng = x;
            return x * 0x2545F4914F6CDD1DL;
        }

        @Override
        public void run() {
            final int[] ids = corpus.ids;
            final int[] starts = corpus.starts;
            final int window = p.window();
            final double lr0 = p.lr();
            final double planned = (double) p.epochs() * myWords + 1;
            for (; epoch < p.epochs() && !stop; epoch++, sentence = from) {
                for (; sentence < to; sentence++) {
                    holdIfAsked();
                    if (stop) {
                        break;
                    }
                    int s = sentence;
                    int n = 0;
                    int end = starts[s + 1];
                    for (int i = starts[s]; i < end; i++) {
                        int w = ids[i];
                        if (keep[w] < (1 << 24) && ((int) next() & 0xFFFFFF) >= keep[w]) {
                            continue;
                        }
                        sen[n++] = w;
                    }
                    int len = end - starts[s];
                    processed += len;
                    sinceReport += len;
                    for (int pos = 0; pos < n; pos++) {
                        int b = (int) (((next() >>> 32) * window) >>> 32);
                        int lo = Math.max(0, pos - window + b);
                        int hi = Math.min(n - 1, pos + window - b);
                        if (p.cbow()) {
                            cbow(sen, pos, lo, hi, alpha);
                        } else {
                            int w = sen[pos];
                            for (int c = lo; c <= hi; c++) {
                                if (c != pos) {
                                    pair(sen[c], w, alpha);
                                }
                            }
                        }
                    }
                    if (sinceReport >= REPORT_EVERY) {
                        sinceReport = 0;
                        alpha = (float) (lr0 * Math.max(1e-4, 1.0 - processed / planned));
                        publish(processed, alpha);
                    }
                }
                if (stop) {
                    break;
                }
            }
            publish(processed, stop ? alpha : 0f);
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            cpuNanos = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
            synchronized (gate) {
                finished = true;
                gate.notifyAll();
            }
        }

        /** Skip-gram pair: the input rows of {@code in} predict {@code target} against K negatives. */
        private void pair(int in, int target, float alpha) {
            if (rows == null) {
                System.arraycopy(syn0, in * stride, hidden, 0, stride);
                negatives(target, alpha);
                Kernels.addTo(syn0, in * stride, grad, stride);
            } else {
                Arrays.fill(hidden, 0f);
                int r0 = rowStart[in];
                int r1 = rowStart[in + 1];
                for (int k = r0; k < r1; k++) {
                    Kernels.addFrom(hidden, syn0, rows[k] * stride, stride);
                }
                scale(hidden, 1f / (r1 - r0));
                negatives(target, alpha);
                for (int k = r0; k < r1; k++) {
                    Kernels.addTo(syn0, rows[k] * stride, grad, stride);
                }
            }
        }

        /** CBoW: the mean of the context's input rows predicts the centre word. */
        private void cbow(int[] sen, int pos, int lo, int hi, float alpha) {
            Arrays.fill(hidden, 0f);
            int count = 0;
            for (int c = lo; c <= hi; c++) {
                if (c == pos) {
                    continue;
                }
                int w = sen[c];
                if (rows == null) {
                    Kernels.addFrom(hidden, syn0, w * stride, stride);
                    count++;
                } else {
                    for (int k = rowStart[w]; k < rowStart[w + 1]; k++) {
                        Kernels.addFrom(hidden, syn0, rows[k] * stride, stride);
                        count++;
                    }
                }
            }
            if (count == 0) {
                return;
            }
            scale(hidden, 1f / count);
            negatives(sen[pos], alpha);
            for (int c = lo; c <= hi; c++) {
                if (c == pos) {
                    continue;
                }
                int w = sen[c];
                if (rows == null) {
                    Kernels.addTo(syn0, w * stride, grad, stride);
                } else {
                    for (int k = rowStart[w]; k < rowStart[w + 1]; k++) {
                        Kernels.addTo(syn0, rows[k] * stride, grad, stride);
                    }
                }
            }
        }

        /** One positive and K negatives against {@link #hidden}; leaves the input gradient in {@link #grad}. */
        private void negatives(int target, float alpha) {
            Arrays.fill(grad, 0f);
            double loss = 0;
            for (int d = 0; d <= p.negative(); d++) {
                int t;
                float label;
                if (d == 0) {
                    t = target;
                    label = 1f;
                } else {
                    t = negatives.sample(next());
                    if (t == target) {
                        continue;
                    }
                    label = 0f;
                }
                int o = t * stride;
                float f = Kernels.dot(hidden, syn1, o, stride);
                float g;
                if (f > Sigmoid.MAX) {
                    g = (label - 1f) * alpha;
                } else if (f < -Sigmoid.MAX) {
                    g = label * alpha;
                } else {
                    g = (label - Sigmoid.sigmoid(f)) * alpha;
                }
                loss += label == 1f ? Sigmoid.nll(f) : Sigmoid.nll(-f);
                if (g != 0f) {
                    Kernels.update(g, grad, hidden, syn1, o, stride);
                }
            }
            lossSum += loss;
            lossCount++;
        }

        private void scale(float[] x, float s) {
            for (int j = 0; j < stride; j++) {
                x[j] *= s;
            }
        }
    }
}
