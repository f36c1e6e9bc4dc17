package recur.model.classify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import recur.io.Inputs;
import recur.model.word2vec.Embeddings;
import recur.model.word2vec.VectorFormats;

/**
 * Pretrained word vectors for a classifier's embedding rows (transfer learning): a recur
 * embeddings model, word2vec text or binary, or fastText's {@code .vec}.
 */
public final class Pretrained {
    private final String[] words;
    private final int dim;
    private final float[] vectors;

    private Pretrained(String[] words, int dim, float[] vectors) {
        this.words = words;
        this.dim = dim;
        this.vectors = vectors;
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return words.length;
    }

    /**
     * Reads vectors. {@code format} is recur (an embeddings model), word2vec-text, vec,
     * word2vec-binary, or auto: a zip is a recur model, a name ending in .bin word2vec binary,
     * anything else text.
     */
    public static Pretrained read(String file, String format) throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.equals("auto")) {
            f = isZip(file) ? "recur" : file.endsWith(".bin") || file.endsWith(".bin.gz") ? "word2vec-binary" : "word2vec-text";
        }
        switch (f) {
            case "recur" -> {
                Embeddings e = Embeddings.load(Path.of(file));
                return new Pretrained(e.words(), e.dim(), e.vectors());
            }
            case "word2vec-text", "vec", "text", "word2vec-binary", "bin", "binary" -> {
                boolean binary = f.startsWith("word2vec-b") || f.equals("bin") || f.equals("binary");
                try (InputStream in = Inputs.open(file)) {
                    VectorFormats.Loaded l = binary ? VectorFormats.readBinary(in, file) : VectorFormats.readText(in, file);
                    return new Pretrained(l.words(), l.dim(), l.vectors());
                }
            }
            default -> throw new IllegalArgumentException("--pretrained-format must be auto, recur, word2vec-text, vec or word2vec-binary, got " + format);
        }
    }

    private static boolean isZip(String file) throws IOException {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        }
    }

    /**
     * Copies the vector of every vocabulary word the pretrained set knows (exactly, else in lower
     * case) into its row of the model's input table; returns how many rows were filled.
     */
    public int fill(BagModel m) {
        return fill(m.vocab, 0, m.in, 0, m.stride, m.dim, null);
    }

    /**
     * Copies the vector of every word of {@code vocab} from index {@code from} on that the
     * pretrained set knows (exactly, else in lower case) into row w of {@code table} (at
     * offset + w·stride), marking it in {@code found} (may be null); returns how many rows were filled.
     */
    public int fill(String[] vocab, int from, float[] table, int offset, int stride, int tableDim, boolean[] found) {
        if (tableDim != dim) {
            throw new IllegalArgumentException("--emb " + tableDim + " differs from the pretrained vectors' dimension " + dim);
        }
        Map<String, Integer> index = new HashMap<>(words.length * 2);
        for (int i = 0; i < words.length; i++) {
            index.putIfAbsent(words[i], i);
        }
        int n = 0;
        for (int w = from; w < vocab.length; w++) {
            Integer i = index.get(vocab[w]);
            if (i == null) {
                i = index.get(vocab[w].toLowerCase(Locale.ROOT));
            }
            if (i != null) {
                System.arraycopy(vectors, i * dim, table, offset + w * stride, dim);
                if (found != null) {
                    found[w] = true;
                }
                n++;
            }
        }
        return n;
    }
}
