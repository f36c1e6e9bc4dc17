package recur.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import recur.nn.Dropout;
import recur.nn.Embedding;
import recur.nn.Linear;
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
public final class TcnLm implements LanguageModel {
    private final LmArchitecture arch;
    private final ParamStore params = new ParamStore();
    private final ParamStore.Param encoder;
    private final Tcn tcn;
    private final ParamStore.Param decoderWeight;
    private final ParamStore.Param decoderBias;

    public TcnLm(LmArchitecture arch) {
        this.arch = arch;
        this.encoder = params.add("encoder.weight", arch.vocab(), arch.emb());
        int[] channels = new int[arch.layers()];
        Arrays.fill(channels, arch.hidden());
        this.tcn = new Tcn(params, "tcn", arch.emb(), channels, arch.kernel(), arch.dropout(), true);
        this.decoderWeight = arch.tied() ? null : params.add("decoder.weight", arch.vocab(), arch.hidden());
        this.decoderBias = params.add("decoder.bias", arch.vocab());
        params.allocate();
    }

    /** locuslab's init: embedding normal(0, 0.01), projection normal(0, 0.01), bias 0. */
    public void init(SplittableRandom rnd) {
        float[] w = params.values();
        Init.normal(w, encoder.offset(), encoder.size(), 0, 0.01, rnd);
        if (decoderWeight != null) {
            Init.normal(w, decoderWeight.offset(), decoderWeight.size(), 0, 0.01, rnd);
        }
        Init.constant(w, decoderBias.offset(), decoderBias.size(), 0f);
        tcn.init(rnd.split());
    }

    /** How many past tokens one prediction can see. */
    public int receptiveField() {
        return tcn.receptiveField();
    }

    @Override
    public ParamStore params() {
        return params;
    }

    @Override
    public int vocabSize() {
        return arch.vocab();
    }

    @Override
    public LmState newState(int batch) {
        LmState s = new LmState();
        s.history = new int[batch * arch.history()];
        Arrays.fill(s.history, -1);
        return s;
    }

    @Override
    public Var forward(Tape tape, int[] ids, int steps, int batch, LmState state, SplittableRandom rnd) {
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
        Var x = Embedding.apply(tape, params.var(encoder), seq, batch, len);
        x = Dropout.apply(tape, x, arch.dropout(), false, rnd);
        Var y = tcn.forward(tape, x, rnd);
        Var last = lastSteps(tape, y, have, steps);
        Var timeMajor = Tcn.swapTimeBatch(tape, last);
        Var w = params.var(decoderWeight != null ? decoderWeight : encoder);
        return Linear.apply(tape, timeMajor, w, params.var(decoderBias));
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

    @Override
    public ObjectNode architecture() {
        return arch.toJson();
    }
}
