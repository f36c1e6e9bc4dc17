package recur.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import recur.nn.Dropout;
import recur.nn.Embedding;
import recur.nn.Linear;
import recur.nn.Recurrent;
import recur.nn.RecurrentCell;
import recur.tensor.Init;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * Embedding → dropout → stacked RNN / LSTM / CIFG / GRU → dropout → linear projection to the
 * vocabulary, PyTorch word_language_model's RNNModel. Tensor names follow it too
 * ({@code encoder.weight}, {@code rnn.weight_ih_l0}, {@code decoder.weight}, {@code decoder.bias}),
 * so a recur model loads into that class's state_dict. With tied weights the projection uses the
 * embedding table and there is no {@code decoder.weight}.
 */
public final class RecurrentLm implements LanguageModel {
    private final LmArchitecture arch;
    private final ParamStore params = new ParamStore();
    private final ParamStore.Param encoder;
    private final Recurrent rnn;
    private final ParamStore.Param decoderWeight;
    private final ParamStore.Param decoderBias;

    public RecurrentLm(LmArchitecture arch) {
        this.arch = arch;
        this.encoder = params.add("encoder.weight", arch.vocab(), arch.emb());
        this.rnn = new Recurrent(params, "rnn.", RecurrentCell.parse(arch.cell()), arch.emb(), arch.hidden(), arch.layers(), false);
        this.decoderWeight = arch.tied() ? null : params.add("decoder.weight", arch.vocab(), arch.hidden());
        this.decoderBias = params.add("decoder.bias", arch.vocab());
        params.allocate();
    }

    /**
     * Initialises as word_language_model does (embedding and projection uniform ±0.1, projection
     * bias 0, recurrent weights PyTorch's default ±1/√H), optionally with orthogonal recurrent
     * matrices (one per gate block) and a forget-gate bias.
     */
    public void init(SplittableRandom rnd, boolean orthogonal, float forgetBias) {
        float[] w = params.values();
        Init.uniform(w, encoder.offset(), encoder.size(), -0.1, 0.1, rnd);
        if (decoderWeight != null) {
            Init.uniform(w, decoderWeight.offset(), decoderWeight.size(), -0.1, 0.1, rnd);
        }
        Init.constant(w, decoderBias.offset(), decoderBias.size(), 0f);
        rnn.init(rnd.split());
        if (orthogonal) {
            int h = arch.hidden();
            for (ParamStore.Param p : rnn.recurrentWeights()) {
                for (int g = 0; g < p.shape()[0] / h; g++) {
                    Init.orthogonal(w, p.offset() + g * h * h, new int[] {h, h}, 1.0, rnd);
                }
            }
        }
        if (forgetBias != 0 && rnn.cell().forgetBlock() >= 0) {
            rnn.setForgetBias(forgetBias);
        }
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
        int n = arch.layers() * arch.hidden() * batch;
        s.floats.add(new float[n]);
        if (rnn.cell().hasCellState()) {
            s.floats.add(new float[n]);
        }
        return s;
    }

    @Override
    public Var forward(Tape tape, int[] ids, int steps, int batch, LmState state, SplittableRandom rnd) {
        int[] stateShape = {arch.layers(), batch, arch.hidden()};
        int[] window = ids.length == steps * batch ? ids : java.util.Arrays.copyOf(ids, steps * batch);
        Var x = Embedding.apply(tape, params.var(encoder), window, steps, batch);
        x = Dropout.apply(tape, x, arch.dropout(), false, rnd);
        Var h0 = Var.constant(state.floats.get(0), stateShape);
        Var c0 = rnn.cell().hasCellState() ? Var.constant(state.floats.get(1), stateShape) : null;
        Recurrent.Output out = rnn.forward(tape, x, h0, c0, null, arch.dropout(), rnd);
        // truncated BPTT: the next window starts from these values, with no gradient path back
        System.arraycopy(out.h().v, out.h().vo, state.floats.get(0), 0, out.h().size());
        if (out.c() != null) {
            System.arraycopy(out.c().v, out.c().vo, state.floats.get(1), 0, out.c().size());
        }
        Var y = Dropout.apply(tape, out.y(), arch.dropout(), false, rnd);
        Var w = params.var(decoderWeight != null ? decoderWeight : encoder);
        return Linear.apply(tape, y, w, params.var(decoderBias));
    }

    @Override
    public ObjectNode architecture() {
        return arch.toJson();
    }
}
