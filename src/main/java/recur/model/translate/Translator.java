package recur.model.translate;

import java.util.Arrays;
import java.util.SplittableRandom;
import recur.model.ModelFile;
import recur.nn.Activations;
import recur.nn.Attention;
import recur.nn.Concat;
import recur.nn.Dropout;
import recur.nn.Embedding;
import recur.nn.Linear;
import recur.nn.LinearCrossEntropy;
import recur.nn.Recurrent;
import recur.nn.RecurrentCell;
import recur.nn.RecurrentSteps;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;

/**
 * An attention encoder-decoder (Bahdanau et al. 2015; Luong et al. 2015), built as
 * ../shared/peers/torch_seq2seq.py builds it so that the two train the same model:
 *
 * <pre>
 * encoder:   e_s = dropout(src_emb(x))                      (S, B, E)
 *            m, h_n[, c_n] = encoder(e_s, lengths)          bidirectional, packed: m (S, B, M), M = 2·He
 * bridge:    s_0 = tanh(bridge_h([h_n fwd; h_n bwd]))       per layer (L, B, H); LSTM: c_0 = bridge_c([c_n fwd; c_n bwd])
 * bahdanau:  a_t = softmax(att_v·tanh(att_enc(m) + att_dec(s_{t-1, top})))   masked to each source's length
 *            c_t = Σ a_t m;  s_t = dec_rnn([e_t; c_t], s_{t-1})
 *            o_t = tanh(pre_out([s_t; c_t; e_t]))
 * luong:     s_t = dec_rnn(e_t [; o_{t-1} with --input-feed], s_{t-1})
 *            a_t = softmax(s_t·att_enc(m)) (general) or softmax(s_t·m) (dot, He = H/2)
 *            o_t = tanh(pre_out([c_t; s_t]))          (no bias)
 * output:    p_t = softmax(out(dropout(o_t)))            out.weight is tgt_emb.weight when tied
 * </pre>
 *
 * <p>Tensor names, PyTorch's (nn.Embedding, nn.GRU/nn.LSTM, nn.Linear under these module names):
 * {@code src_emb.weight} (SV, E), {@code tgt_emb.weight} (V, E), {@code encoder.weight_ih_l0},
 * {@code encoder.weight_ih_l0_reverse}, … (gates·He, ·), {@code bridge_h.weight} (H, M),
 * {@code bridge_h.bias}, LSTM {@code bridge_c.weight}, {@code bridge_c.bias},
 * {@code dec_rnn.weight_ih_l0}, … (gates·H, ·), {@code att_enc.weight} (H, M; not with dot),
 * bahdanau {@code att_dec.weight} (H, H), {@code att_dec.bias} (H), {@code att_v.weight} (1, H),
 * {@code pre_out.weight} (H, H+M+E) and {@code pre_out.bias} (bahdanau) or (H, M+H) (luong),
 * {@code out.weight} (V, H; absent when tied), {@code out.bias} (V). Gate order: GRU r,z,n; LSTM
 * i,f,g,o. Ids 0..3 are &lt;pad&gt; &lt;unk&gt; &lt;bos&gt; &lt;eos&gt; on both sides.
 *
 * <p>Training runs the encoder over whole sources; the decoder over whole targets for luong
 * without input feeding, and one step at a time on the tape otherwise ({@link RecurrentSteps}:
 * each step's state keeps its gradient, the weight gradients are one product over all steps).
 * {@link #stepper()} gives the decoding interface.
 *
 * <p>Glossary: S source steps, T target steps, B batch, E embedding, H hidden, He each encoder
 * direction's hidden, M memory width (2·He), L layers, V target vocabulary.
 */
public final class Translator {
    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int BOS = 2;
    public static final int EOS = 3;

    final Architecture arch;
    final ParamStore params = new ParamStore();
    final ParamStore.Param srcEmb;
    final ParamStore.Param tgtEmb;
    final Recurrent encoder;
    final ParamStore.Param bridgeHW;
    final ParamStore.Param bridgeHB;
    final ParamStore.Param bridgeCW;
    final ParamStore.Param bridgeCB;
    final Recurrent decoder;
    final ParamStore.Param attEnc;
    final ParamStore.Param attDecW;
    final ParamStore.Param attDecB;
    final ParamStore.Param attV;
    final ParamStore.Param preOutW;
    final ParamStore.Param preOutB;
    final ParamStore.Param outW;
    final ParamStore.Param outB;

    /** A new model with every parameter zero; {@link #init} draws them. */
    public Translator(Architecture arch) {
        this(arch, true);
    }

    /**
     * Asks the heap for a model of {@code arch} as the constructor does, allocating nothing:
     * translate train calls it with the smallest vocabularies before reading any data, so a size
     * the heap cannot hold is refused at once (exit 3, with the amount), not after the corpus.
     */
    public static void requireMemory(Architecture arch) {
        new Translator(arch, false);
    }

