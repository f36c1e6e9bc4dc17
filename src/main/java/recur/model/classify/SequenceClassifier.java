package recur.model.classify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.model.ModelFile;
import recur.nn.AttentionPooling;
import recur.nn.Concat;
import recur.nn.Dropout;
import recur.nn.Embedding;
import recur.nn.Linear;
import recur.nn.Pooling;
import recur.nn.Recurrent;
import recur.nn.RecurrentCell;
import recur.nn.Reverse;
import recur.nn.Tcn;
import recur.tensor.Gemm;
import recur.tensor.Init;
import recur.tensor.ParamStore;
import recur.tensor.Tape;
import recur.tensor.Var;
import recur.tensor.VecMath;

/**
 * A classifier that reads the words in order: embedding → dropout → a stacked recurrent layer
 * (RNN, LSTM, CIFG or GRU, optionally bidirectional, {@link Recurrent}) or a TCN ({@link Tcn}; with
 * {@code bidirectional} a second TCN reads each text right to left) → pooling over each text's own
 * length (the final states, mean, max, or attention with a learned query) → dropout → linear →
 * softmax, or a sigmoid per label. Padding never changes a text's result: the recurrent layer
 * stops at each length, a causal TCN's outputs before the length do not see what follows, and
 * pooling leaves the padding out.
 *
 * <p>Tensors: {@code embedding.weight} (V, E) with row 0 the padding ({@value #PAD}) and row 1 the
 * unknown word ({@value #UNK}); {@code rnn.*} as PyTorch's nn.LSTM/GRU/RNN, or {@code tcn.*} and
 * {@code tcn_reverse.*} as locuslab's TemporalConvNet; {@code attention.query} (F) for attention
 * pooling; {@code fc.weight} (L, F) and {@code fc.bias} (L), F = directions × hidden.
 */
public final class SequenceClassifier implements Classifier {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    static final int UNK_ID = 1;

    private final SequenceArch arch;
    private final String[] vocab;
    private final Map<String, Integer> index;
    private final Labels labels;
    private final TextInput input;
    private final ParamStore params;
    private final ParamStore.Param embedding;
    private final Recurrent rnn;
    private final Tcn tcn;
    private final Tcn tcnReverse;
    private final ParamStore.Param query;
    private final ParamStore.Param fcWeight;
    private final ParamStore.Param fcBias;
    /** Rows of the embedding table that training leaves as they are (--freeze-emb), or null. */
    private boolean[] frozen;

    /**
     * A new model with its parameters allocated (zero: call {@link #init}).
     *
     * @param vocab the words, {@value #PAD} and {@value #UNK} first
     */
    public SequenceClassifier(SequenceArch arch, String[] vocab, Labels labels, TextInput input) {
        this(arch, vocab, labels, input, true);
    }

    /**
     * Asks the heap for a model of {@code arch} (its vocabulary of {@code arch.vocab()} words) with
     * {@code labels} labels as the constructor does, allocating nothing: classify train calls it
     * with the smallest vocabulary and label set before reading any data, so a size the heap cannot
     * hold is refused at once (exit 3, with the amount), not after the corpus.
     */
    public static void requireMemory(SequenceArch arch, int labels) {
        String[] vocab = new String[arch.vocab()];
        vocab[PAD_ID] = PAD;
        vocab[UNK_ID] = UNK;
        for (int i = 2; i < vocab.length; i++) {
            vocab[i] = "w" + i;
        }
        String[] names = new String[labels];
        for (int i = 0; i < labels; i++) {
            names[i] = "l" + i;
        }
        new SequenceClassifier(arch, vocab, new Labels(names), null, false);
    }

