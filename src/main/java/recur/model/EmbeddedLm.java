package recur.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import recur.nn.Embedding;
import recur.nn.Linear;
import recur.nn.LinearCrossEntropy;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.Gemm;
import recur.tensor.Init;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * What the language models share at their two ends, around a sequence network N: an embedding
 * table in, a projection to the vocabulary out (the embedding table itself when tied). Tensors are
 * added as {@code encoder.weight}, then the network's own, then {@code decoder.weight} (unless
 * tied) and {@code decoder.bias}: that order is the flat parameter buffer's and the model file's,
 * and the names are PyTorch's, so neither may change.
 */
abstract class EmbeddedLm<N> implements LanguageModel {
    /** Fills n entries of w from offset on. */
    interface Fill {
        void apply(float[] w, int offset, int n);
    }

    protected final LmArchitecture arch;
    protected final ParamStore params = new ParamStore();
    protected final N net;
    private final ParamStore.Param encoder;
    private final ParamStore.Param decoderWeight;
    private final ParamStore.Param decoderBias;

    /** @param net adds the sequence network's tensors to the store it is given and returns it */
    EmbeddedLm(LmArchitecture arch, Function<ParamStore, N> net) {
        this.arch = arch;
        Declared<N> d = declare(params, arch, net);
        this.encoder = d.encoder();
        this.net = d.net();
        this.decoderWeight = d.decoderWeight();
        this.decoderBias = d.decoderBias();
        requireMemory(arch, params);
        params.allocate();
    }

    /** The tensors of a model, declared in a store, in the order of its buffer and file. */
    private record Declared<N>(ParamStore.Param encoder, N net, ParamStore.Param decoderWeight, ParamStore.Param decoderBias) {}

    private static <N> Declared<N> declare(ParamStore store, LmArchitecture arch, Function<ParamStore, N> net) {
        ParamStore.Param encoder = store.add("encoder.weight", arch.vocab(), arch.emb());
        N n = net.apply(store);
        ParamStore.Param decoderWeight = arch.tied() ? null : store.add("decoder.weight", arch.vocab(), arch.hidden());
        return new Declared<>(encoder, n, decoderWeight, store.add("decoder.bias", arch.vocab()));
    }

    /**
     * Declares the tensors of a model of {@code arch} in a store that is never allocated and asks
     * the heap for them as the constructor does: whether the model fits is known before what it
     * needs besides (a vocabulary) is, and without building it.
     */
    static void requireMemory(LmArchitecture arch, Function<ParamStore, ?> net) {
        ParamStore store = new ParamStore();
        declare(store, arch, net);
        requireMemory(arch, store);
    }

    private static void requireMemory(LmArchitecture arch, ParamStore params) {
        ModelFile.requireMemory(params, "a language model", arch.toJson());
    }

    /** Fills the embedding table, then the projection unless tied; zeroes the projection bias. */
    protected final void initEnds(Fill fill) {
        float[] w = params.values();
        fill.apply(w, encoder.offset(), encoder.size());
        if (decoderWeight != null) {
            fill.apply(w, decoderWeight.offset(), decoderWeight.size());
        }
        Init.constant(w, decoderBias.offset(), decoderBias.size(), 0f);
    }

    /** The embedding rows of ids laid out (d0, d1): (d0, d1, E). */
    protected final Var embed(Tape tape, int[] ids, int d0, int d1) {
        return Embedding.apply(tape, params.var(encoder), ids, d0, d1);
    }

    /**
     * The sequence network's output for one window, (T·B, H) time-major, after any dropout: what
     * the projection to the vocabulary reads. Reads the state as the window's start and leaves
     * its end there, as {@link #forward} documents.
     */
    protected abstract Var features(Tape tape, int[] ids, int steps, int batch, LmState state, SplittableRandom rnd);

    @Override
    public final Var forward(Tape tape, int[] ids, int steps, int batch, LmState state, SplittableRandom rnd) {
        Var y = features(tape, ids, steps, batch, state, rnd);
        return Linear.apply(tape, y, projection(), params.var(decoderBias));
    }

