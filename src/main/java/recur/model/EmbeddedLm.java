package recur.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SplittableRandom;
import java.util.function.Function;
import recur.nn.Embedding;
import recur.nn.Linear;
import recur.nn.LinearCrossEntropy;
import recur.nn.SoftmaxCrossEntropy;
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
        this.encoder = params.add("encoder.weight", arch.vocab(), arch.emb());
        this.net = net.apply(params);
        this.decoderWeight = arch.tied() ? null : params.add("decoder.weight", arch.vocab(), arch.hidden());
        this.decoderBias = params.add("decoder.bias", arch.vocab());
        params.allocate();
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