    /** Declares the tensors, asks the heap for them, and allocates them when {@code allocate}. */
    private Translator(Architecture arch, boolean allocate) {
        this.arch = arch;
        int e = arch.emb(), h = arch.hidden(), m = arch.memory(), l = arch.layers();
        RecurrentCell cell = arch.recurrentCell();
        boolean lstm = cell.hasCellState();
        srcEmb = params.add("src_emb.weight", arch.srcVocab(), e);
        tgtEmb = params.add("tgt_emb.weight", arch.tgtVocab(), e);
        encoder = new Recurrent(params, "encoder.", cell, e, arch.encoderHidden(), l, true);
        bridgeHW = params.add("bridge_h.weight", h, m);
        bridgeHB = params.add("bridge_h.bias", h);
        bridgeCW = lstm ? params.add("bridge_c.weight", h, m) : null;
        bridgeCB = lstm ? params.add("bridge_c.bias", h) : null;
        decoder = new Recurrent(params, "dec_rnn.", cell, arch.decoderInput(), h, l, false);
        attEnc = arch.score().equals("dot") ? null : params.add("att_enc.weight", h, m);
        if (arch.bahdanau()) {
            attDecW = params.add("att_dec.weight", h, h);
            attDecB = params.add("att_dec.bias", h);
            attV = params.add("att_v.weight", 1, h);
            preOutW = params.add("pre_out.weight", h, h + m + e);
            preOutB = params.add("pre_out.bias", h);
        } else {
            attDecW = null;
            attDecB = null;
            attV = null;
            preOutW = params.add("pre_out.weight", h, m + h);
            preOutB = null;
        }
        outW = arch.tied() ? tgtEmb : params.add("out.weight", arch.tgtVocab(), h);
        outB = params.add("out.bias", arch.tgtVocab());
        ModelFile.requireMemory(params, "a translator", arch.toJson());
        if (allocate) {
            params.allocate();
        }
    }

    public Architecture architecture() {
        return arch;
    }

    public ParamStore params() {
        return params;
    }

    /**
     * PyTorch's default initialisation of each module: embeddings N(0, 1) with the padding row
     * zero, recurrent weights and biases U(±1/√hidden), linear weights and biases U(±1/√fan_in).
     */
    public void init(SplittableRandom rnd) {
        float[] w = params.values();
        for (ParamStore.Param p : new ParamStore.Param[] {srcEmb, tgtEmb}) {
            int e = p.shape()[1];
            for (int i = 0; i < p.size(); i++) {
                w[p.offset() + i] = (float) rnd.nextGaussian();
            }
            Arrays.fill(w, p.offset() + PAD * e, p.offset() + (PAD + 1) * e, 0f);
        }
        encoder.init(rnd);
        decoder.init(rnd);
        linear(rnd, bridgeHW, bridgeHB);
        linear(rnd, bridgeCW, bridgeCB);
        linear(rnd, attEnc, null);
        linear(rnd, attDecW, attDecB);
        linear(rnd, attV, null);
        linear(rnd, preOutW, preOutB);
        if (!arch.tied()) {
            linear(rnd, outW, outB);
        } else {
            linear(rnd, null, outB, arch.hidden());
        }
    }

    private void linear(SplittableRandom rnd, ParamStore.Param weight, ParamStore.Param bias) {
        if (weight != null) {
            linear(rnd, weight, bias, weight.shape()[1]);
        }
    }

    private void linear(SplittableRandom rnd, ParamStore.Param weight, ParamStore.Param bias, int fanIn) {
        float[] w = params.values();
        double k = 1 / Math.sqrt(fanIn);
        for (ParamStore.Param p : new ParamStore.Param[] {weight, bias}) {
            if (p != null) {
                for (int i = 0; i < p.size(); i++) {
                    w[p.offset() + i] = (float) rnd.nextDouble(-k, k);
                }
            }
        }
    }

    Var var(ParamStore.Param p) {
        return p == null ? null : params.var(p);
    }

    /**
     * A padded batch of pairs, time-major.
     *
     * @param src (S, B) source ids, {@link #PAD} past each length
     * @param srcLengths (B), each at least 1
     * @param tgtIn (T, B): BOS then the target, padded
     * @param tgtOut (T, B): the target then EOS, {@link #PAD} on padding (ignored by the loss)
     */
    public record Batch(int[] src, int[] srcLengths, int srcTime, int[] tgtIn, int[] tgtOut, int tgtTime) {
        public int size() {
            return srcLengths.length;
        }

        /** Target tokens the loss counts (EOS included). */
        public long targetTokens() {
            long n = 0;
            for (int id : tgtOut) {
                n += id == PAD ? 0 : 1;
            }
            return n;
        }

