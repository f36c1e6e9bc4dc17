package recur.nn;

import recur.tensor.VecMath;

/**
 * The elementwise part of one LSTM time step for B rows (the products live in {@link Recurrent}),
 * plain or coupled input-forget (CIFG). Plain: gate blocks i,f,g,o; c' = f∘c + i∘g. Coupled: gate
 * blocks f,g,o; c' = f∘c + (1−f)∘g, the input gate being 1−f, which saves a quarter of the
 * weights. Both: h' = o∘tanh(c'). Rows b with {@code t >= len[b]} are past the end of their
 * sequence: their state passes through unchanged. The two variants share everything but the gate
 * arithmetic, which is chosen once per row, outside the per-element loops.
 */
final class LstmCell {
    private LstmCell() {}

    /**
     * @param g     (B, 4H), or (B, 3H) when coupled, at go: on entry the pre-activations, on exit
     *              the activations (i,)f,g,o
     * @param hPrev (B, H) state before the step; cPrev likewise
     * @param hNew  (B, H) state after the step; cNew likewise
     * @param tc    (B, H) tanh(c'), kept for backward
     * @param len   (B) sequence lengths, or null when every row is active
     */
    static void forward(boolean coupled, int B, int H, int[] len, int t, float[] g, int go,
                        float[] hPrev, int hpo, float[] cPrev, int cpo,
                        float[] hNew, int hno, float[] cNew, int cno, float[] tc, int tco) {
        int gH = (coupled ? 3 : 4) * H;
        for (int b = 0; b < B; b++) {
            int hp = hpo + b * H, cp = cpo + b * H, hn = hno + b * H, cn = cno + b * H, tr = tco + b * H;
            if (len != null && t >= len[b]) {
                System.arraycopy(hPrev, hp, hNew, hn, H);
                System.arraycopy(cPrev, cp, cNew, cn, H);
                continue;
            }
            int r = go + b * gH;
            if (coupled) {
                cifgState(H, g, r, cPrev, cp, cNew, cn);
            } else {
                lstmState(H, g, r, cPrev, cp, cNew, cn);
            }
            int o = r + gH - H;
            VecMath.tanh(cNew, cn, tc, tr, H);
            for (int j = RecurrentCell.vectorRows ? CellSimd.mul(g, o, tc, tr, hNew, hn, H) : 0; j < H; j++) {
                hNew[hn + j] = g[o + j] * tc[tr + j];
            }
        }
    }

    /** One row's gate activations and c' = f∘c + i∘g. */
    private static void lstmState(int H, float[] g, int r, float[] cPrev, int cp, float[] cNew, int cn) {
        VecMath.sigmoid(g, r, g, r, 2 * H);
        VecMath.tanh(g, r + 2 * H, g, r + 2 * H, H);
        VecMath.sigmoid(g, r + 3 * H, g, r + 3 * H, H);
        for (int j = RecurrentCell.vectorRows ? CellSimd.lstmCell(g, r, H, cPrev, cp, cNew, cn) : 0; j < H; j++) {
            cNew[cn + j] = g[r + H + j] * cPrev[cp + j] + g[r + j] * g[r + 2 * H + j];
        }
    }

    /** One row's gate activations and c' = f∘c + (1−f)∘g. */
    private static void cifgState(int H, float[] g, int r, float[] cPrev, int cp, float[] cNew, int cn) {
        VecMath.sigmoid(g, r, g, r, H);
        VecMath.tanh(g, r + H, g, r + H, H);
        VecMath.sigmoid(g, r + 2 * H, g, r + 2 * H, H);
        for (int j = RecurrentCell.vectorRows ? CellSimd.cifgCell(g, r, H, cPrev, cp, cNew, cn) : 0; j < H; j++) {
            float f = g[r + j];
            cNew[cn + j] = f * cPrev[cp + j] + (1f - f) * g[r + H + j];
        }
    }

    /**
     * @param g      (B, 4H), or (B, 3H) when coupled, at go: on entry the activations from
     *               forward, on exit the gradient with respect to the pre-activations (zero for
     *               inactive rows)
     * @param cPrev  (B, H) cell state before the step
     * @param tc     (B, H) tanh(c') from forward
     * @param dh     (B, H) dL/dh' (output and later steps)
     * @param dc     (B, H) on entry dL/dc', on exit dL/dc
     * @param dhPrev (B, H) overwritten with the part of dL/dh that does not go through W_hh
     */
    static void backward(boolean coupled, int B, int H, int[] len, int t, float[] g, int go,
                         float[] cPrev, int cpo, float[] tc, int tco,
                         float[] dh, float[] dc, float[] dhPrev) {
        int gH = (coupled ? 3 : 4) * H;
        for (int b = 0; b < B; b++) {
            int r = go + b * gH, s = b * H;
            if (len != null && t >= len[b]) {
                java.util.Arrays.fill(g, r, r + gH, 0f);
                System.arraycopy(dh, s, dhPrev, s, H);
                continue;
            }
            int cp = cpo + s, tr = tco + s;
            if (coupled) {
                cifgBackward(H, g, r, cPrev, cp, tc, tr, dh, dc, s, dhPrev);
            } else {
                lstmBackward(H, g, r, cPrev, cp, tc, tr, dh, dc, s, dhPrev);
            }
        }
    }

    /** One active row of the plain LSTM's backward. */
    private static void lstmBackward(int H, float[] g, int r, float[] cPrev, int cp, float[] tc, int tr,
                                     float[] dh, float[] dc, int s, float[] dhPrev) {
        for (int j = RecurrentCell.vectorRows ? CellSimd.lstmBackward(g, r, H, cPrev, cp, tc, tr, dh, dc, s, dhPrev) : 0; j < H; j++) {
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

    /** One active row of the coupled cell's backward. */
    private static void cifgBackward(int H, float[] g, int r, float[] cPrev, int cp, float[] tc, int tr,
                                     float[] dh, float[] dc, int s, float[] dhPrev) {
        for (int j = RecurrentCell.vectorRows ? CellSimd.cifgBackward(g, r, H, cPrev, cp, tc, tr, dh, dc, s, dhPrev) : 0; j < H; j++) {
            float f = g[r + j], gg = g[r + H + j], o = g[r + 2 * H + j];
            float tcj = tc[tr + j];
            float dhj = dh[s + j];
            float dct = dc[s + j] + dhj * o * (1f - tcj * tcj);
            g[r + j] = dct * (cPrev[cp + j] - gg) * f * (1f - f);
            g[r + H + j] = dct * (1f - f) * (1f - gg * gg);
            g[r + 2 * H + j] = dhj * tcj * o * (1f - o);
            dc[s + j] = dct * f;
            dhPrev[s + j] = 0f;
        }
    }
}
