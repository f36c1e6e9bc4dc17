package recur.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import recur.io.Json;

/**
 * What the char, word and bpe tokenizers share: the specials, the normalisation and the token
 * table, ids 0..S-1 the specials and S.. the tokenizer's own tokens, with its reverse map. The
 * table is filled here for the specials; each subclass fills its own tokens in its constructor,
 * because each resolves clashes between token strings its own way (char keeps the first, word
 * rejects them, bpe re-spells the later one).
 */
abstract class VocabTokenizer implements Tokenizer {
    protected final Specials specials;
    protected final Normalization norm;
    /** Token string of each id; the subclass fills ids S.. before its constructor returns. */
    protected final String[] tokens;
    /** Id of each token string; the specials are in it already. */
    protected final Map<String, Integer> ids;

    /** Reserves a table of S + {@code own} tokens and enters the specials. */
    VocabTokenizer(Specials specials, Normalization norm, int own) {
        this.specials = specials;
        this.norm = norm;
        int s = specials.size();
        tokens = new String[s + own];
        ids = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < s; i++) {
            tokens[i] = specials.token(i);
            ids.put(tokens[i], i);
        }
    }

    @Override
    public final Specials specials() {
        return specials;
    }

    @Override
    public final Normalization normalization() {
        return norm;
    }

    @Override
    public final int vocabSize() {
        return tokens.length;
    }

    @Override
    public final String token(int id) {
        return tokens[id];
    }

    @Override
    public final int id(String token) {
        Integer i = ids.get(token);
        return i == null ? -1 : i;
    }

    /** Rejects an id outside the vocabulary, as {@link Tokenizer#decode} promises. */
    protected final void checkId(int id) {
        if (id < 0 || id >= tokens.length) {
            throw new IllegalArgumentException("id " + id + " is outside the vocabulary 0.." + (tokens.length - 1));
        }
    }

    /** Encodes the stretches of text between specials, appending ids to {@code out}. */
    protected interface PlainEncoder {
        void encode(String s, int from, int to, IntList out);
    }

    /**
     * The common shape of encoding: normalise, turn each special into its id and hand the
     * stretches between them to {@code plain}. ({@code bpe} does the same through a per-thread
     * sink of its own, to encode without allocating.)
     */
    protected final int[] encodeWith(String text, int capacity, PlainEncoder plain) {
        IntList out = new IntList(capacity);
        specials.split(norm.apply(text), new Specials.Sink() {
            @Override
            public void text(String s, int from, int to) {
                plain.encode(s, from, to, out);
            }

            @Override
            public void special(int id) {
                out.add(id);
            }
        });
        return out.toArray();
    }

    /**
     * The fields every stored tokenizer starts with, in the order {@link Tokenizer#fromJson} and
     * existing model files have them: type, specials, normalization. The subclass adds the rest.
     */
    protected final ObjectNode jsonHead() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", type());
        ArrayNode sp = o.putArray("specials");
        specials.list().forEach(sp::add);
        o.put("normalization", norm.name());
        return o;
    }

    /** The {@code vocab} array of a stored tokenizer of {@code type}, which must have one. */
    static JsonNode vocabArray(JsonNode node, String type) {
        JsonNode v = node.get("vocab");
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException(type + " tokenizer without vocab");
        }
        return v;
    }
}
