package recur.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import recur.tensor.Gemm;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * A stacked, optionally bidirectional recurrent layer (RNN tanh/relu, LSTM, coupled-gate LSTM or
 * GRU) run over whole sequences, laid out and named like PyTorch's nn.RNN / nn.LSTM / nn.GRU so
 * weights move between the two unchanged.
 *
 * <p>Parameters live in a {@link ParamStore} under {@code prefix}: for layer l and direction
 * suffix s ("" or "_reverse") {@code weight_ih_l<l><s>} (gates·H, in), {@code weight_hh_l<l><s>}
 * (gates·H, H), {@code bias_ih_l<l><s>} and {@code bias_hh_l<l><s>} (gates·H), gate blocks in
 * the order of {@link RecurrentCell}. The input of layer 0 has size I, later layers dirs·H.
 *
 * <p>The computation is cuDNN's: per layer and direction one product x·W_ihᵀ over all T·B rows
 * (with both biases folded in), then per step one product h·W_hhᵀ and the elementwise cell; in
 * backward the step loop runs in reverse producing the gate gradients, and one product each then
 * gives dW_ih, dW_hh and dx over all T·B rows.
 *
 * <p>Variable lengths work like PyTorch's packed sequences: for sequence b, steps t ≥ len[b]
 * leave its state unchanged and output zeros; the reverse direction starts at each sequence's own
 * last step; the final state is the state at each sequence's end.
 *
 * <p>Buffers (activations kept for backward, scratch) are reused from one call to the next when
 * T and B stay the same and the previous call's backward has run, so truncated BPTT over equal
 * windows allocates only the output and state arrays. Concurrent forwards are safe; each call
 * takes buffers no other call holds.
 *
 * <p>Glossary: T time steps, B batch, I input size, H hidden size, L layers, D directions (1 or 2).
 */
public final class Recurrent {
    /**
     * The result of {@link #forward}.
     *
     * @param y the last layer's output (T, B, D·H); forward direction in columns [0, H), reverse in [H, 2H)
     * @param h the final hidden state (L·D, B, H), rows ordered layer-major like PyTorch's h_n
     * @param c the final cell state (L·D, B, H) for LSTM/CIFG, null otherwise
     */
    public record Output(Var y, Var h, Var c) {
        /** h as an input that takes no gradient, sharing its values (no copy): the next window's h0 in truncated BPTT. */
        public Var hDetached() {
            return Var.constant(h.v, h.shape);
        }

        /** c as an input that takes no gradient (no copy), or null for cells without c. */
        public Var cDetached() {
            return c == null ? null : Var.constant(c.v, c.shape);
        }
    }

    private final ParamStore store;
    private final String prefix;
    private final RecurrentCell cell;
    private final int inputSize;
    private final int hidden;
    private final int layers;
    private final int dirs;
    /** Indexed by layer·D + direction. */
    private final ParamStore.Param[] wih, whh, bih, bhh;
    /** Buffers of finished passes kept for reuse, by 2·(layer·D + direction) + (recording ? 1 : 0). */
    private final Pass[] pool;

