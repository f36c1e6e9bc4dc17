package recur.nn;

import java.util.SplittableRandom;
import recur.tensor.Gemm;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Causal dilated 1-D convolution over time: output step t sees input steps t, t−D, …, t−D·(K−1)
 * and nothing later, as locuslab/TCN gets with a padded {@code nn.Conv1d} followed by a chomp.
 *
 * <p>Layout: x is (B, T, Cin) row-major, one time step's channels contiguous. The product runs as
 * im2col: a block of rows (b, t) is unfolded into {@code col[(b,t), k·Cin + i] = x[b, t − D·(K−1−k), i]}
 * (zero before time 0; each tap a contiguous copy of one input row), and {@code y = col · Wpᵀ}
 * is one Gemm per block, with Wp the weight repacked per forward from PyTorch's (Cout, Cin, K)
 * to (Cout, K·Cin) (O(parameters), against O(B·T·parameters) for the product; reading PyTorch's
 * order in place instead would make every unfold and fold a strided gather, which profiled at
 * 13% of a TCN's time). Blocks hold at most {@link #CHUNK} floats, so the unfolded copy stays a small scratch buffer
 * (1 MB) instead of K times the input per layer. The alternative, one Gemm per batch element
 * and tap reading x in place through row offsets (no copy at all), was measured against this
 * with the packed Vector API Gemm, forward + backward, interleaved runs, medians: im2col was
 * 6–20% faster at C = 64–512 (B·T = 1600–2048, K = 2–3); at C ≤ 32 the two traded places from
 * run to run (both are dominated by per-call overheads there).
 *
 * <p>Parameters under the caller's prefix, named and shaped as PyTorch's: {@code prefix.weight}
 * (Cout, Cin, K) and {@code prefix.bias} (Cout); with weight normalisation {@code prefix.bias},
 * {@code prefix.weight_g} (Cout, 1, 1) and {@code prefix.weight_v} (Cout, Cin, K), the effective
 * weight being {@code g · v / ‖v‖} with the norm over dimensions 1 and 2 ({@link WeightNorm}).
 */
public final class CausalConv1d {
    /** Largest unfolded block, in floats. */
    static final int CHUNK = 1 << 18;
    public final int cin;
    public final int cout;
    public final int k;
    public final int dilation;
    public final boolean weightNorm;
    private final ParamStore store;
    private final ParamStore.Param weight;
    private final ParamStore.Param weightG;
    private final ParamStore.Param weightV;
    private final ParamStore.Param bias;

    /**
     * Declares the parameters in {@code store} (not yet allocated); call {@link #init} once the
     * store is allocated.
     */
    public CausalConv1d(ParamStore store, String prefix, int cin, int cout, int k, int dilation, boolean weightNorm) {
        if (cin < 1 || cout < 1) {
            throw new IllegalArgumentException("channels must be positive, got in " + cin + ", out " + cout);
        }
        if (k < 1) {
            throw new IllegalArgumentException("kernel size must be at least 1, got " + k);
        }
        if (dilation < 1) {
            throw new IllegalArgumentException("dilation must be at least 1, got " + dilation);
        }
        this.store = store;
        this.cin = cin;
        this.cout = cout;
        this.k = k;
        this.dilation = dilation;
        this.weightNorm = weightNorm;
        // declaration order follows PyTorch's state_dict order
        if (weightNorm) {
            this.weight = null;
            this.bias = store.add(prefix + ".bias", cout);
            this.weightG = store.add(prefix + ".weight_g", cout, 1, 1);
            this.weightV = store.add(prefix + ".weight_v", cout, cin, k);
        } else {
            this.weight = store.add(prefix + ".weight", cout, cin, k);
            this.bias = store.add(prefix + ".bias", cout);
            this.weightG = null;
            this.weightV = null;
        }
    }

    /**
     * locuslab/TCN's initialisation as it behaves, not as it reads: locuslab (and the PyTorch
     * peer) write N(0, 0.01²) into {@code conv.weight} after {@code weight_norm} has replaced that
     * parameter with g and v, so with weight normalisation the write is lost at the first forward
     * and v keeps PyTorch's Conv1d default, U(−1/√(Cin·K), 1/√(Cin·K)), with g = ‖v‖. Without
     * weight normalisation the weight is N(0, 0.01²). Biases keep PyTorch's default,
     * U(−1/√(Cin·K), 1/√(Cin·K)), in both cases.
     */
    public void init(SplittableRandom rnd) {
        float[] w = store.values();
        int n = cout * cin * k;
        double bound = 1.0 / Math.sqrt(cin * k);
        if (weightNorm) {
            int vo = weightV.offset();
            for (int i = 0; i < n; i++) {
                w[vo + i] = (float) rnd.nextDouble(-bound, bound);
            }
            int rowLen = cin * k;
            for (int o = 0; o < cout; o++) {
                double s = 0;
                for (int j = 0; j < rowLen; j++) {
                    double x = w[vo + o * rowLen + j];
                    s += x * x;
                }
                w[weightG.offset() + o] = (float) Math.sqrt(s);
            }
        } else {
            int wo = weight.offset();
            for (int i = 0; i < n; i++) {
                w[wo + i] = (float) (0.01 * rnd.nextGaussian());
            }
        }
        for (int o = 0; o < cout; o++) {
            w[bias.offset() + o] = (float) rnd.nextDouble(-bound, bound);
        }
    }

    /** How many steps back one output sees: D·(K−1). */
    public int history() {
        return dilation * (k - 1);
    }

    /**
     * y = causal_conv(x) + bias.
     *
     * @param x (B, T, Cin)
     * @return y (B, T, Cout); backward adds into x's gradient (when it requires one) and the parameters'
     */
    public Var forward(Tape tape, Var x) {
        if (x.shape.length != 3 || x.dim(2) != cin) {
            throw new IllegalArgumentException("causal conv expects (B, T, " + cin + "), got "
                    + java.util.Arrays.toString(x.shape));
        }
        int nb = x.dim(0);
        int nt = x.dim(1);
        int n = cout * cin * k;
        float[] pv = store.values();
        double[] norms = weightNorm ? new double[cout] : null;
        float[] w = weightNorm ? normalised(norms) : pv;
        int wo = weightNorm ? 0 : weight.offset();
        // with K = 1 the (Cout, Cin, K) layout already is (Cout, K·Cin): use it in place
        float[] wp;
        int wpo;
        if (k == 1) {
            wp = w;
            wpo = wo;
        } else {
            wp = new float[n];
            wpo = 0;
            pack(wp, w, wo, cout, cin, k);
        }
        Var y = Var.zeros(nb, nt, cout);
        float[] col = new float[k == 1 ? 0 : chunkRows(nb * nt, cin * k) * cin * k];
        forward(y.v, 0, col, x.v, x.vo, wp, wpo, pv, bias.offset(), nb, nt, cin, cout, k, dilation);
        tape.record(() -> {
            float[] pg = store.grads();
            float[] dw = weightNorm ? new float[n] : pg;
            int dwo = weightNorm ? 0 : weight.offset();
            float[] dwp = k == 1 ? dw : new float[n];
            int dwpo = k == 1 ? dwo : 0;
            float[] dx = x.requiresGrad() ? x.g() : null;
            int dxo = x.requiresGrad() ? x.go() : 0;
            float[] scratch = new float[col.length];
            backward(dx, dxo, dwp, dwpo, pg, bias.offset(), y.g(), y.go(), scratch, x.v, x.vo, wp, wpo,
                    nb, nt, cin, cout, k, dilation);
            if (k > 1) {
                unpackAdd(dw, dwo, dwp, cout, cin, k);
            }
            if (weightNorm) {
                WeightNorm.backward(pg, weightG.offset(), pg, weightV.offset(), dw,
                        pv, weightG.offset(), pv, weightV.offset(), norms, cout, cin * k);
            }
        });
        return y;
    }

    /**
     * The effective weight g·v/‖v‖ (Cout, Cin, K) as a new array, for weight normalisation only;
     * without it the stored weight is used in place.
     *
     * @param norms out (Cout), ‖v‖ per output channel, which backward needs
     */
    private float[] normalised(double[] norms) {
        float[] pv = store.values();
        float[] w = new float[cout * cin * k];
        WeightNorm.forward(w, norms, pv, weightG.offset(), pv, weightV.offset(), cout, cin * k);
        return w;
    }

    /**
     * A state for running this convolution one time step at a time (sampling from a TCN language
     * model), for {@code batch} independent sequences: each step costs one (B, Cin·K) × (Cin·K, Cout)
     * product instead of recomputing the receptive field. It keeps the last D·(K−1) + 1 inputs in
     * a ring and snapshots the effective weight now, so it must be recreated after the weights change.
     */
    public Stream stream(int batch) {
        float[] pv = store.values();
        float[] w = weightNorm ? normalised(new double[cout]) : pv;
        float[] wp = new float[cout * cin * k];
        pack(wp, w, weightNorm ? 0 : weight.offset(), cout, cin, k);
        float[] b = new float[cout];
        System.arraycopy(pv, bias.offset(), b, 0, cout);
        return new Stream(batch, wp, b);
    }

    /** Step-at-a-time inference state of one {@link CausalConv1d}; see {@link CausalConv1d#stream}. */
    public final class Stream {
        private final int batch;
        private final int span;
        private final float[] w;
        private final float[] b;
        private final float[] ring;
        private final float[] col;
        private final float[] y;
        private long t;

        private Stream(int batch, float[] w, float[] b) {
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be positive, got " + batch);
            }
            this.batch = batch;
            this.span = history() + 1;
            this.w = w;
            this.b = b;
            this.ring = new float[batch * span * cin];
            this.col = new float[batch * cin * k];
            this.y = new float[batch * cout];
        }

        /**
         * Consumes one step and returns the output for it.
         *
         * @param x (B, Cin) at xo, this step's input
         * @return (B, Cout), a buffer the next step overwrites
         */
        public float[] step(float[] x, int xo) {
            int width = cin * k;
            int slot = (int) (t % span);
            for (int bb = 0; bb < batch; bb++) {
                System.arraycopy(x, xo + bb * cin, ring, (bb * span + slot) * cin, cin);
                System.arraycopy(b, 0, y, bb * cout, cout);
                for (int kk = 0; kk < k; kk++) {
                    int s = dilation * (k - 1 - kk);
                    int co = bb * width + kk * cin;
                    if (t < s) {
                        java.util.Arrays.fill(col, co, co + cin, 0f);
                    } else {
                        System.arraycopy(ring, (bb * span + (int) ((t - s) % span)) * cin, col, co, cin);
                    }
                }
            }
            Gemm.gemm(false, true, batch, cout, width, col, 0, width, w, 0, width, true, y, 0, cout);
            t++;
            return y;
        }

        /** Forgets the history: the next step is time 0 again. */
        public void reset() {
            java.util.Arrays.fill(ring, 0f);
            t = 0;
        }
    }

    /** Rows per unfolded block: as many as fit {@link #CHUNK} floats, at least 64, at most all. */
    static int chunkRows(int rows, int width) {
        return Math.max(1, Math.min(rows, Math.max(64, CHUNK / width)));
    }

    /**
     * y[b,t,:] = bias + Σ_k x[b, t − D·(K−1−k), :] · W[:, :, k]ᵀ, taps before time 0 reading zeros.
     *
     * @param y out (B, T, Cout) at yo, overwritten
     * @param col scratch, at least chunkRows(B·T, Cin·K) × Cin·K (unused when K = 1)
     * @param x (B, T, Cin) at xo
     * @param w (Cout, K·Cin) at wo, packed by {@link #pack}
     * @param bias (Cout) at bo
     */
    static void forward(float[] y, int yo, float[] col, float[] x, int xo, float[] w, int wo, float[] bias, int bo,
                        int nb, int nt, int cin, int cout, int k, int d) {
        int rows = nb * nt;
        int width = cin * k;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, bo, y, yo + r * cout, cout);
        }
        if (k == 1) {
            // a 1×1 convolution's unfolded input is x itself
            Gemm.gemm(false, true, rows, cout, cin, x, xo, cin, w, wo, cin, true, y, yo, cout);
            return;
        }
        int step = chunkRows(rows, width);
        for (int r0 = 0; r0 < rows; r0 += step) {
            int m = Math.min(step, rows - r0);
            unfold(col, x, xo, r0, m, nt, cin, k, d);
            Gemm.gemm(false, true, m, cout, width, col, 0, width, w, wo, width, true, y, yo + r0 * cout, cout);
        }
    }

    /**
     * Adds the gradients behind dy: dW += colᵀ·dy (as dyᵀ·col), dx += fold(dy · W), dbias += Σ_{b,t} dy[b,t,:].
     *
     * @param dx (B, T, Cin) at dxo, or null when x needs no gradient
     * @param dw (Cout, K·Cin) at dwo, packed like w
     * @param db (Cout) at dbo
     * @param dy (B, T, Cout) at dyo
     * @param col scratch as in forward
     */
    static void backward(float[] dx, int dxo, float[] dw, int dwo, float[] db, int dbo, float[] dy, int dyo,
                         float[] col, float[] x, int xo, float[] w, int wo, int nb, int nt, int cin, int cout, int k,
                         int d) {
        int rows = nb * nt;
        int width = cin * k;
        double[] sum = new double[cout];
        for (int r = 0; r < rows; r++) {
            int ro = dyo + r * cout;
            for (int o = 0; o < cout; o++) {
                sum[o] += dy[ro + o];
            }
        }
        for (int o = 0; o < cout; o++) {
            db[dbo + o] += (float) sum[o];
        }
        if (k == 1) {
            Gemm.gemm(true, false, cout, cin, rows, dy, dyo, cout, x, xo, cin, true, dw, dwo, cin);
            if (dx != null) {
                Gemm.gemm(false, false, rows, cin, cout, dy, dyo, cout, w, wo, cin, true, dx, dxo, cin);
            }
            return;
        }
        int step = chunkRows(rows, width);
        for (int r0 = 0; r0 < rows; r0 += step) {
            int m = Math.min(step, rows - r0);
            unfold(col, x, xo, r0, m, nt, cin, k, d);
            Gemm.gemm(true, false, cout, width, m, dy, dyo + r0 * cout, cout, col, 0, width, true, dw, dwo, width);
            if (dx != null) {
                Gemm.gemm(false, false, m, width, cout, dy, dyo + r0 * cout, cout, w, wo, width, false, col, 0, width);
                foldAdd(dx, dxo, col, r0, m, nt, cin, k, d);
            }
        }
    }

    /**
     * col[r − r0, k·Cin + i] = x[b, t − D·(K−1−k), i] for rows r = b·T + t in [r0, r0 + m), zero
     * before time 0.
     *
     * @param col out (m, K·Cin)
     * @param x (B, T, Cin) at xo
     */
    static void unfold(float[] col, float[] x, int xo, int r0, int m, int nt, int cin, int k, int d) {
        int width = cin * k;
        for (int r = 0; r < m; r++) {
            int t = (r0 + r) % nt;
            for (int kk = 0; kk < k; kk++) {
                int s = d * (k - 1 - kk);
                int co = r * width + kk * cin;
                if (t < s) {
                    java.util.Arrays.fill(col, co, co + cin, 0f);
                } else {
                    System.arraycopy(x, xo + (r0 + r - s) * cin, col, co, cin);
                }
            }
        }
    }

    /** The adjoint of {@link #unfold}: dx[b, t − D·(K−1−k), i] += dcol[r − r0, k·Cin + i]. */
    static void foldAdd(float[] dx, int dxo, float[] dcol, int r0, int m, int nt, int cin, int k, int d) {
        int width = cin * k;
        for (int r = 0; r < m; r++) {
            int t = (r0 + r) % nt;
            for (int kk = 0; kk < k; kk++) {
                int s = d * (k - 1 - kk);
                if (t >= s) {
                    addTo(dx, dxo + (r0 + r - s) * cin, dcol, r * width + kk * cin, cin);
                }
            }
        }
    }

    /** dst[i] += src[i] over n entries. */
    private static void addTo(float[] dst, int dsto, float[] src, int srco, int n) {
        for (int i = 0; i < n; i++) {
            dst[dsto + i] += src[srco + i];
        }
    }

    /** wp[o, k·Cin + i] = w[o, i, k]: PyTorch's (Cout, Cin, K) to the unfolded column order. */
    static void pack(float[] wp, float[] w, int wo, int cout, int cin, int k) {
        for (int o = 0; o < cout; o++) {
            int dst = o * cin * k;
            for (int i = 0; i < cin; i++) {
                int src = wo + (o * cin + i) * k;
                for (int kk = 0; kk < k; kk++) {
                    wp[dst + kk * cin + i] = w[src + kk];
                }
            }
        }
    }

    /** dw[o, i, k] += dwp[o, k·Cin + i]. */
    static void unpackAdd(float[] dw, int dwo, float[] dwp, int cout, int cin, int k) {
        for (int o = 0; o < cout; o++) {
            int src = o * cin * k;
            for (int i = 0; i < cin; i++) {
                int dst = dwo + (o * cin + i) * k;
                for (int kk = 0; kk < k; kk++) {
                    dw[dst + kk] += dwp[src + kk * cin + i];
                }
            }
        }
    }
}
