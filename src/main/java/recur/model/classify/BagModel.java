package recur.model.classify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import recur.io.Memory;
import recur.model.word2vec.Kernels;
import recur.model.word2vec.Subwords;

/**
 * fastText's supervised model: an example is the mean of the input rows of its words, of its
 * words' character n-grams (with {@code minn/maxn}) and of its hashed word n-grams (with
 * {@code wordNgrams > 1}); a linear layer without bias maps that mean to one score per label;
 * softmax over the scores, or a sigmoid per label for one-vs-all.
 *
 * <p>Word n-gram hashing follows fastText: each token (known or not) is hashed, and the n-gram
 * starting at token i of length n hashes as {@code h = h·116049371 + hash(token)} over its tokens,
 * taken modulo the buckets; every example ends with the word {@value #EOS}, as fastText reads a line. Rows are padded to {@link Kernels#stride} so the kernels have no tail.
 */
public final class BagModel implements Classifier {
    /** fastText's multiplier for combining token hashes into an n-gram hash. */
    static final long NGRAM_MULTIPLIER = 116049371L;
    /** fastText ends every example with this word, so each example has a row that acts as a bias, and a last bigram. */
    static final String EOS = "</s>";

    final String[] vocab;
    private final Map<String, Integer> index;
    final Labels labels;
    final TextInput input;
    final int dim;
    final int stride;
    final int wordNgrams;
    final int buckets;
    final Subwords subwords;
    final boolean ova;
    /** (V+B) rows of {@link #stride}: words, then n-gram buckets. */
    final float[] in;
    /** L rows of {@link #stride}. */
    final float[] out;

    BagModel(String[] vocab, Labels labels, TextInput input, int dim, int wordNgrams, int buckets, Subwords subwords,
             boolean ova, float[] in, float[] out) {
        this.vocab = vocab;
        this.index = new HashMap<>(vocab.length * 2);
        for (int i = 0; i < vocab.length; i++) {
            index.put(vocab[i], i);
        }
        this.labels = labels;
        this.input = input;
        this.dim = dim;
        this.stride = Kernels.stride(dim);
        this.wordNgrams = wordNgrams;
        this.buckets = buckets;
        this.subwords = subwords;
        this.ova = ova;
        this.in = in;
        this.out = out;
    }

    @Override
    public Classifier withFields(String textField, String tokensField) {
        return withInput(input.withFields(textField, tokensField));
    }

    /** This model (sharing its tables) reading records through another input. */
    BagModel withInput(TextInput other) {
        return new BagModel(vocab, labels, other, dim, wordNgrams, buckets, subwords, ova, in, out);
    }

    /** A model with zeroed tables of the right size. */
    static BagModel empty(String[] vocab, Labels labels, TextInput input, int dim, int wordNgrams, int buckets,
                          Subwords subwords, boolean ova) {
        int stride = Kernels.stride(dim);
        long rows = (long) vocab.length + (wordNgrams > 1 || subwords != null ? buckets : 0);
        // the tables, and the copy without padding that ClassifierFile.save writes out
        Memory.require(4 * (rows + labels.size()) * (stride + (long) dim), "the tables of " + vocab.length + " words"
                + (rows > vocab.length ? " and " + (rows - vocab.length) + " n-gram buckets" : "") + " and "
                + labels.size() + " labels, of dimension " + dim + ", and their copy for the model file,");
        if (rows * stride > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("(vocabulary + buckets) x --emb = " + rows * stride + " floats ("
                    + Memory.size(4 * rows * stride) + ") is more than one table can hold (" + (Integer.MAX_VALUE - 8)
                    + " floats); lower --emb, raise --min-count or cap --buckets");
        }
        return new BagModel(vocab, labels, input, dim, wordNgrams, buckets, subwords, ova,
                new float[(int) rows * stride], new float[labels.size() * stride]);
    }

    public int vocabularySize() {
        return vocab.length;
    }