        /** Packs pairs (sources without specials; targets without BOS or EOS) into a batch. */
        public static Batch of(int[][] sources, int[][] targets) {
            int b = sources.length;
            int s = 0;
            int t = 0;
            for (int i = 0; i < b; i++) {
                s = Math.max(s, sources[i].length);
                t = Math.max(t, targets[i].length + 1);
            }
            int[] src = new int[s * b];
            int[] lengths = new int[b];
            int[] in = new int[t * b];
            int[] out = new int[t * b];
            for (int i = 0; i < b; i++) {
                int[] x = sources[i];
                lengths[i] = x.length;
                for (int j = 0; j < x.length; j++) {
                    src[j * b + i] = x[j];
                }
                int[] y = targets[i];
                in[i] = BOS;
                for (int j = 0; j < y.length; j++) {
                    in[(j + 1) * b + i] = y[j];
                    out[j * b + i] = y[j];
                }
                out[y.length * b + i] = EOS;
            }
            return new Batch(src, lengths, s, in, out, t);
        }
    }

    /**
     * The teacher-forced cross-entropy of a batch: the mean over its target tokens (EOS included),
     * with label smoothing ε. Dropout applies only when the tape records.
     */
    public SoftmaxCrossEntropy.Loss loss(Tape tape, Batch batch, float smoothing, SplittableRandom rnd) {
        Var pre = forward(tape, batch, rnd);
        // the output layer, the costliest part, sees only the positions the loss counts: padding
        // would add a product row and a softmax over the vocabulary each, to be ignored
        int[] out = batch.tgtOut();
        int n = 0;
        for (int id : out) {
            n += id == PAD ? 0 : 1;
        }
        int[] rows = new int[n];
        int[] targets = new int[n];
        for (int i = 0, k = 0; i < out.length; i++) {
            if (out[i] != PAD) {
                rows[k] = i;
                targets[k++] = out[i];
            }
        }
        Var x = Dropout.apply(tape, gather(tape, pre, rows), arch.dropout(), false, rnd);
        return LinearCrossEntropy.apply(tape, x, var(outW), var(outB), targets, PAD, smoothing);
    }

