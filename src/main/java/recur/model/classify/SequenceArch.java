package recur.model.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import recur.io.Json;
import recur.model.StackShape;
import recur.nn.Pooling;
import recur.nn.RecurrentCell;

/**
 * The shape of a {@link SequenceClassifier}, as recur.json's "arch" stores it: a recurrent stack
 * ({@code type} "rnn", with its cell) or a TCN ("tcn", with its kernel width), how many layers
 * (TCN levels) of what width, whether a second stack reads each text right to left, the dropout,
 * the pooling over time and the loss.
 *
 * @param cell rnn, rnn_relu, lstm, cifg or gru for "rnn"; "tcn" for a TCN
 * @param pool last, mean, max or attention
 * @param kernel the TCN's kernel width (unused by "rnn")
 */
public record SequenceArch(String type, String cell, int vocab, int emb, int hidden, int layers, boolean bidirectional,
                           float dropout, String pool, boolean ova, int kernel) {
    public SequenceArch {
        if (!type.equals("rnn") && !type.equals("tcn")) {
            throw new IllegalArgumentException("a sequence classifier is rnn or tcn, got " + type);
        }
        if (type.equals("rnn")) {
            cell = RecurrentCell.parse(cell).id();
            kernel = 0;
        } else {
            cell = "tcn";
        }
        pool = pool.toLowerCase(Locale.ROOT);
        if (!pool.equals("attention")) {
            poolingMode(pool);
        }
        StackShape.positive(vocab, "the vocabulary");
        StackShape.check(emb, hidden, layers, dropout);
        if (type.equals("tcn")) {
            StackShape.positive(kernel, "--kernel-size");
        }
    }


    /** The pooling of last, mean and max (attention has its own layer). */
    static Pooling.Mode poolingMode(String pool) {
        return switch (pool) {
            case "last" -> Pooling.Mode.LAST;
            case "mean" -> Pooling.Mode.MEAN;
            case "max" -> Pooling.Mode.MAX;
            default -> throw new IllegalArgumentException("--pool must be last, mean, max or attention, got " + pool);
        };
    }

    public boolean tcn() {
        return type.equals("tcn");
    }

    /** Directions: 2 when bidirectional. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Width of the pooled features the output layer reads. */
    public int features() {
        return directions() * hidden;
    }

    public ObjectNode toJson() {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("type", type);
        if (!tcn()) {
            a.put("cell", cell);
        }
        a.put("vocab", vocab);
        a.put("emb", emb);
        a.put("hidden", hidden);
        a.put("layers", layers);
        a.put("bidirectional", bidirectional);
        a.put("dropout", dropout);
        a.put("pool", pool);
        a.put("loss", ova ? "ova" : "softmax");
        if (tcn()) {
            a.put("kernel", kernel);
        }
        return a;
    }

    public static SequenceArch fromJson(JsonNode a) {
        String type = a.path("type").asText();
        return new SequenceArch(type, type.equals("tcn") ? "tcn" : a.path("cell").asText(), a.path("vocab").asInt(),
                a.path("emb").asInt(), a.path("hidden").asInt(), a.path("layers").asInt(), a.path("bidirectional").asBoolean(),
                (float) a.path("dropout").asDouble(), a.path("pool").asText(), "ova".equals(a.path("loss").asText()),
                a.path("kernel").asInt(0));
    }
}
