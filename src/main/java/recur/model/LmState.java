package recur.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a language model carries from one window to the next: the recurrent states (h, and c for
 * LSTMs), or for a TCN the last tokens of each column as history. Values only — gradients never
 * flow across windows (truncated BPTT).
 */
public final class LmState {
    /** Named float arrays, e.g. h [L·dirs, B, H] and c. */
    public final List<float[]> floats = new ArrayList<>();
    /** Token history [B, history] for convolutional models, -1 where there is none yet. */
    public int[] history;

    /** Resets all values (a new stream or a new epoch). */
    public void reset() {
        for (float[] f : floats) {
            java.util.Arrays.fill(f, 0f);
        }
        if (history != null) {
            java.util.Arrays.fill(history, -1);
        }
    }
}