    /** Rows {@code rows} of x (…, F) as (n, F); their gradient flows back to those rows. */
    static Var gather(Tape tape, Var x, int[] rows) {
        int f = x.dim(-1);
        Var y = Var.zeros(rows.length, f);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(x.v, x.vo + rows[i] * f, y.v, i * f, f);
        }
        tape.record(() -> {
            if (x.requiresGrad() && y.hasGrad()) {
                float[] dx = x.g();
                float[] dy = y.g();
                int xo = x.go(), yo = y.go();
                for (int i = 0; i < rows.length; i++) {
                    int r = xo + rows[i] * f, o = yo + i * f;
                    for (int j = 0; j < f; j++) {
                        dx[r + j] += dy[o + j];
                    }
                }
            }
        });
        return y;
    }

    /** The encoder's results for a batch of sources. */
    record Encoded(Var memory, Var keys, Var h0, Var c0, int[] lengths) {}

    Encoded encode(Tape tape, int[] src, int time, int[] lengths, SplittableRandom rnd) {
        int b = lengths.length;
        float p = arch.dropout();
        Var e = Dropout.apply(tape, Embedding.apply(tape, var(srcEmb), src, time, b), p, false, rnd);
        Recurrent.Output o = encoder.forward(tape, e, null, null, lengths, p, rnd);
        Var h0 = Activations.tanh(tape, Linear.apply(tape, mergeDirections(tape, o.h()), var(bridgeHW), var(bridgeHB)));
        Var c0 = o.c() == null ? null : Linear.apply(tape, mergeDirections(tape, o.c()), var(bridgeCW), var(bridgeCB));
        Var keys = attEnc == null ? o.y() : Linear.apply(tape, o.y(), var(attEnc), null);
        return new Encoded(o.y(), keys, h0, c0, lengths.clone());
    }

    /** The attentional vectors o_t (T, B, H) of a teacher-forced batch, before the output dropout. */
    Var forward(Tape tape, Batch batch, SplittableRandom rnd) {
        Encoded enc = encode(tape, batch.src(), batch.srcTime(), batch.srcLengths(), rnd);
        int t = batch.tgtTime(), b = batch.size(), h = arch.hidden(), m = arch.memory(), e = arch.emb();
        float p = arch.dropout();
        Var emb = Dropout.apply(tape, Embedding.apply(tape, var(tgtEmb), batch.tgtIn(), t, b), p, false, rnd);
        if (!arch.bahdanau() && !arch.inputFeed()) {
            Var hs = decoder.forward(tape, emb, enc.h0(), enc.c0(), null, p, rnd).y();
            Var ctx = Var.zeros(t, b, m);
            for (int step = 0; step < t; step++) {
                Var q = slice(hs, step, b, h);
                put(tape, ctx, step, Attention.attend(tape, Attention.dotScores(tape, q, enc.keys()), enc.memory(),
                        enc.lengths()).context());
            }
            return Activations.tanh(tape, Linear.apply(tape, Concat.concat(tape, ctx, hs), var(preOutW), null));
        }
        RecurrentSteps dec = new RecurrentSteps(tape, decoder, params.values(), params.grads(), t, b, enc.h0(), enc.c0(),
                p, rnd);
        Var feed = arch.inputFeed() ? Var.constant(new float[b * h], b, h) : null;
        Var hs = Var.zeros(t, b, h);
        Var ctx = arch.bahdanau() ? Var.zeros(t, b, m) : null;
        Var pre = arch.bahdanau() ? null : Var.zeros(t, b, h);
        for (int step = 0; step < t; step++) {
            Var et = slice(emb, step, b, e);
            if (arch.bahdanau()) {
                // attention from the previous state's top layer; the context joins the cell's input
                Var top = slice(dec.state(), arch.layers() - 1, b, h);
                Var pq = Linear.apply(tape, top, var(attDecW), var(attDecB));
                Var c = Attention.attend(tape, Attention.additiveScores(tape, pq, enc.keys(), var(attV)), enc.memory(),
                        enc.lengths()).context();
                put(tape, hs, step, dec.step(tape, Concat.concat(tape, et, c)));
                put(tape, ctx, step, c);
            } else {
                Var q = dec.step(tape, Concat.concat(tape, et, feed));
                Var c = Attention.attend(tape, Attention.dotScores(tape, q, enc.keys()), enc.memory(), enc.lengths())
                        .context();
                Var ot = Activations.tanh(tape, Linear.apply(tape, Concat.concat(tape, c, q), var(preOutW), null));
                put(tape, pre, step, ot);
                feed = ot;
            }
        }
        if (arch.bahdanau()) {
            return Activations.tanh(tape, Linear.apply(tape, Concat.concat(tape, hs, ctx, emb), var(preOutW), var(preOutB)));
        }
        return pre;
    }

    /** Step {@code index} of x (first axis) as a view sharing x's values and gradient, shaped {@code shape}. */
    static Var slice(Var x, int index, int... shape) {
        int n = Var.sizeOf(shape);
        if (x.vo != x.go()) {
            throw new IllegalStateException("slice of a value whose gradient is stored elsewhere");
        }
        return Var.view(x.v, x.g(), x.vo + index * n, shape);
    }

    /** x under another shape of the same size, sharing values and gradient. */
    static Var reshape(Var x, int... shape) {
        if (Var.sizeOf(shape) != x.size()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(x.shape) + " to " + Arrays.toString(shape));
        }
        return slice(x, 0, shape);
    }

    /** Copies src into step {@code index} of dst (first axis); dst's gradient there flows back to src. */
    static void put(Tape tape, Var dst, int index, Var src) {
        int n = src.size();
        int at = index * n;
        System.arraycopy(src.v, src.vo, dst.v, dst.vo + at, n);
        tape.record(() -> {
            if (src.requiresGrad() && dst.hasGrad()) {
                float[] dg = dst.g();
                float[] sg = src.g();
                int d0 = dst.go() + at, s0 = src.go();
                for (int i = 0; i < n; i++) {
                    sg[s0 + i] += dg[d0 + i];
                }
            }
        });
    }

    /**
     * A bidirectional layer's final states (2L, B, He), rows [l fwd, l bwd] per layer, as (L, B, 2He):
     * each layer's forward state then its backward state, as the bridge reads them.
     */
    static Var mergeDirections(Tape tape, Var x) {
        int l2 = x.dim(0), b = x.dim(1), he = x.dim(2), l = l2 / 2;
        Var y = Var.zeros(l, b, 2 * he);
        for (int layer = 0; layer < l; layer++) {
            for (int d = 0; d < 2; d++) {
                Concat.copyColumns(y.v, layer * b * 2 * he, 2 * he, d * he, x.v, x.vo + (2 * layer + d) * b * he, he, 0, b, he);
            }
        }
        tape.record(() -> {
            if (x.requiresGrad() && y.hasGrad()) {
                for (int layer = 0; layer < l; layer++) {
                    for (int d = 0; d < 2; d++) {
                        Concat.addColumns(x.g(), x.go() + (2 * layer + d) * b * he, he, 0, y.g(), y.go() + layer * b * 2 * he,
                                2 * he, d * he, b, he);
                    }
                }
            }
        });
        return y;
    }

    /** A decoding snapshot of the current weights (see {@link TranslatorStep}). */
    public TranslatorStep stepper() {
        return new TranslatorStep(this);
    }
}
