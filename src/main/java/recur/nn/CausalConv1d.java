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
 * <p>Layout: x is (B, T, Cin) row-major, one time step's channels contiguous, so tap k is a
 * matrix product of a block of x's rows, shifted by s = D·(K−1−k) steps, with that tap's
 * (Cout, Cin) weight slice: {@code y[b, s:T, :] += x[b, 0:T−s, :] · W_kᵀ}. One Gemm per batch
 * element and tap, reading x in place through offsets: no padded copy and no im2col buffer
 * (which would cost K times the input per layer, kept alive until backward). The weight is
 * stored as PyTorch's {@code Conv1d} has it, (Cout, Cin, K), and repacked per forward into
 * (K, Cout, Cin) so each tap's slice is a contiguous matrix.
 *
 * <p>Parameters under the caller's prefix, named and shaped as PyTorch's: {@code prefix.weight}
 * (Cout, Cin, K) and {@code prefix.bias} (Cout); with weight normalisation {@code prefix.bias},
 * {@code prefix.weight_g} (Cout, 1, 1) and {@code prefix.weight_v} (Cout, Cin, K), the effective
 * weight being {@code g · v / ‖v‖} with the norm over dimensions 1 and 2 ({@link WeightNorm}).
 */
public final class CausalConv1d {
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
        float[] w;
        int wo;
        double[] norms;
        if (weightNorm) {
            w = new float[n];
            wo = 0;
            norms = new double[cout];
            WeightNorm.forward(w, norms, pv, weightG.offset(), pv, weightV.offset(), cout, cin * k);
        } else {
            w = pv;
            wo = weight.offset();
            norms = null;
        }
        // with K = 1 the (Cout, Cin, K) layout already is (K, Cout, Cin): use it in place
        boolean direct = k == 1 && !weightNorm;
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
        forward(y.v, 0, x.v, x.vo, wp, wpo, pv, bias.offset(), nb, nt, cin, cout, k, dilation);
        tape.record(() -> {
            float[] pg = store.grads();
            float[] dwp = direct ? pg : new float[n];
            int dwpo = direct ? weight.offset() : 0;
            float[] dx = x.requiresGrad() ? x.g() : null;
            int dxo = x.requiresGrad() ? x.go() : 0;
            backward(dx, dxo, dwp, dwpo, pg, bias.offset(), y.g(), y.go(), x.v, x.vo, wp, wpo,
                    nb, nt, cin, cout, k, dilation);
            if (weightNorm) {
                float[] dw = dwp;
                if (k > 1) {
                    dw = new float[n];
                    unpackAdd(dw, 0, dwp, cout, cin, k);
                }
                WeightNorm.backward(pg, weightG.offset(), pg, weightV.offset(), dw,
                        pv, weightG.offset(), pv, weightV.offset(), norms, cout, cin * k);
            } else if (!direct) {
                unpackAdd(pg, weight.offset(), dwp, cout, cin, k);
            }
        });
        return y;
    }

    /**
     * y[b,t,:] = bias + Σ_k x[b, t − D·(K−1−k), :] · W_kᵀ, taps before time 0 reading zeros.
     *
     * @param y out (B, T, Cout) at yo, overwritten
     * @param x (B, T, Cin) at xo
     * @param wp (K, Cout, Cin) at wpo, the packed weight
     * @param bias (Cout) at bo
     */
    static void forward(float[] y, int yo, float[] x, int xo, float[] wp, int wpo, float[] bias, int bo,
                        int nb, int nt, int cin, int cout, int k, int d) {
        int rows = nb * nt;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, bo, y, yo + r * cout, cout);
        }
        for (int b = 0; b < nb; b++) {
            for (int kk = 0; kk < k; kk++) {
                int s = d * (k - 1 - kk);
                int m = nt - s;
                if (m <= 0) {
                    continue;
                }
                Gemm.gemm(false, true, m, cout, cin, x, xo + b * nt * cin, cin,
                        wp, wpo + kk * cout * cin, cin, true, y, yo + (b * nt + s) * cout, cout);
            }
        }
    }

    /**
     * Adds the gradients behind dy: dx[b, 0:T−s, :] += dy[b, s:T, :] · W_k,
     * dW_k += dy[b, s:T, :]ᵀ · x[b, 0:T−s, :], dbias += Σ_{b,t} dy[b,t,:].
     *
     * @param dx (B, T, Cin) at dxo, or null when x needs no gradient
     * @param dwp (K, Cout, Cin) at dwpo, packed like wp
     * @param db (Cout) at dbo
     * @param dy (B, T, Cout) at dyo
     */
    static void backward(float[] dx, int dxo, float[] dwp, int dwpo, float[] db, int dbo, float[] dy, int dyo,
                         float[] x, int xo, float[] wp, int wpo, int nb, int nt, int cin, int cout, int k, int d) {
        double[] sum = new double[cout];
        int rows = nb * nt;
        for (int r = 0; r < rows; r++) {
            int ro = dyo + r * cout;
            for (int o = 0; o < cout; o++) {
                sum[o] += dy[ro + o];
            }
        }
        for (int o = 0; o < cout; o++) {
            db[dbo + o] += (float) sum[o];
        }
        for (int b = 0; b < nb; b++) {
            for (int kk = 0; kk < k; kk++) {
                int s = d * (k - 1 - kk);
                int m = nt - s;
                if (m <= 0) {
                    continue;
                }
                int dyRow = dyo + (b * nt + s) * cout;
                if (dx != null) {
                    Gemm.gemm(false, false, m, cin, cout, dy, dyRow, cout,
                            wp, wpo + kk * cout * cin, cin, true, dx, dxo + b * nt * cin, cin);
                }
                Gemm.gemm(true, false, cout, cin, m, dy, dyRow, cout,
                        x, xo + b * nt * cin, cin, true, dwp, dwpo + kk * cout * cin, cin);
            }
        }
    }

    /** wp[k, o, i] = w[o, i, k]: PyTorch's (Cout, Cin, K) to one contiguous (Cout, Cin) matrix per tap. */
    static void pack(float[] wp, float[] w, int wo, int cout, int cin, int k) {
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                int src = wo + (o * cin + i) * k;
                for (int kk = 0; kk < k; kk++) {
                    wp[(kk * cout + o) * cin + i] = w[src + kk];
                }
            }
        }
    }

    /** dw[o, i, k] += dwp[k, o, i]. */
    static void unpackAdd(float[] dw, int dwo, float[] dwp, int cout, int cin, int k) {
        for (int o = 0; o < cout; o++) {
            for (int i = 0; i < cin; i++) {
                int dst = dwo + (o * cin + i) * k;
                for (int kk = 0; kk < k; kk++) {
                    dw[dst + kk] += dwp[(kk * cout + o) * cin + i];
                }
            }
        }
    }
}
