package recur.nn;

import recur.tensor.VecMath;

/**
 * The elementwise part of one vanilla RNN step for B rows: h' = tanh(a) or relu(a). After
 * forward the gate buffer holds h' itself, which is all backward needs for the derivative.
 * Rows past the end of their sequence pass their state through.
 */
final class RnnCell {
    private RnnCell() {}

    /**
     * @param g     (B, H) at go: on entry the pre-activations a, on exit act(a)
     * @param hPrev (B, H) state before the step
     * @param hNew  (B, H) state after the step
     * @param len   (B) sequence lengths, or null when every row is active
     */
    static void forward(boolean relu, int B, int H, int[] len, int t, float[] g, int go,
                        float[] hPrev, int hpo, float[] hNew, int hno) {
        if (len == null) {
            if (relu) {
                VecMath.relu(g, go, g, go, B * H);
            } else {
                VecMath.tanh(g, go, g, go, B * H);
            }
            System.arraycopy(g, go, hNew, hno, B * H);
            return;
        }
        for (int b = 0; b < B; b++) {
            int r = go + b * H;
            if (t >= len[b]) {
                System.arraycopy(hPrev, hpo + b * H, hNew, hno + b * H, H);
                continue;
            }
            if (relu) {
                VecMath.relu(g, r, g, r, H);
            } else {
                VecMath.tanh(g, r, g, r, H);
            }
            System.arraycopy(g, r, hNew, hno + b * H, H);
        }
    }

    /**
     * @param g      (B, H) at go: on entry act(a), on exit dL/da (zero for inactive rows)
     * @param dh     (B, H) dL/dh'
     * @param dhPrev (B, H) overwritten with the part of dL/dh that does not go through W_hh
     */
    static void backward(boolean relu, int B, int H, int[] len, int t, float[] g, int go, float[] dh, float[] dhPrev) {
        for (int b = 0; b < B; b++) {
            int r = go + b * H, s = b * H;
            if (len != null && t >= len[b]) {
                java.util.Arrays.fill(g, r, r + H, 0f);
                System.arraycopy(dh, s, dhPrev, s, H);
                continue;
            }
            int j0 = !relu && RecurrentCell.vectorRows ? CellSimd.tanhBackward(g, r, H, dh, s, dhPrev) : 0;
            for (int j = j0; j < H; j++) {
                float h = g[r + j];
                g[r + j] = relu ? (h > 0f ? dh[s + j] : 0f) : dh[s + j] * (1f - h * h);
                dhPrev[s + j] = 0f;
            }
        }
    }
}
