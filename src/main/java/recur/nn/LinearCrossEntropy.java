package recur.nn;

import recur.tensor.Gemm;
import recur.tensor.Tape;
import recur.tensor.Threads;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * A projection to a vocabulary and the cross-entropy over it in one op: the same loss and
 * gradients as {@code SoftmaxCrossEntropy.apply(tape, Linear.apply(tape, x, w, b), targets, …)},
 * computed a block of vocabulary rows at a time so that every pass over the (N, V) scores
 * happens while the block is still in cache.
 *
 * <p>Unfused, a language model's output layer sweeps its 400 × 10,000 scores (16 MB, more than
 * the L2 cache) through memory about ten times a step: written by the product, read for the
 * bias, the maxima, the exponentials, written as the gradient, read and copied by the two
 * gradient products, read for the bias gradient. Here the scores are kept transposed, (V, N),
 * and each block of rows is produced, turned into exponentials and, in backward, into its
 * gradient and both gradient products, while it is hot: each score goes out to memory once
 * after the forward pass and comes back once for backward. A block's exponentials are taken
 * against the block's own maximum per position; the blocks are reconciled with the overall
 * maximum through one factor per block and position, so no exponential is computed twice.
 *
 * <p>Like {@link SoftmaxCrossEntropy}: rows whose target is the ignore index contribute nothing,
 * the loss is the mean over the others, and label smoothing ε mixes in the uniform distribution.
 */
public final class LinearCrossEntropy {
    /** Scores per block, about 256 KB: a block, its weight rows and the packed input share the L2 cache. */
    private static final int BLOCK_SCORES = 1 << 16;
    /** Block heights are multiples of this, so the GEMM kernel's 8-row register blocks are all full. */
    private static final int ROW_ALIGN = 16;

    /**
     * Below this many multiply-adds a step (about 0.2 ms on one core) the output layer stays on one
     * thread: handing its blocks over would cost more than it saves.
     */
    static final long SPLIT_MIN = 1L << 22;

    private LinearCrossEntropy() {}

    /**
     * How many threads the layer computes on for n positions, a vocabulary of v and inputs of in
     * features, given {@code threads}: no more than it has blocks of vocabulary rows, and one when
     * the product is too small for splitting to pay. The result never depends on it.
     */
    public static int threadsFor(int threads, int n, int v, int in) {
        if (threads < 2 || n < 1 || in < 1 || (long) n * v * in < SPLIT_MIN) {
            return 1;
        }
        int block = blockRows(n, v);
        return Math.min(threads, (v + block - 1) / block);
    }

    /** Vocabulary rows per block for n positions: about {@link #BLOCK_SCORES} scores, a multiple of {@link #ROW_ALIGN}. */
    private static int blockRows(int n, int v) {
        int rows = Math.max(ROW_ALIGN, BLOCK_SCORES / Math.max(n, 1) / ROW_ALIGN * ROW_ALIGN);
        return Math.min(v, rows);
    }

    /**
     * Records mean cross-entropy(x·Wᵀ + b, targets) on the tape.
     *
     * @param x (…, I): N rows of any leading dimensions
     * @param w (V, I), as {@link Linear} stores it
     * @param b (V), or null for no bias
     * @param targets (N): ids in [0, V), or {@code ignoreIndex}
     * @param ignoreIndex target value whose rows are skipped, or {@link SoftmaxCrossEntropy#NO_IGNORE}
     * @param smoothing label smoothing ε in [0, 1]
     */
    public static SoftmaxCrossEntropy.Loss apply(Tape tape, Var x, Var w, Var b, int[] targets, int ignoreIndex,
                                                 float smoothing) {
        int n = Linear.checkShapes(x, w, b);
        int v = w.dim(0);
        int in = w.dim(1);
        if (!(smoothing >= 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + smoothing);
        }
        if (targets.length != n) {
            throw new IllegalArgumentException("cross-entropy got " + targets.length + " targets for " + n + " rows");
        }
        for (int t : targets) {
            if (t != ignoreIndex && (t < 0 || t >= v)) {
                throw new IllegalArgumentException("target id " + t + " is outside [0, " + v + ")");
            }
        }
        if (n == 0 || in == 0) {
            // nothing to block: the plain ops handle the empty cases
            return SoftmaxCrossEntropy.apply(tape, Linear.apply(tape, x, w, b), targets, ignoreIndex, smoothing);
        }
        boolean keep = tape.recording() && (x.requiresGrad() || w.requiresGrad() || (b != null && b.requiresGrad()));
        Scores s = new Scores(n, v, in, keep);
        s.forward(x, w, b, targets, ignoreIndex, smoothing);
        Var loss = Var.zeros(1);
        loss.v[0] = s.count == 0 ? 0f : (float) (s.lossSum / s.count);
        if (keep && s.count > 0) {
            int[] t = targets.clone();
            tape.record(() -> s.backward(x, w, b, t, ignoreIndex, smoothing, loss.g()[loss.go()] / s.count));
        }
        return new SoftmaxCrossEntropy.Loss(loss, s.lossSum, s.nllSum, s.count);
    }