    /** Declares the tensors, asks the heap for them, and allocates them when {@code allocate}. */
    private SequenceClassifier(SequenceArch arch, String[] vocab, Labels labels, TextInput input, boolean allocate) {
        if (vocab.length != arch.vocab() || vocab.length < 2 || !vocab[PAD_ID].equals(PAD) || !vocab[UNK_ID].equals(UNK)) {
            throw new IllegalArgumentException("the vocabulary must hold " + arch.vocab() + " words, " + PAD + " and " + UNK + " first");
        }
        this.arch = arch;
        this.vocab = vocab.clone();
        this.index = new HashMap<>(vocab.length * 2);
        for (int i = 0; i < vocab.length; i++) {
            if (index.putIfAbsent(vocab[i], i) != null) {
                throw new IllegalArgumentException("word \"" + vocab[i] + "\" appears twice in the vocabulary");
            }
        }
        this.labels = labels;
        this.input = input;
        this.params = new ParamStore();
        embedding = params.add("embedding.weight", arch.vocab(), arch.emb());
        if (arch.tcn()) {
            int[] channels = new int[arch.layers()];
            java.util.Arrays.fill(channels, arch.hidden());
            rnn = null;
            tcn = new Tcn(params, "tcn", arch.emb(), channels, arch.kernel(), arch.dropout(), true);
            tcnReverse = arch.bidirectional()
                    ? new Tcn(params, "tcn_reverse", arch.emb(), channels, arch.kernel(), arch.dropout(), true) : null;
        } else {
            rnn = new Recurrent(params, "rnn.", RecurrentCell.parse(arch.cell()), arch.emb(), arch.hidden(), arch.layers(),
                    arch.bidirectional());
            tcn = null;
            tcnReverse = null;
        }
        query = arch.pool().equals("attention") ? params.add("attention.query", arch.features()) : null;
        fcWeight = params.add("fc.weight", labels.size(), arch.features());
        fcBias = params.add("fc.bias", labels.size());
        ModelFile.requireMemory(params, "a classifier", arch.toJson());
        if (allocate) {
            params.allocate();
        }
    }

    /** This model (sharing its parameters) reading records through another input. */
    private SequenceClassifier(SequenceClassifier m, TextInput input) {
        this.arch = m.arch;
        this.vocab = m.vocab;
        this.index = m.index;
        this.labels = m.labels;
        this.input = input;
        this.params = m.params;
        this.embedding = m.embedding;
        this.rnn = m.rnn;
        this.tcn = m.tcn;
        this.tcnReverse = m.tcnReverse;
        this.query = m.query;
        this.fcWeight = m.fcWeight;
        this.fcBias = m.fcBias;
        this.frozen = m.frozen;
    }

    /**
     * The vocabulary of training data: {@value #PAD}, {@value #UNK}, then the words seen at least
     * minCount times, most frequent first, ties by the word.
     */
    public static String[] vocabulary(Examples data, int minCount) {
        String[] words = data.wordsByCount(minCount, w -> w);
        String[] v = new String[words.length + 2];
        v[PAD_ID] = PAD;
        v[UNK_ID] = UNK;
        int n = 2;
        for (String w : words) {
            if (!w.equals(PAD) && !w.equals(UNK)) {
                v[n++] = w;
            }
        }
        return java.util.Arrays.copyOf(v, n);
    }

    /**
     * PyTorch's defaults, drawn in this order from splits of rnd: embedding N(0, 1), the recurrent
     * layer or TCN as they initialise themselves, the attention query 0, the output layer uniform
     * in ±1/√F. The rows of {@value #PAD} and {@value #UNK} start at 0: padding as PyTorch's
     * padding_idx, and the unknown word because training only moves it when --min-count sends
     * words to it. A random vector there, never trained, would be added to every word unseen in
     * training at prediction time — on MR, half the test sentences hold one — and move test accuracy
     * by several points one way or the other depending on the seed alone; at 0 such a word is no
     * evidence either way.
     */
    public void init(SplittableRandom rnd) {
        float[] w = params.values();
        Init.normal(w, embedding.offset(), embedding.size(), 0, 1, rnd.split());
        java.util.Arrays.fill(w, embedding.offset(), embedding.offset() + 2 * arch.emb(), 0f);
        if (rnn != null) {
            rnn.init(rnd.split());
        } else {
            tcn.init(rnd.split());
            if (tcnReverse != null) {
                tcnReverse.init(rnd.split());
            }
        }
        double k = 1 / Math.sqrt(arch.features());
        SplittableRandom out = rnd.split();
        Init.uniform(w, fcWeight.offset(), fcWeight.size(), -k, k, out);
        Init.uniform(w, fcBias.offset(), fcBias.size(), -k, k, out);
    }

