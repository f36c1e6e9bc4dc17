package recur.model.classify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import recur.io.Json;
import recur.io.Record;
import recur.text.WordSplit;

/**
 * How a record becomes the words a classifier sees: the string array in the tokens field when the
 * record has one, else the text field split (at whitespace, or into words and punctuation) and
 * optionally lower-cased. The split and case are part of the model, so predict reads text as
 * training did; the field names are the caller's.
 */
public record TextInput(String textField, String tokensField, WordSplit split, boolean lower) {

    /** The record's words. */
    public String[] words(Record r) {
        if (tokensField != null && r.has(tokensField)) {
            String[] t = r.strings(tokensField);
            if (lower) {
                for (int i = 0; i < t.length; i++) {
                    t[i] = t[i].toLowerCase(Locale.ROOT);
                }
            }
            return t;
        }
        String text = r.text(textField);
        if (lower) {
            text = text.toLowerCase(Locale.ROOT);
        }
        List<String> out = new ArrayList<>();
        split.split(text, 0, text.length(), (s, from, to) -> out.add(s.substring(from, to)));
        return out.toArray(new String[0]);
    }

    /** This input with other field names (predict's --text-field), keeping the model's split and case. */
    public TextInput withFields(String text, String tokens) {
        return new TextInput(text, tokens, split, lower);
    }

    /** The parts a model file keeps: the split and the case. */
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("split", split.name().toLowerCase(Locale.ROOT));
        n.put("lower", lower);
        return n;
    }

    public static TextInput fromJson(ObjectNode n, String textField, String tokensField) {
        return new TextInput(textField, tokensField, parseSplit(n.path("split").asText("whitespace")), n.path("lower").asBoolean(false));
    }

    public static WordSplit parseSplit(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "whitespace", "space", "ws" -> WordSplit.WHITESPACE;
            case "unicode", "words" -> WordSplit.UNICODE;
            default -> throw new IllegalArgumentException("--split must be whitespace or unicode, got " + s);
        };
    }
}
