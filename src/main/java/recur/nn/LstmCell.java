package recur.nn;

import recur.tensor.Simd;
import recur.tensor.VecMath;

/**
 * The elementwise part of one LSTM time step for B rows (the products live in {@link Recurrent}).
 * Gate blocks i,f,g,o; c' = f∘c + i∘g; h' = o∘tanh(c'). Rows b with {@code t >= len[b]} are past
 * the end of their sequence: their state passes through unchanged.
 */
final class LstmCell {
    private LstmCell() {}

    /**
     * @param g     (B, 4H) at go: on entry the pre-activations, on exit the activations i,f,g,o
     * @param hPrev (B, H) state before the step; cPrev likewise
     * @param hNew  (B, H) state after the step; cNew likewise
     * @param tc    (B, H) tanh(c'), kept for backward
     * @param len   (B) sequence lengths, or null when every row is active
     */
    static void forward(int B, int H, int[] len, int t, float[] g, int go,
                        float[] hPrev, int hpo, float[] cPrev, int cpo,
                        float[] hNew, int hno, float[] cNew, int cno, float[] tc, int tco) {
        int gH = 4 * H;
        for (int b = 0; b < B; b++) {
            int hp = hpo + b * H, cp = cpo + b * H, hn = hno + b * H, cn = cno + b * H, tr = tco + b * H;
            if (len != null && t >= len[b]) {
                GatedCellRows.carry(H, hPrev, hp, cPrev, cp, hNew, hn, cNew, cn);
                continue;
            }
            int r = go + b * gH;
            VecMath.sigmoid(g, r, g, r, 2 * H);
            VecMath.tanh(g, r + 2 * H, g, r + 2 * H, H);
            VecMath.sigmoid(g, r + 3 * H, g, r + 3 * H, H);
            for (int j = Simd.AVAILABLE ? CellSimd.lstmCell(g, r, H, cPrev, cp, cNew, cn) : 0; j < H; j++) {
                cNew[cn + j] = g[r + H + j] * cPrev[cp + j] + g[r + j] * g[r + 2 * H + j];
            }
            GatedCellRows.output(H, g, r + 3 * H, cNew, cn, tc, tr, hNew, hn);
        }
    }

    /**
     * @param g      (B, 4H) at go: on entry the activations from forward, on exit the gradient
     *               with respect to the pre-activations (zero for inactive rows)
     * @param cPrev  (B, H) cell state before the step
     * @param tc     (B, H) tanh(c') from forward
     * @param dh     (B, H) dL/dh' (output and later steps)
     * @param dc     (B, H) on entry dL/dc', on exit dL/dc
     * @param dhPrev (B, H) overwritten with the part of dL/dh that does not go through W_hh
     */
    static void backward(int B, int H, int[] len, int t, float[] g, int go,
                         float[] cPrev, int cpo, float[] tc, int tco,
                         float[] dh, float[] dc, float[] dhPrev) {
        int gH = 4 * H;
        for (int b = 0; b < B; b++) {
            int r = go + b * gH, s = b * H;
            if (len != null && t >= len[b]) {
                GatedCellRows.carryBack(H, gH, g, r, dh, dhPrev, s);
                continue;
            }
            int cp = cpo + s, tr = tco + s;
            for (int j = Simd.AVAILABLE ? CellSimd.lstmBackward(g, r, H, cPrev, cp, tc, tr, dh, dc, s, dhPrev) : 0; j < H; j++) {
                float i = g[r + j], f = g[r + H + j], gg = g[r + 2 * H + j], o = g[r + 3 * H + j];
                float tcj = tc[tr + j];
                float dhj = dh[s + j];
                float dct = dc[s + j] + dhj * o * (1f - tcj * tcj);
                g[r + j] = dct * gg * i * (1f - i);
                g[r + H + j] = dct * cPrev[cp + j] * f * (1f - f);
                g[r + 2 * H + j] = dct * i * (1f - gg * gg);
                g[r + 3 * H + j] = dhj * tcj * o * (1f - o);
                dc[s + j] = dct * f;
                dhPrev[s + j] = 0f;
            }
        }
    }
}