    /**
     * Declares the parameters in {@code store} (which must not be allocated yet). Call
     * {@link #init} once the store is allocated.
     */
    public Recurrent(ParamStore store, String prefix, RecurrentCell cell, int inputSize, int hiddenSize,
                     int layers, boolean bidirectional) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be at least 1, got " + inputSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hidden size must be at least 1, got " + hiddenSize);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        this.store = store;
        this.prefix = prefix;
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hiddenSize;
        this.layers = layers;
        this.dirs = bidirectional ? 2 : 1;
        int n = layers * dirs, gH = cell.gates() * hiddenSize;
        wih = new ParamStore.Param[n];
        whh = new ParamStore.Param[n];
        bih = new ParamStore.Param[n];
        bhh = new ParamStore.Param[n];
        pool = new Pass[2 * n];
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : dirs * hiddenSize;
            for (int d = 0; d < dirs; d++) {
                String s = "_l" + l + (d == 1 ? "_reverse" : "");
                int k = l * dirs + d;
                wih[k] = store.add(prefix + "weight_ih" + s, gH, in);
                whh[k] = store.add(prefix + "weight_hh" + s, gH, hiddenSize);
                bih[k] = store.add(prefix + "bias_ih" + s, gH);
                bhh[k] = store.add(prefix + "bias_hh" + s, gH);
            }
        }
    }

    /** PyTorch's default: every weight and bias uniform in ±1/√H, drawn in parameter order. */
    public void init(SplittableRandom rnd) {
        float[] w = store.values();
        double k = 1.0 / Math.sqrt(hidden);
        for (ParamStore.Param p : params()) {
            for (int i = 0; i < p.size(); i++) {
                w[p.offset() + i] = (float) rnd.nextDouble(-k, k);
            }
        }
    }

    /**
     * Sets the forget-gate bias of every LSTM/CIFG layer to {@code value} in total (bias_ih's
     * forget block to value, bias_hh's to 0), which helps gradients flow early in training.
     */
    public void setForgetBias(float value) {
        int fb = cell.forgetBlock();
        if (fb < 0) {
            throw new IllegalArgumentException("cell " + cell.id() + " has no forget gate");
        }
        float[] w = store.values();
        for (int k = 0; k < wih.length; k++) {
            Arrays.fill(w, bih[k].offset() + fb * hidden, bih[k].offset() + (fb + 1) * hidden, value);
            Arrays.fill(w, bhh[k].offset() + fb * hidden, bhh[k].offset() + (fb + 1) * hidden, 0f);
        }
    }

    /** All parameters in PyTorch's order (per layer, per direction: weight_ih, weight_hh, bias_ih, bias_hh). */
    public List<ParamStore.Param> params() {
        List<ParamStore.Param> out = new ArrayList<>();
        for (int k = 0; k < wih.length; k++) {
            out.add(wih[k]);
            out.add(whh[k]);
            out.add(bih[k]);
            out.add(bhh[k]);
        }
        return Collections.unmodifiableList(out);
    }

    /** Every weight_hh (gates·H, H), e.g. to re-initialise each H×H gate block orthogonally. */
    public List<ParamStore.Param> recurrentWeights() {
        return List.of(whh);
    }

    public ParamStore.Param weightIh(int layer, boolean reverse) {
        return wih[index(layer, reverse)];
    }

    public ParamStore.Param weightHh(int layer, boolean reverse) {
        return whh[index(layer, reverse)];
    }

    public ParamStore.Param biasIh(int layer, boolean reverse) {
        return bih[index(layer, reverse)];
    }

    public ParamStore.Param biasHh(int layer, boolean reverse) {
        return bhh[index(layer, reverse)];
    }

    public RecurrentCell cell() {
        return cell;
    }

    public String prefix() {
        return prefix;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hidden;
    }

    public int layers() {
        return layers;
    }

    public int directions() {
        return dirs;
    }

    /** Width of each output row: D·H. */
    public int outputSize() {
        return dirs * hidden;
    }

    private int index(int layer, boolean reverse) {
        if (layer < 0 || layer >= layers || (reverse && dirs == 1)) {
            throw new IllegalArgumentException("no layer " + layer + (reverse ? " reverse" : ""));
        }
        return layer * dirs + (reverse ? 1 : 0);
    }

    /** {@link #forward(Tape, Var, Var, Var, int[], float, SplittableRandom)} with full-length sequences and no dropout. */
    public Output forward(Tape tape, Var x, Var h0, Var c0) {
        return forward(tape, x, h0, c0, null, 0f, null);
    }

    /**
     * Runs all layers over the sequences and records the backward pass on {@code tape}, so
     * gradients reach x, h0, c0 (those that require one) and the parameters' gradient buffer.
     *
     * @param x       (T, B, I) input, time-major
     * @param h0      (L·D, B, H) initial hidden state, or null for zeros
     * @param c0      (L·D, B, H) initial cell state for LSTM/CIFG, or null for zeros
     * @param lengths (B) length of each sequence, 0 ≤ len ≤ T, or null when all have length T
     * @param dropout probability of dropping each output of every layer but the last (applied only
     *                when the tape records, as PyTorch's dropout argument in training mode)
     * @param rnd     source of the dropout masks; may be null when dropout is 0
     */
    public Output forward(Tape tape, Var x, Var h0, Var c0, int[] lengths, float dropout, SplittableRandom rnd) {
        if (x.shape.length != 3 || x.dim(2) != inputSize) {
            throw new IllegalArgumentException("input must have shape (T, B, " + inputSize + "), got " + Arrays.toString(x.shape));
        }
        int T = x.dim(0), B = x.dim(1), H = hidden, LD = layers * dirs;
        if (T < 1 || B < 1) {
            throw new IllegalArgumentException("input must have at least one step and one sequence, got " + Arrays.toString(x.shape));
        }
        checkState("h0", h0, LD, B);
        if (c0 != null && !cell.hasCellState()) {
            throw new IllegalArgumentException("cell " + cell.id() + " has no cell state; c0 must be null");
        }
        checkState("c0", c0, LD, B);
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (dropout > 0 && layers > 1 && tape.recording() && rnd == null) {
            throw new IllegalArgumentException("dropout needs a random source");
        }
        int[] len = null;
        if (lengths != null) {
            if (lengths.length != B) {
                throw new IllegalArgumentException("expected " + B + " lengths, got " + lengths.length);
            }
            len = lengths.clone();
            boolean all = true;
            for (int b = 0; b < B; b++) {
                if (len[b] < 0 || len[b] > T) {
                    throw new IllegalArgumentException("length " + len[b] + " of sequence " + b + " is outside [0, " + T + "]");
                }
                all &= len[b] == T;
            }
            if (all) {
                len = null;
            }
        }
        Var hn = Var.zeros(LD, B, H);
        Var cn = cell.hasCellState() ? Var.zeros(LD, B, H) : null;
        Var in = x;
        for (int l = 0; l < layers; l++) {
            if (l > 0 && dropout > 0) {
                in = Dropout.apply(tape, in, dropout, false, rnd);
            }
            Var y = Var.zeros(T, B, dirs * H);
            layer(tape, l, in, y, h0, c0, hn, cn, len);
            in = y;
        }
        return new Output(in, hn, cn);
    }

    private void checkState(String name, Var s, int LD, int B) {
        if (s != null && (s.shape.length != 3 || s.dim(0) != LD || s.dim(1) != B || s.dim(2) != hidden)) {
            throw new IllegalArgumentException(name + " must have shape (" + LD + ", " + B + ", " + hidden + "), got "
                    + Arrays.toString(s.shape));
        }
    }

    /**
     * The buffers of one layer and direction: what forward keeps for backward, and scratch.
     * Reused across calls of the same shape (see {@link #take}), so a training loop over
     * equally sized windows allocates nothing after its first step.
     */
    private static final class Pass {
        final int k, T, B;
        final boolean keep;
        boolean reverse;
        /** (T, B, gates·H): activations after forward, gate gradients during backward. */
        final float[] g;
        /** (T, B, H): hidden state before step t (in time order whatever the direction); two slots without recording. */
        final float[] hs;
        /** (T, B, H): cell state before step t (LSTM/CIFG); two slots without recording. */
        final float[] cs;
        /** (T, B, H): tanh of the cell state after step t (LSTM/CIFG); (B, H) without recording. */
        final float[] tc;
        /** (T, B, H): W_hn h + b_hn for GRU, then the input-side n-gate gradient; (B, H) without recording. */
        final float[] hn;
        /** (B, H): GRU's h·W_hnᵀ, the recurrent product of the n block (r and z add theirs into g). */
        final float[] s;
        /** (B, H) each: backward's running gradients; null without recording. */
        final float[] carry, dh, dhPrev, dc;
        /**
         * W_hhᵀ packed for forward's steps (see {@link #stepProduct}); null for a single step. For
         * GRU only the r and z blocks' rows, and {@link #whnT} the n block's.
         */
        Gemm.PackedB whT, whnT;

        Pass(RecurrentCell cell, int k, int T, int B, int H, boolean keep) {
            this.k = k;
            this.T = T;
            this.B = B;
            this.keep = keep;
            int BH = B * H, gH = cell.gates() * H;
            boolean hasC = cell.hasCellState(), gru = cell == RecurrentCell.GRU;
            // without a recording tape, two state slots used in turn are all forward needs
            int slots = keep ? T : 2;
            g = new float[T * B * gH];
            hs = new float[slots * BH];
            cs = hasC ? new float[slots * BH] : null;
            tc = hasC ? new float[keep ? T * BH : BH] : null;
            hn = gru ? new float[keep ? T * BH : BH] : null;
            s = gru ? new float[BH] : null;
            carry = keep ? new float[BH] : null;
            dh = keep ? new float[BH] : null;
            dhPrev = keep ? new float[BH] : null;
            dc = keep && hasC ? new float[BH] : null;
        }
    }

    /** A pooled pass of this shape, or a new one. Synchronized so concurrent forwards stay safe. */
    private synchronized Pass take(int k, int T, int B, boolean keep) {
        int slot = 2 * k + (keep ? 1 : 0);
        Pass p = pool[slot];
        if (p != null && p.T == T && p.B == B) {
            pool[slot] = null;
            return p;
        }
        return new Pass(cell, k, T, B, hidden, keep);
    }

    /** Returns a pass whose buffers nothing reads any more. */
    private synchronized void give(Pass p) {
        pool[2 * p.k + (p.keep ? 1 : 0)] = p;
    }

    /** Drops the buffers kept for reuse (they are as large as one window's activations). */
    public synchronized void releaseBuffers() {
        Arrays.fill(pool, null);
    }

    /** One layer, both directions, as one operation on the tape. */
    private void layer(Tape tape, int l, Var in, Var y, Var h0, Var c0, Var hn, Var cn, int[] len) {
        boolean keep = tape.recording();
        Pass[] passes = new Pass[dirs];
        for (int d = 0; d < dirs; d++) {
            passes[d] = forwardPass(l * dirs + d, d == 1, keep, in, y, h0, c0, hn, cn, len);
            if (!keep) {
                give(passes[d]);
            }
        }
        tape.record(() -> {
            for (Pass p : passes) {
                backwardPass(p, in, y, h0, c0, hn, cn, len);
                give(p);
            }
        });
    }

    private Pass forwardPass(int k, boolean reverse, boolean keep, Var in, Var y, Var h0, Var c0, Var hn, Var cn, int[] len) {
        int T = in.dim(0), B = in.dim(1), I = in.dim(2), H = hidden, gH = cell.gates() * H, BH = B * H;
        int D = dirs, DH = D * H, col = (reverse ? 1 : 0) * H;
        float[] w = store.values();
        int wi = wih[k].offset(), wh = whh[k].offset(), bi = bih[k].offset(), bh = bhh[k].offset();

        Pass p = take(k, T, B, keep);
        p.reverse = reverse;
        float[] g = p.g;
        for (int j = 0; j < gH; j++) {
            // GRU's b_hn sits inside r∘(…), so only the cell can add it
            g[j] = w[bi + j] + (cell == RecurrentCell.GRU && j >= 2 * H ? 0f : w[bh + j]);
        }
        // every row starts as the bias, and the product accumulates onto it
        for (int r = 1; r < T * B; r++) {
            System.arraycopy(g, 0, g, r * gH, gH);
        }
        Gemm.nt(T * B, gH, I, in.v, in.vo, w, wi, true, g, 0);
        boolean hasC = cell.hasCellState();
        float[] hs = p.hs, cs = p.cs, tc = p.tc, gn = p.hn, s = p.s;
        int s0 = keep ? (reverse ? T - 1 : 0) * BH : 0;
        if (h0 != null) {
            System.arraycopy(h0.v, h0.vo + k * BH, hs, s0, BH);
        } else {
            Arrays.fill(hs, s0, s0 + BH, 0f);
        }
        if (c0 != null) {
            System.arraycopy(c0.v, c0.vo + k * BH, cs, s0, BH);
        } else if (hasC) {
            Arrays.fill(cs, s0, s0 + BH, 0f);
        }
        boolean gru = cell == RecurrentCell.GRU;
        // GRU: the r and z blocks' product goes straight onto their pre-activations; the n block's
        // is kept apart, because r multiplies it
        int rec = gru ? 2 * H : gH;
        p.whT = T > 1 ? Gemm.pack(true, H, rec, w, wh, H) : null;
        p.whnT = T > 1 && gru ? Gemm.pack(true, H, H, w, wh + rec * H, H) : null;
        for (int step = 0; step < T; step++) {
            int t = reverse ? T - 1 - step : step;
            boolean last = step == T - 1;
            int next = keep ? (reverse ? t - 1 : t + 1) * BH : ((step + 1) & 1) * BH;
            float[] hOut = last ? hn.v : hs;
            int ho = last ? hn.vo + k * BH : next;
            float[] cOut = hasC ? (last ? cn.v : cs) : null;
            int co = hasC ? (last ? cn.vo + k * BH : next) : 0;
            int hp = keep ? t * BH : (step & 1) * BH, go = t * B * gH, ko = keep ? hp : 0;
            switch (cell) {
                case LSTM, CIFG -> {
                    stepProduct(p.whT, true, B, gH, H, hs, hp, w, wh, true, g, go, gH);
                    LstmCell.forward(cell == RecurrentCell.CIFG, B, H, len, t, g, go, hs, hp, cs, hp, hOut, ho, cOut, co, tc, ko);
                }
                case GRU -> {
                    stepProduct(p.whT, true, B, rec, H, hs, hp, w, wh, true, g, go, gH);
                    stepProduct(p.whnT, true, B, H, H, hs, hp, w, wh + rec * H, false, s, 0, H);
                    GruCell.forward(B, H, len, t, g, go, s, w, bh + rec, gn, ko, hs, hp, hOut, ho);
                }
                case RNN_TANH, RNN_RELU -> {
                    stepProduct(p.whT, true, B, gH, H, hs, hp, w, wh, true, g, go, gH);
                    RnnCell.forward(cell == RecurrentCell.RNN_RELU, B, H, len, t, g, go, hs, hp, hOut, ho);
                }
            }
            float[] yv = y.v;
            for (int b = 0; b < B; b++) {
                if (len == null || t < len[b]) {
                    System.arraycopy(hOut, ho + b * H, yv, y.vo + (t * B + b) * DH + col, H);
                }
            }
        }
        return p;
    }

    /**
     * One step's product with the recurrent weight, C (m×n) (+)= A (m×k)·op(W_hh): W_hhᵀ in
     * forward (h·W_hhᵀ), W_hh in backward (dgates·W_hh). Over a window of several steps op(W_hh)
     * was packed once, and each step runs the packed kernel on it: about 2.5× the rate of dot
     * products against W_hh's rows (B = 20, H = 200), and no per-step copy of W_hh. A single step
     * (sampling) is not worth the packing and reads W_hh as stored. Which path runs depends only
     * on the window's length, so a given window always gives the same bits. C's rows are ldc apart.
     */
    private static void stepProduct(Gemm.PackedB packed, boolean transW, int m, int n, int k, float[] a, int ao,
                                     float[] w, int wh, boolean accumulate, float[] c, int co, int ldc) {
        if (packed != null) {
            Gemm.gemm(m, a, ao, k, packed, accumulate, c, co, ldc);
        } else {
            Gemm.gemm(false, transW, m, n, k, a, ao, k, w, wh, transW ? k : n, accumulate, c, co, ldc);
        }
    }

    private void backwardPass(Pass p, Var in, Var y, Var h0, Var c0, Var hn, Var cn, int[] len) {
        int T = in.dim(0), B = in.dim(1), I = in.dim(2), H = hidden, gH = cell.gates() * H, BH = B * H;
        int DH = dirs * H, col = (p.reverse ? 1 : 0) * H, k = p.k, TB = T * B;
        float[] w = store.values(), gw = store.grads();
        int wi = wih[k].offset(), wh = whh[k].offset(), bi = bih[k].offset(), bh = bhh[k].offset();
        float[] g = p.g;

        float[] carry = p.carry, dhPrev = p.dhPrev, dh = p.dh, dc = p.dc;
        if (hn.hasGrad()) {
            System.arraycopy(hn.g(), hn.go() + k * BH, carry, 0, BH);
        } else {
            Arrays.fill(carry, 0f);
        }
        if (dc != null) {
            if (cn.hasGrad()) {
                System.arraycopy(cn.g(), cn.go() + k * BH, dc, 0, BH);
            } else {
                Arrays.fill(dc, 0f);
            }
        }
        float[] dy = y.hasGrad() ? y.g() : null;
        int dyo = dy != null ? y.go() : 0;
        // the first step's product only feeds dh0
        boolean wantH0 = h0 != null && h0.requiresGrad();
        // dh·W_hh at every step: W_hh packed once, as forward packs W_hhᵀ
        Gemm.PackedB whp = T > 1 ? Gemm.pack(false, gH, H, w, wh, H) : null;
        for (int step = T - 1; step >= 0; step--) {
            int t = p.reverse ? T - 1 - step : step;
            int hp = t * BH, go = t * B * gH;
            for (int b = 0; b < B; b++) {
                int s = b * H;
                if (dy != null && (len == null || t < len[b])) {
                    int yo = dyo + (t * B + b) * DH + col;
                    for (int j = RecurrentCell.vectorRows ? CellSimd.sum(carry, s, dy, yo, dh, s, H) : 0; j < H; j++) {
                        dh[s + j] = carry[s + j] + dy[yo + j];
                    }
                } else {
                    System.arraycopy(carry, s, dh, s, H);
                }
            }
            switch (cell) {
                case LSTM, CIFG -> LstmCell.backward(cell == RecurrentCell.CIFG, B, H, len, t, g, go, p.cs, hp, p.tc, hp,
                        dh, dc, dhPrev);
                case GRU -> GruCell.backward(B, H, len, t, g, go, p.hn, hp, p.hs, hp, dh, dhPrev);
                case RNN_TANH, RNN_RELU -> RnnCell.backward(cell == RecurrentCell.RNN_RELU, B, H, len, t, g, go, dh, dhPrev);
            }
            if (step > 0 || wantH0) {
                stepProduct(whp, false, B, H, gH, g, go, w, wh, true, dhPrev, 0, H);
            }
            float[] tmp = carry;
            carry = dhPrev;
            dhPrev = tmp;
        }
        if (wantH0) {
            addInto(h0.g(), h0.go() + k * BH, carry, BH);
        }
        if (c0 != null && c0.requiresGrad()) {
            addInto(c0.g(), c0.go() + k * BH, dc, BH);
        }

        Gemm.tn(gH, H, TB, g, 0, p.hs, 0, true, gw, wh);
        double[] sum = VecMath.columnSums(g, 0, TB, gH);
        for (int j = 0; j < gH; j++) {
            gw[bh + j] += (float) sum[j];
        }
        if (cell == RecurrentCell.GRU) {
            // the input side's gradients equal the recurrent side's but in the n block, whose input
            // side (da_n, without r) the cell left in p.hn: put it in place, and the products and
            // sums below are the other cells' (one product each over all gates)
            for (int r = 0; r < TB; r++) {
                System.arraycopy(p.hn, r * H, g, r * gH + 2 * H, H);
            }
            sum = VecMath.columnSums(g, 0, TB, gH);
        }
        Gemm.tn(gH, I, TB, g, 0, in.v, in.vo, true, gw, wi);
        for (int j = 0; j < gH; j++) {
            gw[bi + j] += (float) sum[j];
        }
        if (in.requiresGrad()) {
            Gemm.nn(TB, I, gH, g, 0, w, wi, true, in.g(), in.go());
        }
    }

    private static void addInto(float[] dst, int o, float[] src, int n) {
        for (int i = 0; i < n; i++) {
            dst[o + i] += src[i];
        }
    }
}