    /** n-gram hash buckets (0 without word or character n-grams). */
    public int buckets() {
        return wordNgrams > 1 || subwords != null ? buckets : 0;
    }

    /** Rows of the input table: words, plus n-gram buckets when the model has any. */
    int rows() {
        return in.length / stride;
    }

    /** The word's row, or -1 for a word outside the vocabulary. */
    int wordId(String w) {
        Integer i = index.get(w);
        return i == null ? -1 : i;
    }

    /** The input rows an example touches (duplicates kept: a repeated word weighs twice, as in fastText). */
    int[] rows(String[] text) {
        String[] words = withEos(text);
        int v = vocab.length;
        Ints r = new Ints(words.length * Math.max(1, wordNgrams));
        for (String w : words) {
            int id = wordId(w);
            if (id >= 0) {
                r.add(id);
            }
            if (subwords != null) {
                for (int x : subwords.buckets(w)) {
                    r.add(v + x);
                }
            }
        }
        ngramHashes(words, wordNgrams, g -> r.add(v + (int) Long.remainderUnsigned(g, buckets)));
        return Arrays.copyOf(r.a, r.n);
    }

    /** The words and {@link #EOS}. */
    static String[] withEos(String[] words) {
        String[] w = Arrays.copyOf(words, words.length + 1);
        w[words.length] = EOS;
        return w;
    }

    /** Passes the hash (before the modulo) of every word n-gram of length 2..n to the sink, in order. */
    static void ngramHashes(String[] words, int n, LongConsumer sink) {
        if (n < 2) {
            return;
        }
        long[] h = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            h[i] = Integer.toUnsignedLong(Subwords.hash(words[i]));
        }
        for (int i = 0; i < words.length; i++) {
            long g = h[i];
            for (int j = i + 1; j < words.length && j < i + n; j++) {
                g = g * NGRAM_MULTIPLIER + h[j];
                sink.accept(g);
            }
        }
    }

    /** A growable int array. */
    private static final class Ints {
        int[] a;
        int n;

        Ints(int capacity) {
            a = new int[Math.max(4, capacity)];
        }

        void add(int x) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = x;
        }
    }

    /** hidden (stride) = the mean of input rows rows[from..to); returns false when there are none. */
    boolean mean(int[] rows, int from, int to, float[] hidden) {
        Arrays.fill(hidden, 0f);
        if (from == to) {
            return false;
        }
        for (int k = from; k < to; k++) {
            Kernels.addFrom(hidden, in, rows[k] * stride, stride);
        }
        float inv = 1f / (to - from);
        for (int j = 0; j < stride; j++) {
            hidden[j] *= inv;
        }
        return true;
    }

    /** Label probabilities (L) from the hidden vector: softmax, or a sigmoid each. */
    void probs(float[] hidden, float[] probs) {
        int l = labels.size();
        for (int c = 0; c < l; c++) {
            probs[c] = Kernels.dot(hidden, out, c * stride, stride);
        }
        if (ova) {
            for (int c = 0; c < l; c++) {
                probs[c] = (float) (1.0 / (1.0 + Math.exp(-probs[c])));
            }
            return;
        }
        softmax(probs, l);
    }

    /** In place over the first n values, the sum in double after subtracting the max. */
    static void softmax(float[] x, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < n; c++) {
            max = Math.max(max, x[c]);
        }
        double sum = 0;
        for (int c = 0; c < n; c++) {
            double e = Math.exp(x[c] - max);
            x[c] = (float) e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int c = 0; c < n; c++) {
            x[c] *= inv;
        }
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
        return ova;
    }

    /** An example with no known word and no n-gram scores zero for every label (uniform softmax), as in fastText. */
    @Override
    public void probs(String[] words, float[] probs) {
        float[] hidden = new float[stride];
        int[] r = rows(words);
        mean(r, 0, r.length, hidden);
        probs(hidden, probs);
    }
}
