package recur.model.word2vec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.io.Safetensors;

/**
 * Word vectors and what can be asked of them: a word's vector (composed from character n-grams
 * for unseen words when the model has them), cosine neighbours, analogies, sentence vectors.
 * Stored as a model file of kind {@value #KIND}: the vocabulary and counts in recur.json, the
 * vectors as tensor {@code vectors} (V×E) and, with n-grams, {@code ngrams} (B×E).
 */
public final class Embeddings {
    public static final String KIND = "embeddings";

    private final String[] words;
    /** Occurrences in the training corpus, or null for imported vectors. */
    private final long[] counts;
    private final int dim;
    private final float[] vectors;
    private final Subwords subwords;
    private final float[] ngrams;
    private final Map<String, Integer> index;
    private float[] unit;

    public Embeddings(String[] words, long[] counts, int dim, float[] vectors, Subwords subwords, float[] ngrams) {
        if (vectors.length != (long) words.length * dim) {
            throw new IllegalArgumentException("vectors hold " + vectors.length + " values, expected " + words.length + " x " + dim);
        }
        this.words = words;
        this.counts = counts;
        this.dim = dim;
        this.vectors = vectors;
        this.subwords = subwords;
        this.ngrams = ngrams;
        this.index = new HashMap<>(words.length * 2);
        for (int i = 0; i < words.length; i++) {
            if (index.putIfAbsent(words[i], i) != null) {
                throw new IllegalArgumentException("word \"" + words[i] + "\" appears twice");
            }
        }
    }

    public int size() {
        return words.length;
    }

    public int dim() {
        return dim;
    }

    public String word(int id) {
        return words[id];
    }

    public String[] words() {
        return words;
    }

    public long[] counts() {
        return counts;
    }

    public float[] vectors() {
        return vectors;
    }

    public Subwords subwords() {
        return subwords;
    }

    /** The id of a vocabulary word (a token with whitespace is looked up as {@link Words#of} it), or −1. */
    public int id(String word) {
        Integer i = index.get(word);
        if (i == null) {
            String w = Words.of(word);
            i = w == word ? null : index.get(w);
        }
        return i == null ? -1 : i;
    }

    /**
     * The vector of a word: its row when in the vocabulary; for other words with an n-gram
     * model, the mean of its n-gram rows (fastText's rule); else null.
     */
    public float[] vector(String word) {
        int id = id(word);
        float[] v = new float[dim];
        if (id >= 0) {
            System.arraycopy(vectors, id * dim, v, 0, dim);
            return v;
        }
        if (subwords == null) {
            return null;
        }
        int[] b = subwords.buckets(word);
        if (b.length == 0) {
            return null;
        }
        for (int h : b) {
            Kernels.addFrom(v, ngrams, h * dim, dim);
        }
        float inv = 1f / b.length;
        for (int j = 0; j < dim; j++) {
            v[j] *= inv;
        }
        return v;
    }

