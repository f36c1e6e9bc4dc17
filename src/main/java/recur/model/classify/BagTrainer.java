package recur.model.classify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import recur.model.word2vec.Hogwild;
import recur.model.word2vec.Kernels;
import recur.model.word2vec.Subwords;
import recur.model.word2vec.Word2VecTrainer;

/**
 * Trains a {@link BagModel} as fastText trains its supervised model: plain SGD on one example at a
 * time, touching only the rows the example uses; the learning rate decays linearly to zero with
 * the tokens processed; input rows start uniform in ±1/E and output rows at zero; the input
 * gradient is divided by the number of rows before it is added to each, as in fastText.
 * Softmax with multi-label examples trains on one of their labels drawn at random (fastText's
 * way); one-vs-all trains every label's sigmoid on each example.
 *
 * <p>Threads share the tables without locks (Hogwild). Each thread owns a contiguous run of
 * examples of about equal work, visits it in a fresh order every epoch drawn from its own random
 * stream, and decays its learning rate by its own progress, so with {@code --threads 1} a run is
 * bit-identical for the same seed and data, and with more only the interleaving of updates varies.
 */
public final class BagTrainer {
    /** Receives progress from the thread that called {@link #train}. */
    public interface Listener extends Hogwild.Listener {}

    /** How training went. {@code fractionDone} is below 1 when a stop request cut it short. */
    public record Outcome(double loss, double seconds, int threadsUsed, double fractionDone, long tokens) {
        public boolean stoppedEarly() {
            return fractionDone < 1;
        }
    }

    /**
     * Buckets per distinct n-gram of the data: with as many buckets as n-grams, 37% of them share a
     * row with another; with four times as many, 12%, which measured about a point of accuracy on MR.
     */
    static final long BUCKETS_PER_NGRAM = 4;

    private final BagModel model;
    private final BagParams p;
    /** Example i's input rows are rows[starts[i] .. starts[i+1]). */
    private final int[] rows;
    private final int[] starts;
    private final int[][] labels;
    private final int[] tokens;

