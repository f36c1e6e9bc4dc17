package recur.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import recur.tensor.Gemm;
import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * A unidirectional {@link Recurrent} (LSTM, CIFG or GRU) run one step at a time on a tape, for
 * decoders whose input at a step depends on the step before (attention from the previous state,
 * input feeding). Each step is an operation with its own backward, and gradients reach every
 * step's input and the initial state; but the weight gradients are not taken step by step: each
 * step keeps its inputs, states and gate gradients in buffers over all steps, and one product
 * per weight over all T·B rows, recorded first so that it runs after every step's backward, adds
 * them (cuDNN's shape, as {@link Recurrent} does over a whole sequence). The weights are packed
 * once for forward and once for backward, so no step copies them. Same parameters, same results
 * as calling {@link Recurrent#forward} with one step at a time (up to the order of sums).
 *
 * <p>Dropout between stacked layers as {@link Recurrent} applies it, when the tape records.
 *
 * <p>Glossary: T most steps, B rows, I input size, H hidden size, L layers.
 */
public final class RecurrentSteps {
    private final Recurrent net;
    private final RecurrentCell cell;
    private final float[] w;
    private final float[] gw;
    private final int layers;
    private final int hidden;
    private final int batch;
    private final int maxSteps;
    private final int gates;
    private final float dropout;
    private final SplittableRandom rnd;
    private final boolean keep;
    private final Gemm.PackedB[] wihT;
    /** Per layer W_hhᵀ packed; for GRU only the r and z blocks' rows, and {@link #whnT} the n block's. */
    private final Gemm.PackedB[] whhT, whnT;
    private Gemm.PackedB[] wihB;
    private Gemm.PackedB[] whhB;
    /** (L, gates·H) the biases as forward folds them; (L, H) GRU's b_hn. */
    private final float[] bias;
    private final float[] bhn;
    /** Per layer, over the steps: inputs (T, B, I_l), states before (T, B, H), gate activations then gradients (T, B, gates·H). */
    private final float[][] xs;
    private final float[][] hp;
    private final float[][] g;
    /** Per layer: the input-side gate gradients (T, B, gates·H) (GRU's differ from the recurrent side's in the n block). */
    private final float[][] gi;
    /** LSTM: cell state before (T, B, H) and tanh of the cell state after; GRU: W_hn h + b_hn (T, B, H). */
    private final float[][] cp;
    private final float[][] tc;
    private final float[][] hn;
    /** (T, B, H) per layer above the first: the dropout mask of its input, or null. */
    private final float[][] masks;
    private final float[] s;
    private int steps;
    private Var h;
    private Var c;

    /**
     * Starts a run of at most {@code maxSteps} steps from the initial state, and records the
     * weight-gradient pass on {@code tape} (it runs last in backward).
     *
     * @param h0 (L, B, H) or null for zeros; c0 likewise for LSTM/CIFG
     */
    public RecurrentSteps(Tape tape, Recurrent net, float[] values, float[] grads, int maxSteps, int batch, Var h0, Var c0,
                          float dropout, SplittableRandom rnd) {
        if (net.directions() != 1) {
            throw new IllegalArgumentException("a bidirectional layer cannot run one step at a time");
        }
        this.net = net;
        this.cell = net.cell();
        if (cell != RecurrentCell.LSTM && cell != RecurrentCell.CIFG && cell != RecurrentCell.GRU) {
            throw new IllegalArgumentException("step-by-step training supports lstm, cifg and gru, not " + cell.id());
        }
        this.w = values;
        this.gw = grads;
        this.layers = net.layers();
        this.hidden = net.hiddenSize();
        this.batch = batch;
        this.maxSteps = maxSteps;
        this.gates = cell.gates() * hidden;
        this.dropout = dropout;
        this.rnd = rnd;
        this.keep = tape.recording();
        int H = hidden, L = layers, gH = gates, TB = maxSteps * batch;
        boolean gru = cell == RecurrentCell.GRU;
        wihT = new Gemm.PackedB[L];
        whhT = new Gemm.PackedB[L];
        whnT = new Gemm.PackedB[L];
        bias = new float[L * gH];
        bhn = new float[L * H];
        int states = keep ? TB : batch;
        xs = new float[L][];
        hp = new float[L][];
        g = new float[L][];
        gi = new float[L][];
        cp = new float[L][];
        tc = new float[L][];
        hn = new float[L][];
        masks = new float[L][];
        for (int l = 0; l < L; l++) {
            int in = l == 0 ? net.inputSize() : H;
            int wi = net.weightIh(l, false).offset(), wh = net.weightHh(l, false).offset();
            wihT[l] = Gemm.pack(true, in, gH, w, wi, in);
            whhT[l] = Gemm.pack(true, H, gru ? 2 * H : gH, w, wh, H);
            whnT[l] = gru ? Gemm.pack(true, H, H, w, wh + 2 * H * H, H) : null;
            int bi = net.biasIh(l, false).offset(), bh = net.biasHh(l, false).offset();
            for (int j = 0; j < gH; j++) {
                bias[l * gH + j] = w[bi + j] + (gru && j >= 2 * H ? 0f : w[bh + j]);
            }
            if (gru) {
                System.arraycopy(w, bh + 2 * H, bhn, l * H, H);
            }
            xs[l] = new float[(keep ? TB : batch) * in];
            hp[l] = new float[states * H];
            g[l] = new float[states * gH];
            gi[l] = keep && gru ? new float[TB * gH] : null;
            cp[l] = gru ? null : new float[states * H];
            tc[l] = gru ? null : new float[states * H];
            hn[l] = gru ? new float[states * H] : null;
            masks[l] = keep && l > 0 && dropout > 0 ? new float[TB * H] : null;
        }
        s = gru ? new float[batch * H] : null;
        if (keep && dropout > 0 && layers > 1 && rnd == null) {
            throw new IllegalArgumentException("dropout needs a random source");
        }
        this.h = h0 != null ? h0 : Var.zeros(L, batch, H);
        this.c = cell.hasCellState() ? (c0 != null ? c0 : Var.zeros(L, batch, H)) : null;
        tape.record(this::weightGradients);
    }

    /** The state after the last step (before the first: the initial one), (L, B, H). */
    public Var state() {
        return h;
    }

    /** The cell state after the last step (LSTM/CIFG), else null. */
    public Var cellState() {
        return c;
    }

    /**
     * Feeds x (B, I) to the first layer, advances every layer one step and records the step's
     * backward; returns the last layer's new state (B, H), a view of {@link #state()}.
     */
    public Var step(Tape tape, Var x) {
        if (steps >= maxSteps) {
            throw new IllegalStateException("more than " + maxSteps + " steps");
        }
        int B = batch, H = hidden, gH = gates, BH = B * H, L = layers, I = net.inputSize();
        if (x.size() != B * I) {
            throw new IllegalArgumentException("step input must have " + B + "×" + I + " values, got " + Arrays.toString(x.shape));
        }
        int t = steps++;
        int at = keep ? t : 0;
        Var hPrev = h;
        Var cPrev = c;
        Var hNew = Var.zeros(L, B, H);
        Var cNew = c == null ? null : Var.zeros(L, B, H);
        boolean gru = cell == RecurrentCell.GRU;
        for (int l = 0; l < L; l++) {
            int in = l == 0 ? I : H;
            int xo = at * B * in, so = at * BH, go = at * B * gH;
            if (l == 0) {
                System.arraycopy(x.v, x.vo, xs[0], xo, B * I);
            } else if (masks[l] != null) {
                float scale = 1f / (1f - dropout);
                float[] m = masks[l];
                for (int i = 0; i < BH; i++) {
                    m[so + i] = rnd.nextFloat() < dropout ? 0f : scale;
                    xs[l][xo + i] = hNew.v[(l - 1) * BH + i] * m[so + i];
                }
            } else {
                System.arraycopy(hNew.v, (l - 1) * BH, xs[l], xo, BH);
            }
            System.arraycopy(hPrev.v, hPrev.vo + l * BH, hp[l], so, BH);
            for (int b = 0; b < B; b++) {
                System.arraycopy(bias, l * gH, g[l], go + b * gH, gH);
            }
            Gemm.gemm(B, xs[l], xo, in, wihT[l], true, g[l], go, gH);
            if (gru) {
                Gemm.gemm(B, hp[l], so, H, whhT[l], true, g[l], go, gH);
                Gemm.gemm(B, hp[l], so, H, whnT[l], false, s, 0, H);
                GruCell.forward(B, H, null, 0, g[l], go, s, bhn, l * H, hn[l], so, hp[l], so, hNew.v, l * BH);
            } else {
                System.arraycopy(cPrev.v, cPrev.vo + l * BH, cp[l], so, BH);
                Gemm.gemm(B, hp[l], so, H, whhT[l], true, g[l], go, gH);
                LstmCell.forward(cell == RecurrentCell.CIFG, B, H, null, 0, g[l], go, hp[l], so, cp[l], so, hNew.v, l * BH,
                        cNew.v, l * BH, tc[l], so);
            }
        }
        tape.record(() -> backward(t, x, hPrev, cPrev, hNew, cNew));
        h = hNew;
        c = cNew;
        return Var.view(hNew.v, hNew.g(), (L - 1) * BH, B, H);
    }

    private void backward(int t, Var x, Var hPrev, Var cPrev, Var hNew, Var cNew) {
        int B = batch, H = hidden, gH = gates, BH = B * H, L = layers, I = net.inputSize();
        boolean gru = cell == RecurrentCell.GRU;
        if (wihB == null) {
            wihB = new Gemm.PackedB[L];
            whhB = new Gemm.PackedB[L];
            for (int l = 0; l < L; l++) {
                int in = l == 0 ? I : H;
                wihB[l] = Gemm.pack(false, gH, in, w, net.weightIh(l, false).offset(), in);
                whhB[l] = Gemm.pack(false, gH, H, w, net.weightHh(l, false).offset(), H);
            }
        }
        float[] dhAll = hNew.g();
        float[] dh = new float[BH];
        float[] dhPrev = new float[BH];
        float[] dc = cNew == null ? null : new float[BH];
        for (int l = L - 1; l >= 0; l--) {
            int in = l == 0 ? I : H;
            int so = t * BH, go = t * B * gH;
            System.arraycopy(dhAll, hNew.go() + l * BH, dh, 0, BH);
            float[] gin;
            if (gru) {
                GruCell.backward(B, H, null, 0, g[l], go, hn[l], so, hp[l], so, dh, dhPrev);
                // the input side: r and z as the recurrent side, n from hn
                gin = gi[l];
                for (int b = 0; b < B; b++) {
                    System.arraycopy(g[l], go + b * gH, gin, go + b * gH, 2 * H);
                    System.arraycopy(hn[l], so + b * H, gin, go + b * gH + 2 * H, H);
                }
            } else {
                if (cNew.hasGrad()) {
                    System.arraycopy(cNew.g(), cNew.go() + l * BH, dc, 0, BH);
                } else {
                    Arrays.fill(dc, 0f);
                }
                LstmCell.backward(cell == RecurrentCell.CIFG, B, H, null, 0, g[l], go, cp[l], so, tc[l], so, dh, dc, dhPrev);
                gin = g[l];
                if (cPrev.requiresGrad()) {
                    add(cPrev.g(), cPrev.go() + l * BH, dc, BH);
                }
            }
            if (hPrev.requiresGrad()) {
                Gemm.gemm(B, g[l], go, gH, whhB[l], true, dhPrev, 0, H);
                add(hPrev.g(), hPrev.go() + l * BH, dhPrev, BH);
            }
            if (l > 0) {
                // into the layer below's output at this step, through its dropout mask
                float[] dx = new float[BH];
                Gemm.gemm(B, gin, go, gH, wihB[l], false, dx, 0, H);
                if (masks[l] != null) {
                    VecMath.mul(dx, 0, masks[l], so, dx, 0, BH);
                }
                add(dhAll, hNew.go() + (l - 1) * BH, dx, BH);
            } else if (x.requiresGrad()) {
                Gemm.gemm(B, gin, go, gH, wihB[0], true, x.g(), x.go(), in);
            }
        }
    }

    /** The weight gradients of every step run, one product per weight over all their rows. */
    private void weightGradients() {
        int rows = steps * batch, H = hidden, gH = gates;
        if (rows == 0) {
            return;
        }
        boolean gru = cell == RecurrentCell.GRU;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? net.inputSize() : H;
            int wi = net.weightIh(l, false).offset(), wh = net.weightHh(l, false).offset();
            int bi = net.biasIh(l, false).offset(), bh = net.biasHh(l, false).offset();
            float[] gin = gru ? gi[l] : g[l];
            Gemm.tn(gH, H, rows, g[l], 0, hp[l], 0, true, gw, wh);
            Gemm.tn(gH, in, rows, gin, 0, xs[l], 0, true, gw, wi);
            double[] sh = VecMath.columnSums(g[l], 0, rows, gH);
            double[] si = gru ? VecMath.columnSums(gin, 0, rows, gH) : sh;
            for (int j = 0; j < gH; j++) {
                gw[bh + j] += (float) sh[j];
                gw[bi + j] += (float) si[j];
            }
        }
    }

    private static void add(float[] dst, int o, float[] src, int n) {
        for (int i = 0; i < n; i++) {
            dst[o + i] += src[i];
        }
    }
}
