package recur.model.translate;

import java.util.Arrays;
import recur.model.Seq2SeqStepModel;
import recur.nn.Attention;
import recur.nn.RecurrentStep;
import recur.nn.SoftmaxCrossEntropy;
import recur.tensor.Gemm;
import recur.tensor.Tape;
import recur.tensor.VecMath;

/**
 * A {@link Translator} for decoding, one target step for many rows at once. Each source is
 * encoded on its own, and every product of a step runs the packed kernel on weights packed
 * once, when this is made (see {@link RecurrentStep}); attention is computed row by row. So a
 * row's log-probabilities do not depend, to the bit, on which or how many other rows share a
 * step or were encoded with it. A snapshot of the weights; not safe for concurrent use.
 *
 * <p>Glossary: m rows, cap rows a state holds, S a source's length, M memory width, K key width
 * (H, or M for dot scoring), H hidden, E embedding, L layers, V target vocabulary.
 */
public final class TranslatorStep implements Seq2SeqStepModel {
    private final Translator model;
    private final Architecture arch;
    private final float[] w;
    private final RecurrentStep cell;
    private final Gemm.PackedB attDec;
    private final Gemm.PackedB preOut;
    private final Gemm.PackedB out;
    private final int preWidth;
    /** Scratch, grown to the largest m seen. */
    private float[] x = new float[0];
    private float[] y = new float[0];
    private float[] q = new float[0];
    private float[] ctx = new float[0];
    private float[] preIn = new float[0];
    private float[] pre = new float[0];
    private float[] logits = new float[0];
    private float[] scores = new float[0];
    private float[] weights = new float[0];
    private float[] hidden = new float[0];

    TranslatorStep(Translator model) {
        this.model = model;
        this.arch = model.arch;
        this.w = model.params.values().clone();
        int h = arch.hidden(), m = arch.memory(), e = arch.emb();
        this.cell = new RecurrentStep(model.decoder, w);
        this.attDec = arch.bahdanau() ? Gemm.pack(true, h, h, w, model.attDecW.offset(), h) : null;
        this.preWidth = arch.bahdanau() ? h + m + e : m + h;
        this.preOut = Gemm.pack(true, preWidth, h, w, model.preOutW.offset(), preWidth);
        this.out = Gemm.pack(true, h, arch.tgtVocab(), w, model.outW.offset(), h);
    }

    @Override
    public int targetVocabSize() {
        return arch.tgtVocab();
    }

    @Override
    public int bos() {
        return Translator.BOS;
    }

    @Override
    public int eos() {
        return Translator.EOS;
    }

    /** Encoded sources: per source its memory (S, M), keys (S, K), and the bridge's h0 and c0 (L, H). */
    static final class Encoded implements Memory {
        final float[][] memory;
        final float[][] keys;
        final float[][] h0;
        final float[][] c0;

        Encoded(int n) {
            memory = new float[n][];
            keys = new float[n][];
            h0 = new float[n][];
            c0 = new float[n][];
        }

        @Override
        public int size() {
            return memory.length;
        }

        @Override
        public int length(int index) {
            return lengths[index];
        }

        int[] lengths;
    }