    /** The transposed scores of one application, block by block, and what backward needs of them. */
    private static final class Scores {
        final int n;
        final int v;
        final int in;
        final int block;
        final int blocks;
        /** Whether the blocks are spread over the threads ({@link Threads#forEach}), else computed in turn. */
        final boolean parallel;
        /** (V, N) exponentials, each against its block's maximum, kept for backward; else one block's worth. */
        final float[] exps;
        /** (blocks, N): each block's maximum score per position, then e^(block max − overall max). */
        final float[] blockScale;
        /** (blocks, N): each block's Σ exp(score − block max) per position. */
        final float[] blockSum;
        /** (N): 1 / Σ_j exp(score_j − max), 0 for ignored rows. */
        final double[] invSum;
        double lossSum;
        double nllSum;
        int count;

        Scores(int n, int v, int in, boolean keep) {
            this.n = n;
            this.v = v;
            this.in = in;
            this.block = blockRows(n, v);
            this.blocks = (v + block - 1) / block;
            // all blocks' exponentials are kept on a training tape, so the blocks can be computed at once
            this.parallel = keep && threadsFor(Threads.get(), n, v, in) > 1;
            this.exps = new float[(keep ? v : block) * n];
            this.blockScale = new float[blocks * n];
            this.blockSum = new float[blocks * n];
            this.invSum = new double[n];
        }

        /** Where vocabulary row j's scores start in {@link #exps}. */
        private int row(int j) {
            return (exps.length == v * n ? j : j % block) * n;
        }

        void forward(Var x, Var w, Var b, int[] targets, int ignoreIndex, float smoothing) {
            Gemm.PackedB xt = Gemm.pack(true, in, n, x.v, x.vo, in);
            float[] target = new float[n];
            float[] max = new float[n];
            java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
            double[] scoreSum = smoothing > 0 ? new double[n] : null;
            if (parallel) {
                // the blocks at once, each on one thread; their column sums and maxima are then
                // taken in block order, as below
                float[] colSums = smoothing > 0 ? new float[blocks * n] : null;
                Threads.forEach(blocks, k -> forwardBlock(k, w, b, targets, xt, target, colSums, k * n));
                for (int k = 0; k < blocks; k++) {
                    if (colSums != null) {
                        for (int r = 0; r < n; r++) {
                            scoreSum[r] += colSums[k * n + r];
                        }
                    }
                    for (int r = 0; r < n; r++) {
                        max[r] = Math.max(max[r], blockScale[k * n + r]);
                    }
                }
            } else {
                float[] colSum = smoothing > 0 ? new float[n] : null;
                for (int k = 0; k < blocks; k++) {
                    forwardBlock(k, w, b, targets, xt, target, colSum, 0);
                    if (colSum != null) {
                        for (int r = 0; r < n; r++) {
                            scoreSum[r] += colSum[r];
                        }
                    }
                    int mo = k * n;
                    for (int r = 0; r < n; r++) {
                        max[r] = Math.max(max[r], blockScale[mo + r]);
                    }
                }
            }
            // each block's sum is against its own maximum: rescale to the overall one
            double[] sum = new double[n];
            for (int k = 0; k < blocks; k++) {
                int mo = k * n;
                for (int r = 0; r < n; r++) {
                    double scale = Math.exp((double) blockScale[mo + r] - max[r]);
                    blockScale[mo + r] = (float) scale;
                    sum[r] += blockSum[mo + r] * scale;
                }
            }
            for (int r = 0; r < n; r++) {
                if (targets[r] == ignoreIndex) {
                    continue;
                }
                double lse = max[r] + Math.log(sum[r]);
                invSum[r] = 1.0 / sum[r];
                double nll = lse - target[r];
                double loss = nll;
                if (smoothing > 0) {
                    // Σ_j −log p_j = V·lse − Σ_j score_j
                    loss = (1 - smoothing) * nll + smoothing / v * (v * lse - scoreSum[r]);
                }
                lossSum += loss;
                nllSum += nll;
                count++;
            }
        }

        /**
         * Block k's scores into its rows of {@link #exps}, its targets' scores into {@code target},
         * its column sums into colSum (when not null), then its exponentials, maxima and sums.
         */
        private void forwardBlock(int k, Var w, Var b, int[] targets, Gemm.PackedB xt, float[] target,
                                  float[] colSum, int cso) {
            int j0 = k * block;
            int j1 = Math.min(v, j0 + block);
            if (b != null) {
                for (int j = j0; j < j1; j++) {
                    VecMath.fill(exps, row(j), n, b.v[b.vo + j]);
                }
            }
            Gemm.gemm(j1 - j0, w.v, w.vo + j0 * in, in, xt, b != null, exps, row(j0), n);
            for (int r = 0; r < n; r++) {
                int t = targets[r];
                if (t >= j0 && t < j1) {
                    target[r] = exps[row(t) + r];
                }
            }
            int mo = k * n;
            if (colSum != null) {
                System.arraycopy(exps, row(j0), colSum, cso, n);
                for (int j = j0 + 1; j < j1; j++) {
                    VecMath.add(exps, row(j), colSum, cso, colSum, cso, n);
                }
            }
            VecMath.softmaxColumns(exps, row(j0), j1 - j0, n, blockScale, mo, blockSum, mo);
        }