    /** Unit-length copies of all rows (zero rows stay zero), computed once. */
    public synchronized float[] unit() {
        if (unit == null) {
            float[] u = new float[vectors.length];
            for (int i = 0; i < words.length; i++) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    float x = vectors[i * dim + j];
                    s += (double) x * x;
                }
                float inv = s > 0 ? (float) (1.0 / Math.sqrt(s)) : 0f;
                for (int j = 0; j < dim; j++) {
                    u[i * dim + j] = vectors[i * dim + j] * inv;
                }
            }
            unit = u;
        }
        return unit;
    }

    /** x scaled to unit length in place (a zero vector stays zero); returns x. */
    public static float[] normalize(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        if (s > 0) {
            float inv = (float) (1.0 / Math.sqrt(s));
            for (int j = 0; j < x.length; j++) {
                x[j] *= inv;
            }
        }
        return x;
    }

    /** A word and its score. */
    public record Scored(String word, int id, double score) {}

    /**
     * The k words whose vectors have the highest cosine with {@code query}, among the first
     * {@code limit} words (all when ≤ 0), skipping the ids in {@code exclude}.
     */
    public List<Scored> nearest(float[] query, int k, int limit, int... exclude) {
        float[] q = normalize(query.clone());
        float[] u = unit();
        int n = limit > 0 ? Math.min(limit, words.length) : words.length;
        TopK top = new TopK(k);
        for (int i = 0; i < n; i++) {
            if (contains(exclude, i)) {
                continue;
            }
            top.offer(i, Kernels.dot(q, u, i * dim, dim));
        }
        return top.result(this);
    }

    /**
     * Answers a:b :: c:? with the k best words among the first {@code limit} (all when ≤ 0),
     * the three query words excluded. 3CosAdd ranks by cos(x, b − a + c) on unit vectors;
     * 3CosMul (Levy and Goldberg 2014) by cos'(x,b)·cos'(x,c)/(cos'(x,a) + 0.001) with
     * cos' = (cos + 1)/2.
     */
    public List<Scored> analogy(int a, int b, int c, int k, int limit, boolean mul) {
        float[] u = unit();
        int n = limit > 0 ? Math.min(limit, words.length) : words.length;
        TopK top = new TopK(k);
        if (!mul) {
            float[] q = new float[dim];
            for (int j = 0; j < dim; j++) {
                q[j] = u[b * dim + j] - u[a * dim + j] + u[c * dim + j];
            }
            normalize(q);
            for (int i = 0; i < n; i++) {
                if (i != a && i != b && i != c) {
                    top.offer(i, Kernels.dot(q, u, i * dim, dim));
                }
            }
        } else {
            float[] ua = row(u, a);
            float[] ub = row(u, b);
            float[] uc = row(u, c);
            for (int i = 0; i < n; i++) {
                if (i != a && i != b && i != c) {
                    int o = i * dim;
                    double ca = (Kernels.dot(ua, u, o, dim) + 1) / 2;
                    double cb = (Kernels.dot(ub, u, o, dim) + 1) / 2;
                    double cc = (Kernels.dot(uc, u, o, dim) + 1) / 2;
                    top.offer(i, cb * cc / (ca + 1e-3));
                }
            }
        }
        return top.result(this);
    }

    private float[] row(float[] m, int i) {
        float[] r = new float[dim];
        System.arraycopy(m, i * dim, r, 0, dim);
        return r;
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }

    /**
     * Maps upper-cased words to the id of their most frequent spelling (the lowest id), among the
     * first {@code limit} words (all when ≤ 0): how word2vec's compute-accuracy and gensim match
     * evaluation words regardless of case.
     */
    public Map<String, Integer> caseFoldedIndex(int limit) {
        int n = limit > 0 ? Math.min(limit, words.length) : words.length;
        Map<String, Integer> m = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            m.putIfAbsent(words[i].toUpperCase(Locale.ROOT), i);
        }
        return m;
    }

    /** Keeps the k highest scores; ties keep the lower id. */
    private static final class TopK {
        private final int k;
        private final int[] ids;
        private final double[] scores;
        private int size;

        TopK(int k) {
            this.k = Math.max(1, k);
            ids = new int[this.k];
            scores = new double[this.k];
        }

        void offer(int id, double score) {
            if (size == k && score <= scores[k - 1]) {
                return;
            }
            int i = size < k ? size++ : k - 1;
            while (i > 0 && scores[i - 1] < score) {
                scores[i] = scores[i - 1];
                ids[i] = ids[i - 1];
                i--;
            }
            scores[i] = score;
            ids[i] = id;
        }

        List<Scored> result(Embeddings e) {
            List<Scored> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(new Scored(e.words[ids[i]], ids[i], scores[i]));
            }
            return out;
        }
    }

    // ---- model file ----

    /** Writes the model file: vocabulary, counts and {@code extra} (hyperparameters, provenance) in recur.json. */
    public void save(Path path, ObjectNode extra) throws IOException {
        ObjectNode meta = ModelArchive.newMeta(KIND);
        meta.put("dim", dim);
        meta.put("size", words.length);
        if (subwords != null) {
            ObjectNode s = meta.putObject("subwords");
            s.put("minn", subwords.minn);
            s.put("maxn", subwords.maxn);
            s.put("buckets", subwords.buckets);
        }
        if (extra != null) {
            meta.set("training", extra);
        }
        ArrayNode w = meta.putArray("vocab");
        for (String s : words) {
            w.add(s);
        }
        if (counts != null) {
            ArrayNode c = meta.putArray("counts");
            for (long x : counts) {
                c.add(x);
            }
        }
        List<Safetensors.Tensor> ts = new ArrayList<>();
        ts.add(new Safetensors.Tensor("vectors", new int[] {words.length, dim}, vectors));
        if (subwords != null) {
            ts.add(new Safetensors.Tensor("ngrams", new int[] {subwords.buckets, dim}, ngrams));
        }
        ModelArchive.write(path, meta, ts);
    }

    /** Reads a model file of kind {@value #KIND}; anything inconsistent is a {@link ModelFileException}. */
    public static Embeddings load(Path path) {
        return ModelArchive.load(path, KIND, a -> build(path, a));
    }

    private static Embeddings build(Path path, ModelArchive a) {
        ObjectNode m = a.meta();
        String what = path.toString();
        int dim = m.path("dim").asInt(-1);
        JsonNode vocab = m.path("vocab");
        if (dim < 1 || !vocab.isArray()) {
            throw new ModelFileException(what + ": embeddings metadata lacks dim or vocab");
        }
        String[] words = new String[vocab.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = vocab.get(i).asText();
        }
        long[] counts = null;
        JsonNode c = m.path("counts");
        if (c.isArray()) {
            if (c.size() != words.length) {
                throw new ModelFileException(what + ": " + c.size() + " counts for " + words.length + " words");
            }
            counts = new long[words.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = c.get(i).asLong();
            }
        }
        Safetensors.Tensor v = a.tensor("vectors");
        if (v.shape().length != 2 || v.shape()[0] != words.length || v.shape()[1] != dim) {
            throw new ModelFileException(what + ": tensor vectors has shape " + java.util.Arrays.toString(v.shape())
                    + ", expected [" + words.length + ", " + dim + "]");
        }
        Subwords sw = null;
        float[] ngrams = null;
        JsonNode s = m.path("subwords");
        if (s.isObject()) {
            try {
                sw = new Subwords(s.path("minn").asInt(), s.path("maxn").asInt(), s.path("buckets").asInt());
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(what + ": bad subwords metadata: " + e.getMessage());
            }
            Safetensors.Tensor g = a.tensor("ngrams");
            if (g.shape().length != 2 || g.shape()[0] != sw.buckets || g.shape()[1] != dim) {
                throw new ModelFileException(what + ": tensor ngrams has shape " + java.util.Arrays.toString(g.shape())
                        + ", expected [" + sw.buckets + ", " + dim + "]");
            }
            ngrams = g.values();
        }
        try {
            return new Embeddings(words, counts, dim, v.values(), sw, ngrams);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(what + ": " + e.getMessage());
        }
    }
}