    @Override
    public Memory encode(int[][] sources) {
        Encoded enc = new Encoded(sources.length);
        enc.lengths = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            int[] src = sources[i];
            if (src.length < 1) {
                throw new IllegalArgumentException("source " + i + " is empty");
            }
            // each source alone, so its memory does not depend on the others encoded with it
            Translator.Encoded e = model.encode(Tape.inference(), src, src.length, new int[] {src.length}, null);
            enc.lengths[i] = src.length;
            enc.memory[i] = e.memory().v.clone();
            enc.keys[i] = e.keys().v.clone();
            enc.h0[i] = e.h0().v.clone();
            enc.c0[i] = e.c0() == null ? null : e.c0().v.clone();
        }
        return enc;
    }

    /** The decoder states of cap rows: h and c (L, cap, H), the fed attentional vector (cap, H), each row's source. */
    final class Rows implements State {
        final int cap;
        final float[] h;
        final float[] c;
        final float[] feed;
        final Encoded[] memory;
        final int[] index;

        Rows(int cap) {
            this.cap = cap;
            int hh = arch.hidden(), l = arch.layers();
            h = new float[l * cap * hh];
            c = cell.hasCellState() ? new float[l * cap * hh] : null;
            feed = arch.inputFeed() ? new float[cap * hh] : null;
            memory = new Encoded[cap];
            index = new int[cap];
        }

        @Override
        public int capacity() {
            return cap;
        }

        @Override
        public void reorder(int m, int[] from) {
            int hh = arch.hidden(), l = arch.layers();
            float[] h2 = h.clone();
            float[] c2 = c == null ? null : c.clone();
            float[] f2 = feed == null ? null : feed.clone();
            Encoded[] mem2 = memory.clone();
            int[] idx2 = index.clone();
            for (int r = 0; r < m; r++) {
                int s = from[r];
                for (int layer = 0; layer < l; layer++) {
                    System.arraycopy(h2, (layer * cap + s) * hh, h, (layer * cap + r) * hh, hh);
                    if (c != null) {
                        System.arraycopy(c2, (layer * cap + s) * hh, c, (layer * cap + r) * hh, hh);
                    }
                }
                if (feed != null) {
                    System.arraycopy(f2, s * hh, feed, r * hh, hh);
                }
                memory[r] = mem2[s];
                index[r] = idx2[s];
            }
        }
    }

    @Override
    public State newState(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        return new Rows(capacity);
    }

    @Override
    public void start(State state, int row, Memory memory, int index) {
        Rows s = (Rows) state;
        Encoded enc = (Encoded) memory;
        int hh = arch.hidden();
        for (int layer = 0; layer < arch.layers(); layer++) {
            System.arraycopy(enc.h0[index], layer * hh, s.h, (layer * s.cap + row) * hh, hh);
            if (s.c != null) {
                System.arraycopy(enc.c0[index], layer * hh, s.c, (layer * s.cap + row) * hh, hh);
            }
        }
        if (s.feed != null) {
            Arrays.fill(s.feed, row * hh, (row + 1) * hh, 0f);
        }
        s.memory[row] = enc;
        s.index[row] = index;
    }

    @Override
    public void step(int m, int[] ids, State state, float[] logProbs, int[] attention) {
        Rows s = (Rows) state;
        if (m < 1 || m > s.cap) {
            throw new IllegalArgumentException("rows must be in [1, " + s.cap + "], got " + m);
        }
        int hh = arch.hidden(), mm = arch.memory(), e = arch.emb(), v = arch.tgtVocab(), l = arch.layers();
        int in = arch.decoderInput();
        grow(m);
        int tgt = model.tgtEmb.offset();
        for (int r = 0; r < m; r++) {
            int id = ids[r];
            if (id < 0 || id >= v) {
                throw new IllegalArgumentException("target id " + id + " is outside [0, " + v + ")");
            }
            System.arraycopy(w, tgt + id * e, x, r * in, e);
        }
        if (arch.bahdanau()) {
            // the query is the top layer's previous state
            int top = (l - 1) * s.cap * hh;
            for (int r = 0; r < m; r++) {
                System.arraycopy(w, model.attDecB.offset(), q, r * hh, hh);
            }
            Gemm.gemm(m, s.h, top, hh, attDec, true, q, 0, hh);
            for (int r = 0; r < m; r++) {
                attend(s, r, q, r * hh, attention);
                System.arraycopy(ctx, r * mm, x, r * in + e, mm);
            }
            cell.step(m, x, 0, s.h, s.c, s.cap, y, 0);
            for (int r = 0; r < m; r++) {
                int o = r * preWidth;
                System.arraycopy(y, r * hh, preIn, o, hh);
                System.arraycopy(ctx, r * mm, preIn, o + hh, mm);
                System.arraycopy(x, r * in, preIn, o + hh + mm, e);
                System.arraycopy(w, model.preOutB.offset(), pre, r * hh, hh);
            }
            Gemm.gemm(m, preIn, 0, preWidth, preOut, true, pre, 0, hh);
        } else {
            if (s.feed != null) {
                for (int r = 0; r < m; r++) {
                    System.arraycopy(s.feed, r * hh, x, r * in + e, hh);
                }
            }
            cell.step(m, x, 0, s.h, s.c, s.cap, y, 0);
            for (int r = 0; r < m; r++) {
                attend(s, r, y, r * hh, attention);
                int o = r * preWidth;
                System.arraycopy(ctx, r * mm, preIn, o, mm);
                System.arraycopy(y, r * hh, preIn, o + mm, hh);
            }
            Gemm.gemm(m, preIn, 0, preWidth, preOut, false, pre, 0, hh);
        }
        VecMath.tanh(pre, 0, pre, 0, m * hh);
        if (s.feed != null) {
            System.arraycopy(pre, 0, s.feed, 0, m * hh);
        }
        for (int r = 0; r < m; r++) {
            System.arraycopy(w, model.outB.offset(), logits, r * v, v);
        }
        Gemm.gemm(m, pre, 0, hh, out, true, logits, 0, v);
        for (int r = 0; r < m; r++) {
            SoftmaxCrossEntropy.logSoftmax(logits, r * v, v, logProbs, r * v);
        }
    }

    /**
     * Row r's attention over its source with query (H) at qo: its context into ctx[r], its
     * argmax into attention[r] when asked.
     */
    private void attend(Rows s, int r, float[] query, int qo, int[] attention) {
        Encoded enc = s.memory[r];
        int i = s.index[r];
        int len = enc.lengths[i], hh = arch.hidden(), mm = arch.memory();
        if (scores.length < len) {
            scores = new float[len];
            weights = new float[len];
            hidden = new float[len * hh];
        }
        if (arch.bahdanau()) {
            Attention.additiveScoresForward(scores, 0, hidden, query, qo, enc.keys[i], 0, w, model.attV.offset(), len, 1, hh);
        } else {
            Attention.dotScoresForward(scores, 0, query, qo, enc.keys[i], 0, len, 1, hh);
        }
        Attention.attendForward(ctx, r * mm, weights, 0, scores, 0, enc.memory[i], 0, new int[] {len}, len, 1, mm);
        if (attention != null) {
            int best = 0;
            for (int t = 1; t < len; t++) {
                if (weights[t] > weights[best]) {
                    best = t;
                }
            }
            attention[r] = best;
        }
    }

    private void grow(int m) {
        if (y.length >= m * arch.hidden()) {
            return;
        }
        int hh = arch.hidden();
        x = new float[m * arch.decoderInput()];
        y = new float[m * hh];
        q = new float[m * hh];
        ctx = new float[m * arch.memory()];
        preIn = new float[m * preWidth];
        pre = new float[m * hh];
        logits = new float[m * arch.tgtVocab()];
    }
}
