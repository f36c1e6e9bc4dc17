package recur.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import recur.io.Json;
import recur.text.Tokenizer;

/**
 * A recur tokenizer as a language model's codec: each line is encoded and followed by
 * {@code <eos>}; generated {@code <eos>} ids come back as line breaks.
 */
public final class TokenizerCodec implements LineCodec {
    private final Tokenizer tokenizer;

    public TokenizerCodec(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public static TokenizerCodec fromJson(JsonNode vocabulary, String where) {
        return new TokenizerCodec(Tokenizer.fromJson(vocabulary.path("tokenizer"), where));
    }

    @Override
    public int[] encodeLine(String line) {
        return tokenizer.encode(line, false, true);
    }

    @Override
    public int[] encodePrompt(String text) {
        return tokenizer.encode(text);
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder s = new StringBuilder();
        int from = 0;
        for (int i = 0; i <= ids.length; i++) {
            if (i == ids.length || ids[i] == tokenizer.eos()) {
                s.append(tokenizer.decode(Arrays.copyOfRange(ids, from, i)));
                if (i < ids.length) {
                    s.append('\n');
                }
                from = i + 1;
            }
        }
        return s.toString();
    }

    @Override
    public int size() {
        return tokenizer.vocabSize();
    }

    @Override
    public String token(int id) {
        return tokenizer.token(id);
    }

    @Override
    public int endId() {
        return tokenizer.eos();
    }

    @Override
    public boolean charLevel() {
        return tokenizer.type().equals("char");
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("level", "tokenizer");
        o.set("tokenizer", tokenizer.toJson());
        return o;
    }
}
