package recur.model.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import recur.io.Json;
import recur.io.ModelFileException;
import recur.model.StackShape;
import recur.nn.RecurrentCell;

/**
 * The shape of an attention encoder-decoder, as translate train's options give it and recur.json
 * stores it.
 *
 * @param cell gru or lstm, for the encoder and the decoder
 * @param attention bahdanau (additive, from the previous decoder state, context fed to the cell)
 *     or luong (after the cell)
 * @param score luong's scoring: general (h·W_a m) or dot (h·m); "additive" for bahdanau
 * @param inputFeed luong: the previous attentional vector is fed to the cell with the embedding
 * @param srcVocab source vocabulary size
 * @param tgtVocab target vocabulary size V
 * @param emb E, both embeddings' width
 * @param hidden H, the decoder's width (and each encoder direction's, but for dot scoring: H/2)
 * @param layers L, encoder and decoder layers
 * @param dropout on both embeddings, between stacked layers and before the output projection
 * @param tied the output projection shares the target embedding table (needs E = H)
 */
public record Architecture(String cell, String attention, String score, boolean inputFeed, int srcVocab,
                           int tgtVocab, int emb, int hidden, int layers, float dropout, boolean tied) {
    public Architecture {
        cell = RecurrentCell.parse(cell).id();
        if (!cell.equals("gru") && !cell.equals("lstm")) {
            throw new IllegalArgumentException("--cell must be gru or lstm, got " + cell);
        }
        attention = attention.toLowerCase();
        score = score.toLowerCase();
        switch (attention) {
            case "bahdanau" -> {
                score = "additive";
                if (inputFeed) {
                    throw new IllegalArgumentException("--input-feed is for --attention luong (bahdanau always feeds"
                            + " the context to the cell)");
                }
            }
            case "luong" -> {
                if (!score.equals("general") && !score.equals("dot")) {
                    throw new IllegalArgumentException("--score must be general or dot, got " + score);
                }
            }
            default -> throw new IllegalArgumentException("--attention must be bahdanau or luong, got " + attention);
        }
        if (srcVocab < 5 || tgtVocab < 5) {
            throw new IllegalArgumentException("a vocabulary needs the 4 specials and at least one token, got "
                    + srcVocab + " and " + tgtVocab);
        }
        StackShape.check(emb, hidden, layers, dropout);
        if (tied && emb != hidden) {
            throw new IllegalArgumentException("--tie-embeddings needs --emb equal to --hidden, got " + emb + " and " + hidden);
        }
        if (score.equals("dot") && hidden % 2 != 0) {
            throw new IllegalArgumentException("--score dot needs an even --hidden (each encoder direction has H/2), got "
                    + hidden);
        }
    }


    public RecurrentCell recurrentCell() {
        return RecurrentCell.parse(cell);
    }

    public boolean bahdanau() {
        return attention.equals("bahdanau");
    }

    /** Hidden width of each encoder direction: H, or H/2 with dot scoring so the memory is H wide. */
    public int encoderHidden() {
        return score.equals("dot") ? hidden / 2 : hidden;
    }

    /** M, the width of the encoder's output (the memory attended over): both directions. */
    public int memory() {
        return 2 * encoderHidden();
    }

    /** The decoder cell's input width. */
    public int decoderInput() {
        if (bahdanau()) {
            return emb + memory();
        }
        return emb + (inputFeed ? hidden : 0);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("cell", cell);
        o.put("attention", attention);
        o.put("score", score);
        o.put("input_feed", inputFeed);
        o.put("src_vocab", srcVocab);
        o.put("tgt_vocab", tgtVocab);
        o.put("emb", emb);
        o.put("hidden", hidden);
        o.put("layers", layers);
        o.put("dropout", dropout);
        o.put("tied", tied);
        return o;
    }

    public static Architecture fromJson(JsonNode o) {
        if (!o.isObject() || !o.path("cell").isTextual() || !o.path("attention").isTextual()) {
            throw new ModelFileException("model file has no translator architecture");
        }
        try {
            return new Architecture(o.path("cell").asText(), o.path("attention").asText(), o.path("score").asText(),
                    o.path("input_feed").asBoolean(), o.path("src_vocab").asInt(), o.path("tgt_vocab").asInt(),
                    o.path("emb").asInt(), o.path("hidden").asInt(), o.path("layers").asInt(),
                    (float) o.path("dropout").asDouble(), o.path("tied").asBoolean());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file has a damaged translator architecture: " + e.getMessage());
        }
    }
}
