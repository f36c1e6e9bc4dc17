package recur.nn;

import recur.tensor.Simd;
import recur.tensor.VecMath;

/**
 * The per-row steps LSTM and CIFG share around their own gate arithmetic: a row past the end of
 * its sequence carries its state through (forward) and its gradient back (backward), and an active
 * row's output is h' = o∘tanh(c'). Only the gate layout and the cell-state update differ between
 * the two, so those stay in {@link LstmCell} and {@link CifgCell}.
 */
final class GatedCellRows {
    private GatedCellRows() {}

    /** An inactive row's forward: h' = h and c' = c, each (H). */
    static void carry(int H, float[] hPrev, int hp, float[] cPrev, int cp, float[] hNew, int hn, float[] cNew, int cn) {
        System.arraycopy(hPrev, hp, hNew, hn, H);
        System.arraycopy(cPrev, cp, cNew, cn, H);
    }

    /**
     * h' = o∘tanh(c') for one row, keeping tanh(c') for backward.
     *
     * @param g  the output gate's activations (H) at o
     * @param tc out (H) at tr, tanh(c')
     */
    static void output(int H, float[] g, int o, float[] cNew, int cn, float[] tc, int tr, float[] hNew, int hn) {
        VecMath.tanh(cNew, cn, tc, tr, H);
        for (int j = Simd.AVAILABLE ? CellSimd.mul(g, o, tc, tr, hNew, hn, H) : 0; j < H; j++) {
            hNew[hn + j] = g[o + j] * tc[tr + j];
        }
    }

    /**
     * An inactive row's backward: no gate gradient, and dL/dh passes to the earlier step whole
     * (dL/dc is left as it is, which is the same as passing it through).
     *
     * @param g  (gH) at r, zeroed
     * @param dh (H) at s, copied to dhPrev at s
     */
    static void carryBack(int H, int gH, float[] g, int r, float[] dh, float[] dhPrev, int s) {
        java.util.Arrays.fill(g, r, r + gH, 0f);
        System.arraycopy(dh, s, dhPrev, s, H);
    }
}