    public BagTrainer(Examples data, TextInput input, BagParams params) {
        this.p = params;
        if (data.size() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        String[] vocab = vocabulary(data, params.minCount());
        int buckets = 0;
        Subwords sw = null;
        if (params.wordNgrams() > 1 || params.maxn() > 0) {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < data.size(); i++) {
                BagModel.ngramHashes(BagModel.withEos(data.words(i)), params.wordNgrams(), seen::add);
            }
            long need = seen.size();
            if (params.maxn() > 0) {
                need += Subwords.bucketsFor(vocab, params.minn(), params.maxn(), params.bucketCap());
            }
            buckets = (int) Math.max(1, Math.min(params.bucketCap(), BUCKETS_PER_NGRAM * need));
            if (params.maxn() > 0) {
                sw = new Subwords(params.minn(), params.maxn(), buckets);
            }
        }
        model = BagModel.empty(vocab, data.labelSet(), input, params.dim(), params.wordNgrams(), buckets, sw, params.ova());
        SplittableRandom init = new SplittableRandom(params.seed());
        int stride = model.stride;
        float bound = 1f / params.dim();
        for (int r = 0; r < model.rows(); r++) {
            for (int j = 0; j < params.dim(); j++) {
                model.in[r * stride + j] = (float) ((2 * init.nextDouble() - 1) * bound);
            }
        }
        int n = data.size();
        starts = new int[n + 1];
        int[][] per = new int[n][];
        labels = new int[n][];
        tokens = new int[n];
        for (int i = 0; i < n; i++) {
            per[i] = model.rows(data.words(i));
            starts[i + 1] = starts[i] + per[i].length;
            labels[i] = data.labels(i);
            tokens[i] = data.words(i).length;
        }
        rows = new int[starts[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(per[i], 0, rows, starts[i], per[i].length);
        }
    }

    /** Words seen at least minCount times (the end-of-example word among them), most frequent first, ties by the word. */
    static String[] vocabulary(Examples data, int minCount) {
        return data.wordsByCount(minCount, BagModel::withEos);
    }

    /** The model being trained (its tables are filled in place; pretrained rows may be set before {@link #train}). */
    public BagModel model() {
        return model;
    }

    /** Runs every epoch, or until {@code stop} answers true; calls the listener from this thread. */
    public Outcome train(Listener listener, BooleanSupplier stop) throws InterruptedException {
        int t = Math.max(1, Math.min(p.threads(), labels.length));
        int[] cut = Word2VecTrainer.partition(starts, t);
        SplittableRandom seeds = new SplittableRandom(p.seed() ^ 0x9E3779B97F4A7C15L);
        Worker[] workers = new Worker[t];
        for (int i = 0; i < t; i++) {
            workers[i] = new Worker(cut[i], cut[i + 1], seeds.split());
        }
        long planned = 0;
        for (Worker w : workers) {
            planned += w.planned;
        }
        long start = System.nanoTime();
        // a stop asked for before training began is seen before any work, however short the work
        if (stop.getAsBoolean()) {
            Hogwild.halt(workers);
        }
        Hogwild.run(workers, "recur-bag", stop, listener, planned);
        long done = Hogwild.done(workers);
        boolean stopped = done < planned;
        return new Outcome(Hogwild.meanLoss(workers), (System.nanoTime() - start) / 1e9, t, stopped ? done / (double) planned : 1.0, done);
    }

    /** One thread's run of examples, its random stream and scratch. */
    private final class Worker extends Hogwild.Worker {
        private final int from;
        private final int to;
        private final SplittableRandom rng;
        private final long planned;
        private final float[] hidden = new float[model.stride];
        private final float[] grad = new float[model.stride];
        private final float[] probs = new float[model.labels.size()];

        Worker(int from, int to, SplittableRandom rng) {
            this.from = from;
            this.to = to;
            this.rng = rng;
            long words = 0;
            for (int i = from; i < to; i++) {
                words += tokens[i];
            }
            this.planned = words * p.epochs();
        }

        @Override
        public void run() {
            int[] order = new int[to - from];
            for (int i = 0; i < order.length; i++) {
                order[i] = from + i;
            }
            long processed = 0;
            long sincePublish = 0;
            double lr0 = p.lr();
            publish(0, (float) lr0);
            for (int epoch = 0; epoch < p.epochs() && !stop; epoch++) {
                shuffle(order);
                for (int k = 0; k < order.length && !stop; k++) {
                    int i = order[k];
                    float alpha = (float) (lr0 * (1.0 - processed / (double) (planned + 1)));
                    step(i, alpha);
                    processed += tokens[i];
                    sincePublish += tokens[i];
                    if (sincePublish >= 10_000) {
                        sincePublish = 0;
                        publish(processed, alpha);
                    }
                }
            }
            publish(processed, 0f);
        }

        private void shuffle(int[] a) {
            for (int i = a.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int x = a[i];
                a[i] = a[j];
                a[j] = x;
            }
        }

        /** One SGD step on example i. */
        private void step(int i, float alpha) {
            int r0 = starts[i];
            int r1 = starts[i + 1];
            if (!model.mean(rows, r0, r1, hidden)) {
                return;
            }
            int stride = model.stride;
            float[] in = model.in;
            float[] out = model.out;
            float inv = 1f / (r1 - r0);
            Arrays.fill(grad, 0f);
            int l = probs.length;
            for (int c = 0; c < l; c++) {
                probs[c] = Kernels.dot(hidden, out, c * stride, stride);
            }
            int[] gold = labels[i];
            double loss = 0;
            if (p.ova()) {
                for (int c = 0; c < l; c++) {
                    boolean pos = Prediction.contains(gold, c);
                    double s = 1.0 / (1.0 + Math.exp(-probs[c]));
                    loss -= Math.log(Math.max(1e-30, pos ? s : 1 - s));
                    float g = alpha * ((pos ? 1f : 0f) - (float) s);
                    Kernels.update(g, grad, hidden, out, c * stride, stride);
                }
            } else {
                int target = gold.length == 1 ? gold[0] : gold[rng.nextInt(gold.length)];
                BagModel.softmax(probs, l);
                loss = -Math.log(Math.max(1e-30, probs[target]));
                for (int c = 0; c < l; c++) {
                    float g = alpha * ((c == target ? 1f : 0f) - probs[c]);
                    Kernels.update(g, grad, hidden, out, c * stride, stride);
                }
            }
            lossSum += loss;
            lossCount++;
            for (int j = 0; j < stride; j++) {
                grad[j] *= inv;
            }
            int frozen = p.freezeEmb() ? model.vocab.length : 0;
            for (int k = r0; k < r1; k++) {
                if (rows[k] >= frozen) {
                    Kernels.addTo(in, rows[k] * stride, grad, stride);
                }
            }
        }
    }
}