    /**
     * Copies pretrained vectors into the rows of the words they know (exactly, else in lower case);
     * with {@code freeze} training leaves those rows as they are. Returns how many words were found.
     */
    public int fillPretrained(Pretrained vectors, boolean freeze) {
        boolean[] found = new boolean[vocab.length];
        found[PAD_ID] = true;
        int n = vectors.fill(vocab, 2, params.values(), embedding.offset(), arch.emb(), arch.emb(), found);
        if (freeze) {
            frozen = found;
        }
        return n;
    }

    /** The parameters training must leave as they are: the frozen embedding rows (none without --freeze-emb). */
    public recur.optim.Fixed fixedParameters() {
        return frozen == null ? recur.optim.Fixed.NONE : recur.optim.Fixed.rows(embedding.offset(), arch.emb(), frozen);
    }

    public SequenceArch arch() {
        return arch;
    }

    public ParamStore params() {
        return params;
    }

    public int vocabularySize() {
        return vocab.length;
    }

    /** The words' ids; a word the vocabulary lacks is {@value #UNK}. */
    public int[] ids(String[] words) {
        int[] ids = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            ids[i] = index.getOrDefault(words[i], UNK_ID);
        }
        return ids;
    }

    /**
     * The logits of a padded batch (train/PaddedBatches makes them), (B, L).
     *
     * @param ids (T, B) time-major word ids, padding past each length
     * @param lengths (B) each text's length
     * @param time T, the longest length
     * @param rnd dropout's draws (training tape only; may be null otherwise)
     */
    public Var logits(Tape tape, int[] ids, int[] lengths, int time, SplittableRandom rnd) {
        int b = lengths.length;
        int t = time;
        if (t == 0) {
            // every text empty: one step of padding, which each length of 0 leaves out
            t = 1;
            ids = new int[b];
        }
        Var table = params.var(embedding);
        Var x = frozen == null ? Embedding.apply(tape, table, ids, t, b) : lookupFrozen(tape, table, ids, t, b);
        x = Dropout.apply(tape, x, arch.dropout(), false, rnd);
        Var features;
        if (rnn != null) {
            Recurrent.Output out = rnn.forward(tape, x, null, null, lengths, arch.dropout(), rnd);
            features = arch.pool().equals("last") ? finalStates(tape, out.h(), arch.layers(), arch.directions())
                    : pool(tape, out.y(), lengths);
        } else {
            Var forward = Tcn.swapTimeBatch(tape, tcn.forward(tape, Tcn.swapTimeBatch(tape, x), rnd));
            if (tcnReverse == null) {
                features = pool(tape, forward, lengths);
            } else {
                Var reversed = Reverse.apply(tape, x, lengths);
                Var backward = Tcn.swapTimeBatch(tape, tcnReverse.forward(tape, Tcn.swapTimeBatch(tape, reversed), rnd));
                if (arch.pool().equals("last")) {
                    // each direction's output after reading the whole text its own way
                    features = Concat.concat(tape, Pooling.apply(tape, forward, lengths, Pooling.Mode.LAST),
                            Pooling.apply(tape, backward, lengths, Pooling.Mode.LAST));
                } else {
                    features = pool(tape, Concat.concat(tape, forward, Reverse.apply(tape, backward, lengths)), lengths);
                }
            }
        }
        features = Dropout.apply(tape, features, arch.dropout(), false, rnd);
        return Linear.apply(tape, features, params.var(fcWeight), params.var(fcBias));
    }

    private Var pool(Tape tape, Var seq, int[] lengths) {
        if (query != null) {
            return AttentionPooling.apply(tape, seq, lengths, params.var(query)).context();
        }
        return Pooling.apply(tape, seq, lengths, SequenceArch.poolingMode(arch.pool()));
    }

    /** The batch's loss against each row's gold labels. */
    public LabelLoss.Result loss(Tape tape, int[] ids, int[] lengths, int time, int[][] gold, SplittableRandom rnd) {
        return LabelLoss.apply(tape, logits(tape, ids, lengths, time, rnd), gold, arch.ova());
    }

    /**
     * The last layer's final state of every direction, (L·D, B, H) → (B, D·H): the forward
     * direction's state after each text's last word, the reverse direction's after its first.
     */
    static Var finalStates(Tape tape, Var h, int layers, int dirs) {
        int b = h.dim(1);
        int hidden = h.dim(2);
        Var y = Var.zeros(b, dirs * hidden);
        int first = (layers - 1) * dirs;
        for (int d = 0; d < dirs; d++) {
            for (int s = 0; s < b; s++) {
                System.arraycopy(h.v, h.vo + ((first + d) * b + s) * hidden, y.v, (s * dirs + d) * hidden, hidden);
            }
        }
        tape.record(() -> {
            if (h.requiresGrad()) {
                float[] dh = h.g();
                int dho = h.go();
                for (int d = 0; d < dirs; d++) {
                    for (int s = 0; s < b; s++) {
                        VecMath.axpy(y.g(), y.go() + (s * dirs + d) * hidden, dh, dho + ((first + d) * b + s) * hidden, hidden, 1f);
                    }
                }
            }
        });
        return y;
    }

    /** {@link Embedding#apply} whose backward leaves the frozen rows out. */
    private Var lookupFrozen(Tape tape, Var table, int[] ids, int t, int b) {
        int e = arch.emb();
        Embedding.checkIds(ids, vocab.length);
        Var y = Var.zeros(t, b, e);
        int[] copy = ids.clone();
        Embedding.forward(y.v, 0, table.v, table.vo, copy, copy.length, e);
        boolean[] fixed = frozen;
        tape.record(() -> {
            float[] dy = y.g();
            float[] dt = table.g();
            for (int i = 0; i < copy.length; i++) {
                if (!fixed[copy[i]]) {
                    VecMath.axpy(dy, i * e, dt, table.go() + copy[i] * e, e, 1f);
                }
            }
        });
        return y;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    @Override
    public TextInput input() {
        return input;
    }

    @Override
    public boolean multiLabel() {
        return arch.ova();
    }

    @Override
    public Classifier withFields(String textField, String tokensField) {
        return new SequenceClassifier(this, input.withFields(textField, tokensField));
    }

    /** A batch of one: the bits {@link #probs(int[], int[], int, float[])} gives the text in any batch. */
    @Override
    public void probs(String[] words, float[] out) {
        int[] ids = ids(words);
        probs(ids, new int[] {ids.length}, ids.length, out);
    }

    /**
     * Each row's probabilities for a padded batch (train/PaddedBatches makes them), in one forward
     * pass under {@link Gemm#rowInvariant}: every product gives a row the bits it has alone, and
     * padding never reaches a result (the recurrent layer stops at each length, a causal TCN looks
     * only back, pooling leaves it out), so a text's probabilities have the same bits in any batch,
     * beside texts of any length. Thread-safe.
     *
     * @param ids (T, B) time-major word ids, padding past each length
     * @param out (B, L)
     */
    public void probs(int[] ids, int[] lengths, int time, float[] out) {
        Var logits = Gemm.rowInvariant(() -> logits(Tape.inference(), ids, lengths, time, null));
        LabelLoss.forward(logits.v, logits.vo, null, arch.ova(), lengths.length, labels.size(), out);
    }

    /** What a model file of this classifier holds. */
    public ModelFile.Contents contents() {
        return new ModelFile.Contents() {
            @Override
            public String kind() {
                return ClassifierFile.KIND;
            }

            @Override
            public void describe(ObjectNode meta) {
                meta.set("arch", arch.toJson());
                meta.set("text", input.toJson());
                ArrayNode ls = meta.putArray("labels");
                for (String l : labels.names()) {
                    ls.add(l);
                }
                ArrayNode v = meta.putArray("vocab");
                for (String w : vocab) {
                    v.add(w);
                }
            }

            @Override
            public ParamStore params() {
                return params;
            }
        };
    }

    /** Rebuilds a classifier of type rnn or tcn from its file. */
    static SequenceClassifier build(ModelArchive a, Path path, String[] vocab, Labels labels, TextInput input) {
        SequenceArch arch;
        try {
            arch = SequenceArch.fromJson(a.meta().path("arch"));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path + ": bad classifier architecture: " + e.getMessage());
        }
        if (arch.vocab() != vocab.length) {
            throw new ModelFileException(path + ": the vocabulary has " + vocab.length + " words but the architecture " + arch.vocab());
        }
        SequenceClassifier m = new SequenceClassifier(arch, vocab, labels, input);
        ModelFile.loadParams(a, m.params, path);
        return m;
    }
}