        /**
         * Turns each block's exponentials into its gradient, scale·(softmax − target
         * distribution), in place, and adds db, dW and dx from it while it is in cache.
         */
        void backward(Var x, Var w, Var b, int[] targets, int ignoreIndex, float smoothing, float scale) {
            float[] scaledInv = new float[n];
            float[] negOff = smoothing > 0 ? new float[n] : null;
            for (int r = 0; r < n; r++) {
                if (targets[r] != ignoreIndex) {
                    scaledInv[r] = (float) (scale * invSum[r]);
                    if (negOff != null) {
                        negOff[r] = (float) (-(double) scale * smoothing / v);
                    }
                }
            }
            float hit = (float) ((double) scale * (1 - smoothing));
            boolean dx = x.requiresGrad();
            boolean dw = w.requiresGrad();
            Gemm.PackedB xs = dw ? Gemm.pack(false, n, in, x.v, x.vo, in) : null;
            if (!parallel) {
                float[] coef = new float[n];
                for (int k = 0; k < blocks; k++) {
                    backwardBlock(k, x, w, b, targets, ignoreIndex, scaledInv, negOff, hit, xs, coef, dx);
                }
                return;
            }
            // each block's gradient, db and dW rows on one thread; then dx, which sums over all
            // blocks, in the same block order, its columns split over the threads. Gradients are
            // allocated on first use: that happens here, once, not in two tasks at the same time.
            float[] dxs = dx ? x.g() : null;
            int dxo = dx ? x.go() : 0;
            if (dw) {
                w.g();
            }
            if (b != null && b.requiresGrad()) {
                b.g();
            }
            Threads.forEach(blocks, k -> backwardBlock(k, x, w, b, targets, ignoreIndex, scaledInv, negOff, hit, xs,
                    new float[n], false));
            if (!dx) {
                return;
            }
            int block0 = Math.min(v, block);
            if (!Gemm.splitsByColumns(true, false, n, in, block0) || !Gemm.splitsByColumns(true, false, n, in, v - (blocks - 1) * block)) {
                for (int k = 0; k < blocks; k++) {
                    dxProduct(k, x, w);
                }
                return;
            }
            int align = Gemm.columnAlign();
            int panels = (in + align - 1) / align;
            int parts = Math.min(panels, Threads.get());
            Threads.forEach(parts, p -> {
                int c0 = panels * p / parts * align;
                int c1 = Math.min(in, panels * (p + 1) / parts * align);
                for (int k = 0; k < blocks; k++) {
                    int j0 = k * block;
                    int j1 = Math.min(v, j0 + block);
                    Gemm.gemmColumns(true, false, n, in, j1 - j0, exps, row(j0), n, w.v, w.vo + j0 * in, in, true,
                            dxs, dxo, in, c0, c1);
                }
            });
        }

        /** Block k's gradient in place of its exponentials, its db and dW rows, and (when {@code dx}) its share of dx. */
        private void backwardBlock(int k, Var x, Var w, Var b, int[] targets, int ignoreIndex, float[] scaledInv,
                                   float[] negOff, float hit, Gemm.PackedB xs, float[] coef, boolean dx) {
            int j0 = k * block;
            int j1 = Math.min(v, j0 + block);
            VecMath.mul(blockScale, k * n, scaledInv, 0, coef, 0, n);
            for (int j = j0; j < j1; j++) {
                VecMath.mul(exps, row(j), coef, 0, exps, row(j), n);
                if (negOff != null) {
                    VecMath.add(exps, row(j), negOff, 0, exps, row(j), n);
                }
            }
            for (int r = 0; r < n; r++) {
                int t = targets[r];
                if (t != ignoreIndex && t >= j0 && t < j1) {
                    exps[row(t) + r] -= hit;
                }
            }
            if (b != null && b.requiresGrad()) {
                for (int j = j0; j < j1; j++) {
                    b.g()[b.go() + j] += (float) VecMath.sum(exps, row(j), n);
                }
            }
            if (xs != null) {
                Gemm.gemm(j1 - j0, exps, row(j0), n, xs, true, w.g(), w.go() + j0 * in, in);
            }
            if (dx) {
                dxProduct(k, x, w);
            }
        }

        /** dx += block k's gradientᵀ · its weight rows. */
        private void dxProduct(int k, Var x, Var w) {
            int j0 = k * block;
            int j1 = Math.min(v, j0 + block);
            Gemm.gemm(true, false, n, in, j1 - j0, exps, row(j0), n, w.v, w.vo + j0 * in, in, true, x.g(), x.go(), in);
        }
    }
}
