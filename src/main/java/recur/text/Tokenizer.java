package recur.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import recur.io.ModelArchive;
import recur.io.ModelFileException;

/**
 * Text to ids and back. Every tokenizer reserves ids 0..3 for {@code <pad> <unk> <bos> <eos>},
 * then user-defined specials, then its own tokens. Implementations are immutable and safe to
 * share between threads.
 *
 * <p>Exactness: {@code bpe} and {@code char --unit byte} are lossless, {@code decode(encode(x))}
 * equals {@code x} for every string without lone surrogates (and with NFKC, equals NFKC(x));
 * {@code char} loses characters it never saw (they become {@code <unk>}); {@code word} keeps words
 * but not the spacing between them.
 */
public interface Tokenizer {
    /** The model-file kind of tokenizer models. */
    String KIND = "tokenizer";

    /** "char", "word" or "bpe". */
    String type();

    /** The ids of {@code text}; specials in the text become their single id. */
    int[] encode(String text);

    /** The ids of {@code text} with {@code <bos>} before and/or {@code <eos>} after. */
    default int[] encode(String text, boolean bos, boolean eos) {
        int[] ids = encode(text);
        if (!bos && !eos) {
            return ids;
        }
        int off = bos ? 1 : 0;
        int[] out = new int[ids.length + off + (eos ? 1 : 0)];
        if (bos) {
            out[0] = bos();
        }
        System.arraycopy(ids, 0, out, off, ids.length);
        if (eos) {
            out[out.length - 1] = eos();
        }
        return out;
    }

    /** The text of {@code ids}; an id outside 0..vocabSize()-1 is an IllegalArgumentException. */
    String decode(int[] ids);

    int vocabSize();

    /** The token string of {@code id} (as shown in the {@code tokens} field and the vocabulary). */
    String token(int id);

    /** The id of a token string, or -1 when it is not in the vocabulary. */
    int id(String token);

    Specials specials();

    Normalization normalization();

    /** True when decode(encode(x)) == x for every x (up to the normalisation). */
    boolean lossless();

    /** The merge rank of a token (0 for the first merge), or -1 when the token is not a merge. */
    default int mergeRank(int id) {
        return -1;
    }

    default int pad() {
        return 0;
    }

    default int unk() {
        return 1;
    }

    default int bos() {
        return 2;
    }

    default int eos() {
        return 3;
    }

    /** The token strings of {@code ids}. */
    default String[] tokens(int[] ids) {
        String[] out = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = token(ids[i]);
        }
        return out;
    }

    /** The tokenizer as JSON, to store inside any model's metadata; read back with {@link #fromJson}. */
    ObjectNode toJson();

    /** Reads a tokenizer written by {@link #toJson()}; {@code where} names the source in messages. */
    static Tokenizer fromJson(JsonNode node, String where) {
        try {
            String type = node.path("type").asText("");
            Specials specials = Specials.fromList(strings(node.path("specials")), where);
            Normalization norm = Normalization.parse(node.path("normalization").asText("none"));
            return switch (type) {
                case "bpe" -> BpeTokenizer.fromJson(node, specials, norm);
                case "char" -> CharTokenizer.fromJson(node, specials, norm);
                case "word" -> WordTokenizer.fromJson(node, specials, norm);
                default -> throw new IllegalArgumentException("unknown tokenizer type \"" + type + "\"");
            };
        } catch (IllegalArgumentException | NullPointerException | IndexOutOfBoundsException e) {
            throw new ModelFileException(where + ": bad tokenizer: " + e.getMessage(), e);
        }
    }

    /** Loads a tokenizer model file (kind {@code tokenizer}). */
    static Tokenizer load(Path path) {
        return ModelArchive.load(path, KIND, a -> {
            JsonNode t = a.meta().get("tokenizer");
            if (t == null) {
                throw new ModelFileException(path + ": tokenizer model without a \"tokenizer\" section");
            }
            return fromJson(t, path.toString());
        });
    }

    /**
     * Writes {@code tok} as a tokenizer model file (atomically). {@code provenance} (command line,
     * input digests, ...) is stored beside it under "training", as every kind of model stores it; it must not hold timestamps if the file is to be
     * the same bytes for the same data.
     */
    static void save(Tokenizer tok, Path path, ObjectNode provenance) throws IOException {
        ObjectNode meta = ModelArchive.newMeta(KIND);
        meta.set("tokenizer", tok.toJson());
        if (provenance != null) {
            meta.set("training", provenance);
        }
        ModelArchive.write(path, meta, List.of());
    }

    private static List<String> strings(JsonNode arr) {
        if (!arr.isArray()) {
            throw new IllegalArgumentException("expected an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : arr) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("expected a string, got " + n);
            }
            out.add(n.asText());
        }
        return out;
    }
}