    @Override
    public final SoftmaxCrossEntropy.Loss loss(Tape tape, int[] ids, int[] targets, int steps, int batch, LmState state,
                                               SplittableRandom rnd) {
        Var y = features(tape, ids, steps, batch, state, rnd);
        return LinearCrossEntropy.apply(tape, y, projection(), params.var(decoderBias), targets,
                SoftmaxCrossEntropy.NO_IGNORE, 0f);
    }

    /**
     * Steps one row at a time through {@link #features} with a window of one token, each row
     * with its own state: right for any network, however it carries its past (a TCN's token
     * history), if not fast. Networks with a batched step override this.
     */
    @Override
    public StepModel stepper() {
        Projection projection = new Projection();
        int f = arch.hidden();
        return new StepModel() {
            private final Tape tape = Tape.inference();
            private final int[] one = new int[1];

            @Override
            public int vocabSize() {
                return arch.vocab();
            }

            @Override
            public int featureSize() {
                return f;
            }

            @Override
            public State newState(int capacity) {
                return new RowStates(capacity);
            }

            @Override
            public void step(int m, int[] ids, State state, float[] features) {
                LmState[] rows = ((RowStates) state).rows;
                for (int r = 0; r < m; r++) {
                    one[0] = checkedId(ids[r]);
                    Var y = features(tape, one, 1, 1, rows[r], null);
                    System.arraycopy(y.v, y.vo, features, r * f, f);
                }
            }

            @Override
            public void logits(int n, float[] features, int fo, float[] logits) {
                projection.logits(n, features, fo, logits);
            }
        };
    }

    /** One {@link LmState} of batch 1 per row. */
    private final class RowStates implements StepModel.State {
        final LmState[] rows;

        RowStates(int capacity) {
            rows = new LmState[capacity];
            for (int r = 0; r < capacity; r++) {
                rows[r] = newState(1);
            }
        }

        @Override
        public int capacity() {
            return rows.length;
        }

        @Override
        public void reset(int row) {
            rows[row].reset();
        }

        @Override
        public void move(int from, int to) {
            LmState t = rows[to];
            rows[to] = rows[from];
            rows[from] = t;
        }
    }

    /** The id, or an error naming it when it is outside the vocabulary. */
    protected final int checkedId(int id) {
        if (id < 0 || id >= arch.vocab()) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary of " + arch.vocab());
        }
        return id;
    }

    /** x (m, E) = the embedding rows of ids[0..m). */
    protected final void embedRows(int m, int[] ids, float[] x) {
        float[] w = params.values();
        int e = arch.emb();
        for (int r = 0; r < m; r++) {
            System.arraycopy(w, encoder.offset() + checkedId(ids[r]) * e, x, r * e, e);
        }
    }

    /**
     * The projection to the vocabulary for decoding, its weight packed once (see
     * {@link recur.nn.RecurrentStep} for why), so a row's logits have the same bits however many
     * rows are projected together.
     */
    protected final class Projection {
        private final Gemm.PackedB weight;
        private final float[] bias;

        protected Projection() {
            float[] w = params.values();
            ParamStore.Param p = decoderWeight != null ? decoderWeight : encoder;
            weight = Gemm.pack(true, arch.hidden(), arch.vocab(), w, p.offset(), arch.hidden());
            bias = Arrays.copyOfRange(w, decoderBias.offset(), decoderBias.offset() + arch.vocab());
        }

        /** logits (n, V) = features (n, H) at fo · Wᵀ + b. */
        public void logits(int n, float[] features, int fo, float[] logits) {
            int v = arch.vocab();
            for (int r = 0; r < n; r++) {
                System.arraycopy(bias, 0, logits, r * v, v);
            }
            Gemm.gemm(n, features, fo, arch.hidden(), weight, true, logits, 0, v);
        }
    }

    /** The output projection's weight: the decoder's own, or the embedding table when tied. */
    private Var projection() {
        return params.var(decoderWeight != null ? decoderWeight : encoder);
    }

    @Override
    public final ParamStore params() {
        return params;
    }

    @Override
    public final int vocabSize() {
        return arch.vocab();
    }

    @Override
    public final ObjectNode architecture() {
        return arch.toJson();
    }
}
