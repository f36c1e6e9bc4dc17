package recur.nn;

import recur.tensor.VecMath;

/**
 * The elementwise part of one GRU step for B rows, in PyTorch's form: gate blocks r,z,n;
 * r = σ(a_r), z = σ(a_z), n = tanh(W_in x + b_in + r∘(W_hn h + b_hn)), h' = (1−z)∘n + z∘h.
 * Because r multiplies the recurrent part of n, the input-side and recurrent-side gradients of
 * the n block differ: backward leaves the recurrent-side ones in g and the input-side ones in hn.
 * Rows past the end of their sequence pass their state through.
 */
final class GruCell {
    private GruCell() {}

    /**
     * @param g     (B, 3H) at go: on entry x·W_ihᵀ + b_ih (+ b_hh + h·W_hhᵀ for r,z), on exit the
     *              activations r,z,n
     * @param s     (B, H) h·W_hnᵀ, the n block's recurrent product (no bias)
     * @param bhn   (H) at bo: b_hn
     * @param hn    (B, H) at hno: out W_hn h + b_hn, kept for backward
     * @param hPrev (B, H) state before the step
     * @param hNew  (B, H) state after the step
     * @param len   (B) sequence lengths, or null when every row is active
     */
    static void forward(int B, int H, int[] len, int t, float[] g, int go, float[] s, float[] bhn, int bo,
                        float[] hn, int hno, float[] hPrev, int hpo, float[] hNew, int hwo) {
        int gH = 3 * H;
        for (int b = 0; b < B; b++) {
            int hp = hpo + b * H, hw = hwo + b * H;
            if (len != null && t >= len[b]) {
                System.arraycopy(hPrev, hp, hNew, hw, H);
                continue;
            }
            int r = go + b * gH, sr = b * H, nr = hno + b * H;
            VecMath.sigmoid(g, r, g, r, 2 * H);
            for (int j = RecurrentCell.vectorRows ? CellSimd.gruCandidate(g, r, H, s, sr, bhn, bo, hn, nr) : 0; j < H; j++) {
                float v = s[sr + j] + bhn[bo + j];
                hn[nr + j] = v;
                g[r + 2 * H + j] += g[r + j] * v;
            }
            VecMath.tanh(g, r + 2 * H, g, r + 2 * H, H);
            for (int j = RecurrentCell.vectorRows ? CellSimd.gruState(g, r, H, hPrev, hp, hNew, hw) : 0; j < H; j++) {
                float z = g[r + H + j];
                hNew[hw + j] = (1f - z) * g[r + 2 * H + j] + z * hPrev[hp + j];
            }
        }
    }

    /**
     * @param g      (B, 3H) at go: on entry r,z,n; on exit dL/d of the recurrent-side
     *               pre-activations (da_r, da_z, da_n∘r)
     * @param hn     (B, H) at hno: on entry W_hn h + b_hn; on exit da_n, the input-side n gradient
     * @param hPrev  (B, H) state before the step
     * @param dh     (B, H) dL/dh'
     * @param dhPrev (B, H) overwritten with the part of dL/dh that does not go through W_hh (dh∘z)
     */
    static void backward(int B, int H, int[] len, int t, float[] g, int go, float[] hn, int hno,
                         float[] hPrev, int hpo, float[] dh, float[] dhPrev) {
        int gH = 3 * H;
        for (int b = 0; b < B; b++) {
            int r = go + b * gH, s = b * H, nr = hno + b * H;
            if (len != null && t >= len[b]) {
                java.util.Arrays.fill(g, r, r + gH, 0f);
                java.util.Arrays.fill(hn, nr, nr + H, 0f);
                System.arraycopy(dh, s, dhPrev, s, H);
                continue;
            }
            int hp = hpo + s;
            for (int j = RecurrentCell.vectorRows ? CellSimd.gruBackward(g, r, H, hn, nr, hPrev, hp, dh, s, dhPrev) : 0; j < H; j++) {
                float rr = g[r + j], z = g[r + H + j], n = g[r + 2 * H + j];
                float dhj = dh[s + j];
                float dan = dhj * (1f - z) * (1f - n * n);
                float dz = dhj * (hPrev[hp + j] - n);
                g[r + j] = dan * hn[nr + j] * rr * (1f - rr);
                g[r + H + j] = dz * z * (1f - z);
                g[r + 2 * H + j] = dan * rr;
                hn[nr + j] = dan;
                dhPrev[s + j] = dhj * z;
            }
        }
    }
}
