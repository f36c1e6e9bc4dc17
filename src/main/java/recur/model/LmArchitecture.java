package recur.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import recur.io.Json;
import recur.io.ModelFileException;

/**
 * The shape of a language model, as train-lm's options give it and recur.json stores it.
 *
 * @param cell rnn, rnn_relu, lstm, cifg, gru or tcn
 * @param vocab V
 * @param emb E
 * @param hidden H (the channel width of every TCN level)
 * @param layers recurrent layers, or TCN levels
 * @param dropout on embeddings, between layers and before the projection
 * @param tied the projection shares the embedding table (needs E = H)
 * @param kernel TCN kernel width K
 * @param history TCN: tokens of the previous window each window sees as context
 */
public record LmArchitecture(String cell, int vocab, int emb, int hidden, int layers, float dropout, boolean tied,
                             int kernel, int history) {
    public LmArchitecture {
        if (vocab < 2) {
            throw new IllegalArgumentException("the vocabulary needs at least 2 tokens, got " + vocab);
        }
        StackShape.check(emb, hidden, layers, dropout);
        if (tied && emb != hidden) {
            throw new IllegalArgumentException("--tied needs --emb equal to --hidden, got " + emb + " and " + hidden);
        }
        if (!cell.equals("tcn")) {
            // only convolutional models have these; keep them out of comparisons and files
            kernel = 0;
            history = 0;
        } else {
            if (kernel < 2) {
                throw new IllegalArgumentException("--kernel-size must be at least 2, got " + kernel);
            }
            if (history < 0) {
                throw new IllegalArgumentException("--history must be ≥ 0, got " + history);
            }
        }
    }


    public boolean isTcn() {
        return cell.equals("tcn");
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("cell", cell);
        o.put("vocab", vocab);
        o.put("emb", emb);
        o.put("hidden", hidden);
        o.put("layers", layers);
        o.put("dropout", dropout);
        o.put("tied", tied);
        if (isTcn()) {
            o.put("kernel", kernel);
            o.put("history", history);
        }
        return o;
    }

    public static LmArchitecture fromJson(JsonNode o) {
        if (!o.isObject() || !o.path("cell").isTextual()) {
            throw new ModelFileException("model file has no language-model architecture");
        }
        try {
            return new LmArchitecture(o.path("cell").asText(), o.path("vocab").asInt(), o.path("emb").asInt(),
                    o.path("hidden").asInt(), o.path("layers").asInt(), (float) o.path("dropout").asDouble(),
                    o.path("tied").asBoolean(), o.path("kernel").asInt(0), o.path("history").asInt(0));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file has a damaged architecture: " + e.getMessage());
        }
    }
}
