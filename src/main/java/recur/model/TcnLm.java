package recur.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import recur.nn.Dropout;
import recur.nn.Tcn;
import recur.tensor.Init;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Embedding → TCN → linear projection, locuslab/TCN's word and character models. Instead of
 * carried hidden state, each window is prefixed with up to {@code history} tokens that came
 * before it in its column, and only the window's own positions are predicted — locuslab's
 * {@code validseqlen}: every prediction sees an effective history.
 */
public final class TcnLm extends EmbeddedLm<Tcn> {
    public TcnLm(LmArchitecture arch) {
        super(arch, network(arch));
    }

    /** The TCN of {@code arch}, declared in the store given. */
    static Function<ParamStore, Tcn> network(LmArchitecture arch) {
        return store -> new Tcn(store, "tcn", arch.emb(), channels(arch), arch.kernel(), arch.dropout(), true);
    }

    /** Every level as wide as the hidden size. */
    private static int[] channels(LmArchitecture arch) {
        int[] channels = new int[arch.layers()];
        Arrays.fill(channels, arch.hidden());
        return channels;
    }

    /** locuslab's init: embedding normal(0, 0.01), projection normal(0, 0.01), bias 0. */
    public void init(SplittableRandom rnd) {
        initEnds((w, off, n) -> Init.normal(w, off, n, 0, 0.01, rnd));
        net.init(rnd.split());
    }

    /** How many past tokens one prediction can see. */
    public int receptiveField() {
        return net.receptiveField();
    }

    @Override
    public LmState newState(int batch) {
        LmState s = new LmState();
        s.history = new int[batch * arch.history()];
        Arrays.fill(s.history, -1);
        return s;
    }

    @Override
    protected Var features(Tape tape, int[] ids, int steps, int batch, LmState state, SplittableRandom rnd) {
        int cap = arch.history();
        int have = 0;
        while (have < cap && state.history[cap - 1 - have] >= 0) {
            have++;
        }
        int len = have + steps;
        // batch-major (B, have + T): the column's history, then this window
        int[] seq = new int[batch * len];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(state.history, b * cap + cap - have, seq, b * len, have);
            for (int t = 0; t < steps; t++) {
                seq[b * len + have + t] = ids[t * batch + b];
            }
        }
        updateHistory(state.history, seq, batch, len, cap);
        Var x = embed(tape, seq, batch, len);
        x = Dropout.apply(tape, x, arch.dropout(), false, rnd);
        Var y = net.forward(tape, x, rnd);
        Var last = lastSteps(tape, y, have, steps);
        Var timeMajor = Tcn.swapTimeBatch(tape, last);
        return timeMajor;
    }

    /** Keeps the last {@code cap} tokens of each column, right-aligned, −1 where there are fewer. */
    private static void updateHistory(int[] history, int[] seq, int batch, int len, int cap) {
        if (cap == 0) {
            return;
        }
        int keep = Math.min(cap, len);
        for (int b = 0; b < batch; b++) {
            Arrays.fill(history, b * cap, b * cap + cap - keep, -1);
            System.arraycopy(seq, b * len + len - keep, history, b * cap + cap - keep, keep);
        }
    }

    /** (B, S, C) → (B, T, C): steps [from, from + T) of every sequence; the gradient flows back into them. */
    private static Var lastSteps(Tape tape, Var y, int from, int steps) {
        int batch = y.dim(0);
        int len = y.dim(1);
        int c = y.dim(2);
        if (from == 0 && steps == len) {
            return y;
        }
        Var out = Var.zeros(batch, steps, c);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(y.v, y.vo + (b * len + from) * c, out.v, b * steps * c, steps * c);
        }
        tape.record(() -> {
            if (y.requiresGrad()) {
                float[] dy = y.g();
                int dyo = y.go();
                float[] dout = out.g();
                for (int b = 0; b < batch; b++) {
                    int src = b * steps * c;
                    int dst = dyo + (b * len + from) * c;
                    for (int i = 0; i < steps * c; i++) {
                        dy[dst + i] += dout[src + i];
                    }
                }
            }
        });
        return out;
    }
}
