package recur.nn;

import java.util.Arrays;
import recur.tensor.Gemm;

/**
 * A unidirectional {@link Recurrent} run one time step at a time for many rows at once, for
 * decoding: each weight matrix is packed once, when this is made, and every step's products run
 * the packed kernel on it. A one-row step then reads each weight once and copies none, and a
 * row's bits do not depend on how many rows share the step (Gemm's unpacked products choose
 * their path by the row count: a direct loop in double for tiny ones, dot products for few rows
 * on AVX-512), so a record decodes to the same bytes at any batch size. A snapshot: later
 * changes to the weights are not seen.
 *
 * <p>Not safe for concurrent use; each decoding thread makes its own.
 *
 * <p>Glossary: m rows, I input size, H hidden size, L layers, cap the rows the state can hold.
 */
public final class RecurrentStep {
    private final RecurrentCell cell;
    private final int layers;
    private final int hidden;
    private final int inputSize;
    private final int gates;
    private final Gemm.PackedB[] wihT;
    /** Per layer W_hhᵀ packed; for GRU only the r and z blocks' rows, and {@link #whnT} the n block's. */
    private final Gemm.PackedB[] whhT, whnT;
    /** (L, gates·H): b_ih + b_hh per layer, with GRU's n block b_ih alone. */
    private final float[] bias;
    /** (L, H): GRU's b_hn, which sits inside r∘(…). */
    private final float[] bhn;
    /** Scratch grown to the largest m seen: gates (m, gates·H), GRU's h·W_hnᵀ, new h and c, tanh c, GRU's n. */
    private float[] g = new float[0];
    private float[] s = new float[0];
    private float[] hNew = new float[0];
    private float[] cNew = new float[0];
    private float[] tc = new float[0];
    private float[] gn = new float[0];

    /**
     * @param net a unidirectional recurrent layer
     * @param w the values of the store the layer's parameters live in
     */
    public RecurrentStep(Recurrent net, float[] w) {
        if (net.directions() != 1) {
            throw new IllegalArgumentException("a bidirectional layer cannot run one step at a time");
        }
        this.cell = net.cell();
        this.layers = net.layers();
        this.hidden = net.hiddenSize();
        this.inputSize = net.inputSize();
        this.gates = cell.gates() * hidden;
        int H = hidden;
        wihT = new Gemm.PackedB[layers];
        whhT = new Gemm.PackedB[layers];
        whnT = new Gemm.PackedB[layers];
        bias = new float[layers * gates];
        bhn = new float[layers * H];
        boolean gru = cell == RecurrentCell.GRU;
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? inputSize : H;
            wihT[l] = Gemm.pack(true, in, gates, w, net.weightIh(l, false).offset(), in);
            int wh = net.weightHh(l, false).offset();
            whhT[l] = Gemm.pack(true, H, gru ? 2 * H : gates, w, wh, H);
            whnT[l] = gru ? Gemm.pack(true, H, H, w, wh + 2 * H * H, H) : null;
            int bi = net.biasIh(l, false).offset(), bh = net.biasHh(l, false).offset();
            for (int j = 0; j < gates; j++) {
                // as Recurrent's forward folds them: GRU's b_hn only inside the cell
                bias[l * gates + j] = w[bi + j] + (gru && j >= 2 * H ? 0f : w[bh + j]);
            }
            if (gru) {
                System.arraycopy(w, bh + 2 * H, bhn, l * H, H);
            }
        }
    }

    public int hiddenSize() {
        return hidden;
    }

    public int inputSize() {
        return inputSize;
    }

    public int layers() {
        return layers;
    }

    public boolean hasCellState() {
        return cell.hasCellState();
    }

    /**
     * Advances rows [0, m) by one step.
     *
     * @param x (m, I) at xo: this step's inputs
     * @param h (L, cap, H): hidden state, rows [0, m) of each layer read and replaced
     * @param c (L, cap, H): cell state likewise (LSTM/CIFG), else null
     * @param y (m, H) at yo: the last layer's new hidden state
     */
    public void step(int m, float[] x, int xo, float[] h, float[] c, int cap, float[] y, int yo) {
        if (m < 1 || m > cap) {
            throw new IllegalArgumentException("rows must be in [1, " + cap + "], got " + m);
        }
        int H = hidden, mH = m * H;
        grow(m);
        float[] in = x;
        int inO = xo, inSize = inputSize;
        for (int l = 0; l < layers; l++) {
            for (int r = 0; r < m; r++) {
                System.arraycopy(bias, l * gates, g, r * gates, gates);
            }
            Gemm.gemm(m, in, inO, inSize, wihT[l], true, g, 0, gates);
            int so = l * cap * H;
            switch (cell) {
                case LSTM, CIFG -> {
                    Gemm.gemm(m, h, so, H, whhT[l], true, g, 0, gates);
                    LstmCell.forward(cell == RecurrentCell.CIFG, m, H, null, 0, g, 0, h, so, c, so, hNew, 0, cNew, 0, tc, 0);
                    System.arraycopy(cNew, 0, c, so, mH);
                }
                case GRU -> {
                    Gemm.gemm(m, h, so, H, whhT[l], true, g, 0, gates);
                    Gemm.gemm(m, h, so, H, whnT[l], false, s, 0, H);
                    GruCell.forward(m, H, null, 0, g, 0, s, bhn, l * H, gn, 0, h, so, hNew, 0);
                }
                case RNN_TANH, RNN_RELU -> {
                    Gemm.gemm(m, h, so, H, whhT[l], true, g, 0, gates);
                    RnnCell.forward(cell == RecurrentCell.RNN_RELU, m, H, null, 0, g, 0, h, so, hNew, 0);
                }
            }
            System.arraycopy(hNew, 0, h, so, mH);
            in = h;
            inO = so;
            inSize = H;
        }
        System.arraycopy(in, inO, y, yo, mH);
    }

    private void grow(int m) {
        if (hNew.length >= m * hidden) {
            return;
        }
        int H = hidden;
        g = new float[m * gates];
        hNew = new float[m * H];
        tc = cell.hasCellState() ? new float[m * H] : tc;
        cNew = cell.hasCellState() ? new float[m * H] : cNew;
        s = cell == RecurrentCell.GRU ? new float[m * H] : s;
        gn = cell == RecurrentCell.GRU ? new float[m * H] : gn;
    }

    /** Copies row {@code from} of every layer of a (L, cap, H) state to row {@code to}. */
    public static void moveRow(float[] state, int layers, int cap, int hidden, int from, int to) {
        for (int l = 0; l < layers; l++) {
            System.arraycopy(state, (l * cap + from) * hidden, state, (l * cap + to) * hidden, hidden);
        }
    }

    /** Zeroes row {@code row} of every layer of a (L, cap, H) state. */
    public static void resetRow(float[] state, int layers, int cap, int hidden, int row) {
        for (int l = 0; l < layers; l++) {
            Arrays.fill(state, (l * cap + row) * hidden, (l * cap + row + 1) * hidden, 0f);
        }
    }
}
