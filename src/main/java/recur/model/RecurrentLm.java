package recur.model;

import java.util.SplittableRandom;
import java.util.function.Function;
import recur.nn.Dropout;
import recur.nn.Recurrent;
import recur.nn.RecurrentCell;
import recur.nn.RecurrentStep;
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
public final class RecurrentLm extends EmbeddedLm<Recurrent> {
    public RecurrentLm(LmArchitecture arch) {
        super(arch, network(arch));
    }

    /** The recurrent layers of {@code arch}, declared in the store given. */
    static Function<ParamStore, Recurrent> network(LmArchitecture arch) {
        return store -> new Recurrent(store, "rnn.", RecurrentCell.parse(arch.cell()), arch.emb(), arch.hidden(),
                arch.layers(), false);
    }

    /**
     * Initialises as word_language_model does (embedding and projection uniform ±0.1, projection
     * bias 0, recurrent weights PyTorch's default ±1/√H), optionally with orthogonal recurrent
     * matrices (one per gate block) and a forget-gate bias.
     */
    public void init(SplittableRandom rnd, boolean orthogonal, float forgetBias) {
        float[] w = params.values();
        initEnds((v, off, n) -> Init.uniform(v, off, n, -0.1, 0.1, rnd));
        net.init(rnd.split());
        if (orthogonal) {
            int h = arch.hidden();
            for (ParamStore.Param p : net.recurrentWeights()) {
                for (int g = 0; g < p.shape()[0] / h; g++) {
                    Init.orthogonal(w, p.offset() + g * h * h, new int[] {h, h}, 1.0, rnd);
                }
            }
        }
        if (forgetBias != 0 && net.cell().forgetBlock() >= 0) {
            net.setForgetBias(forgetBias);
        }
    }

    @Override
    public LmState newState(int batch) {
        LmState s = new LmState();
        int n = arch.layers() * arch.hidden() * batch;
        s.floats.add(new float[n]);
        if (net.cell().hasCellState()) {
            s.floats.add(new float[n]);
        }
        return s;
    }

    @Override
    protected Var features(Tape tape, int[] ids, int steps, int batch, LmState state, SplittableRandom rnd) {
        int[] stateShape = {arch.layers(), batch, arch.hidden()};
        int[] window = ids.length == steps * batch ? ids : java.util.Arrays.copyOf(ids, steps * batch);
        Var x = embed(tape, window, steps, batch);
        x = Dropout.apply(tape, x, arch.dropout(), false, rnd);
        Var h0 = Var.constant(state.floats.get(0), stateShape);
        Var c0 = net.cell().hasCellState() ? Var.constant(state.floats.get(1), stateShape) : null;
        Recurrent.Output out = net.forward(tape, x, h0, c0, null, arch.dropout(), rnd);
        // truncated BPTT: the next window starts from these values, with no gradient path back
        System.arraycopy(out.h().v, out.h().vo, state.floats.get(0), 0, out.h().size());
        if (out.c() != null) {
            System.arraycopy(out.c().v, out.c().vo, state.floats.get(1), 0, out.c().size());
        }
        Var y = Dropout.apply(tape, out.y(), arch.dropout(), false, rnd);
        return y;
    }

    /** Every row advanced together: one product per weight per step over all rows, weights packed once. */
    @Override
    public StepModel stepper() {
        RecurrentStep step = new RecurrentStep(net, params.values());
        Projection projection = new Projection();
        int layers = arch.layers(), hidden = arch.hidden();
        return new StepModel() {
            private float[] x = new float[0];

            @Override
            public int vocabSize() {
                return arch.vocab();
            }

            @Override
            public int featureSize() {
                return hidden;
            }

            @Override
            public State newState(int capacity) {
                return new States(capacity);
            }

            @Override
            public void step(int m, int[] ids, State state, float[] features) {
                States s = (States) state;
                if (x.length < m * arch.emb()) {
                    x = new float[m * arch.emb()];
                }
                embedRows(m, ids, x);
                step.step(m, x, 0, s.h, s.c, s.capacity, features, 0);
            }

            @Override
            public void logits(int n, float[] features, int fo, float[] logits) {
                projection.logits(n, features, fo, logits);
            }

            /** h and c as (L, capacity, H). */
            final class States implements State {
                final int capacity;
                final float[] h;
                final float[] c;

                States(int capacity) {
                    this.capacity = capacity;
                    h = new float[layers * capacity * hidden];
                    c = step.hasCellState() ? new float[layers * capacity * hidden] : null;
                }

                @Override
                public int capacity() {
                    return capacity;
                }

                @Override
                public void reset(int row) {
                    RecurrentStep.resetRow(h, layers, capacity, hidden, row);
                    if (c != null) {
                        RecurrentStep.resetRow(c, layers, capacity, hidden, row);
                    }
                }

                @Override
                public void move(int from, int to) {
                    RecurrentStep.moveRow(h, layers, capacity, hidden, from, to);
                    if (c != null) {
                        RecurrentStep.moveRow(c, layers, capacity, hidden, from, to);
                    }
                }
            }
        };
    }
}
