package recur.model.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import recur.io.ModelArchive;
import recur.io.ModelFileException;
import recur.io.Safetensors;
import recur.model.ModelFile;
import recur.model.word2vec.Kernels;
import recur.model.word2vec.Subwords;

/**
 * The model file of kind {@value #KIND}. recur.json holds the architecture
 * ({@code {"type": "bag", "emb", "word_ngrams", "buckets", "minn", "maxn", "loss"}}), the label set
 * in id order, the vocabulary, how text is split, and the training provenance; the weights are
 * {@code embedding.weight} ((V+B)×E, words then n-gram buckets, as a PyTorch EmbeddingBag) and
 * {@code fc.weight} (L×E, a bias-free Linear). Architectures "rnn" and "tcn" are
 * {@link SequenceClassifier}s ({@link SequenceArch} in "arch", the parameters under their names).
 */
public final class ClassifierFile {
    public static final String KIND = "classifier";
    /** Read with this; the fields predict reads are set afterwards ({@link TextInput#withFields}). */
    public static final ModelFile.Kind<Classifier> CLASSIFIER = ModelFile.kind(KIND, ClassifierFile::build);

    private ClassifierFile() {}

    /**
     * Writes the model. The tables are written from the model's own padded arrays rather than
     * through a ParamStore, which would hold a second copy and its gradients: a bag model with
     * two million buckets is most of a gigabyte.
     */
    public static void save(Path path, BagModel m, ObjectNode training) throws IOException {
        ObjectNode meta = ModelArchive.newMeta(KIND);
        ObjectNode arch = meta.putObject("arch");
        arch.put("type", "bag");
        arch.put("emb", m.dim);
        arch.put("word_ngrams", m.wordNgrams);
        arch.put("buckets", m.buckets);
        arch.put("minn", m.subwords == null ? 0 : m.subwords.minn);
        arch.put("maxn", m.subwords == null ? 0 : m.subwords.maxn);
        arch.put("loss", m.ova ? "ova" : "softmax");
        meta.set("text", m.input.toJson());
        ArrayNode ls = meta.putArray("labels");
        for (String l : m.labels.names()) {
            ls.add(l);
        }
        ArrayNode v = meta.putArray("vocab");
        for (String w : m.vocab) {
            v.add(w);
        }
        if (training != null) {
            meta.set("training", training);
        }
        int rows = m.rows();
        ModelArchive.write(path, meta, List.of(
                new Safetensors.Tensor("embedding.weight", new int[] {rows, m.dim}, compact(m.in, rows, m.dim, m.stride)),
                new Safetensors.Tensor("fc.weight", new int[] {m.labels.size(), m.dim}, compact(m.out, m.labels.size(), m.dim, m.stride))));
    }

    /** Reads a classifier; the record fields predict reads are the caller's, the split and case the model's. */
    public static Classifier load(Path path, String textField, String tokensField) {
        return ModelFile.read(path, CLASSIFIER).model().withFields(textField, tokensField);
    }

    /** A bag model, or for architectures rnn and tcn a {@link SequenceClassifier}. */
    private static Classifier build(ModelArchive a, Path path) {
        ObjectNode m = a.meta();
        String what = path.toString();
        JsonNode arch = m.path("arch");
        String type = arch.path("type").asText();
        if (!type.equals("bag") && !type.equals("rnn") && !type.equals("tcn")) {
            throw new ModelFileException(what + ": classifier architecture \"" + type + "\" is not one this recur reads");
        }
        try {
            String[] labels = strings(m.path("labels"), what, "labels");
            String[] vocab = strings(m.path("vocab"), what, "vocab");
            if (!type.equals("bag")) {
                return SequenceClassifier.build(a, path, vocab, new Labels(labels),
                        TextInput.fromJson((ObjectNode) m.path("text"), "text", "tokens"));
            }
            int dim = arch.path("emb").asInt(-1);
            int ngrams = arch.path("word_ngrams").asInt(1);
            int buckets = arch.path("buckets").asInt(0);
            int maxn = arch.path("maxn").asInt(0);
            Subwords sw = maxn > 0 ? new Subwords(arch.path("minn").asInt(), maxn, buckets) : null;
            boolean ova = "ova".equals(arch.path("loss").asText());
            int rows = vocab.length + (ngrams > 1 || sw != null ? buckets : 0);
            TextInput input = TextInput.fromJson((ObjectNode) m.path("text"), "text", "tokens");
            int stride = Kernels.stride(dim);
            float[] in = padded(a.tensor("embedding.weight"), rows, dim, stride, what);
            float[] out = padded(a.tensor("fc.weight"), labels.length, dim, stride, what);
            return new BagModel(vocab, new Labels(labels), input, dim, ngrams, buckets, sw, ova, in, out);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ModelFileException(what + ": bad classifier metadata: " + e.getMessage());
        }
    }

    private static String[] strings(JsonNode n, String what, String field) {
        if (!n.isArray()) {
            throw new ModelFileException(what + ": classifier metadata lacks " + field);
        }
        String[] out = new String[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asText();
        }
        return out;
    }

    private static float[] compact(float[] x, int rows, int dim, int stride) {
        float[] out = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, r * stride, out, r * dim, dim);
        }
        return out;
    }

    private static float[] padded(Safetensors.Tensor t, int rows, int dim, int stride, String what) {
        if (t.shape().length != 2 || t.shape()[0] != rows || t.shape()[1] != dim) {
            throw new ModelFileException(what + ": tensor " + t.name() + " has shape " + Arrays.toString(t.shape())
                    + ", expected [" + rows + ", " + dim + "]");
        }
        float[] v = t.values();
        float[] out = new float[rows * stride];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(v, r * dim, out, r * stride, dim);
        }
        return out;
    }
}
