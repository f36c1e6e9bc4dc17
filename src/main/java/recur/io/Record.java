package recur.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One input record with where it came from. Commands read the fields they need through the
 * typed getters, which name the place of a bad value, and add their own fields to {@link #node}
 * so that everything else passes through.
 */
public record Record(ObjectNode node, String source, long line) {

    /** {@code file:line}, as error messages print it. */
    public String where() {
        return source + ":" + line;
    }

    /** The string in {@code field}; a missing or non-string field is bad input. */
    public String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new BadInputException(where(), "missing field \"" + field + "\"");
        }
        if (!v.isTextual()) {
            throw new BadInputException(where(), "field \"" + field + "\" must be a string, got " + kind(v));
        }
        return v.asText();
    }

    /** True when the record has a non-null value for {@code field}. */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** An array of strings in {@code field}. */
    public String[] strings(String field) {
        JsonNode v = array(field);
        String[] out = new String[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isTextual()) {
                throw new BadInputException(where(), "field \"" + field + "\"[" + i + "] must be a string, got " + kind(e));
            }
            out[i] = e.asText();
        }
        return out;
    }

    /** An array of non-negative integers in {@code field}. */
    public int[] ints(String field) {
        JsonNode v = array(field);
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.canConvertToInt() || !e.isIntegralNumber() || e.asInt() < 0) {
                throw new BadInputException(where(), "field \"" + field + "\"[" + i + "] must be a non-negative integer, got " + e);
            }
            out[i] = e.asInt();
        }
        return out;
    }

    private JsonNode array(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new BadInputException(where(), "missing field \"" + field + "\"");
        }
        if (!v.isArray()) {
            throw new BadInputException(where(), "field \"" + field + "\" must be an array, got " + kind(v));
        }
        return v;
    }

    /** The JSON type name of a value, for messages. */
    public static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            case NULL, MISSING -> "null";
            default -> v.getNodeType().name().toLowerCase();
        };
    }
}
