package recur.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import recur.io.Json;
import recur.io.ModelFileException;

/**
 * How a language model turns lines of text into ids and back, when it was trained without a
 * recur tokenizer: {@code char} level (every code point of a line, then a newline token, as
 * char-rnn reads a file) or {@code word} level (whitespace-separated words, then {@code <eos>},
 * as PyTorch's word_language_model reads PTB). Unknown symbols become {@code <unk>}.
 */
public final class LmVocabulary implements LineCodec {
    public static final String UNK = "<unk>";
    public static final String EOS = "<eos>";
    public static final String NEWLINE = "\n";

    /** char or word. */
    public enum Level { CHAR, WORD }

    private final Level level;
    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int unk;
    private final int end;

    private LmVocabulary(Level level, List<String> tokens) {
        this.level = level;
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
        this.unk = ids.getOrDefault(UNK, -1);
        Integer e = ids.get(level == Level.CHAR ? NEWLINE : EOS);
        if (e == null || unk < 0) {
            throw new IllegalArgumentException("vocabulary lacks " + UNK + " or its line-end token");
        }
        this.end = e;
    }

    /**
     * Builds a vocabulary from symbol counts: the line-end token and {@code <unk>} first, then the
     * symbols seen at least {@code minCount} times, most frequent first (ties by symbol), at most
     * {@code maxSize} in all (0 = no limit).
     */
    public static LmVocabulary build(Level level, Map<String, Long> counts, int minCount, int maxSize) {
        if (minCount < 1) {
            throw new IllegalArgumentException("--min-count must be at least 1, got " + minCount);
        }
        if (maxSize != 0 && maxSize < 3) {
            throw new IllegalArgumentException("--max-vocab must be 0 (no limit) or at least 3, got " + maxSize);
        }
        List<String> out = new ArrayList<>();
        out.add(level == Level.CHAR ? NEWLINE : EOS);
        out.add(UNK);
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() >= minCount && !e.getKey().equals(UNK) && !e.getKey().equals(out.get(0))) {
                kept.add(e);
            }
        }
        kept.sort((a, b) -> {
            int c = Long.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        for (Map.Entry<String, Long> e : kept) {
            if (maxSize > 0 && out.size() >= maxSize) {
                break;
            }
            out.add(e.getKey());
        }
        return new LmVocabulary(level, out);
    }

    /** Adds the symbols of one line to the counts. */
    public static void count(Level level, String line, Map<String, Long> counts) {
        for (String s : split(level, line)) {
            counts.merge(s, 1L, Long::sum);
        }
    }

    private static List<String> split(Level level, String line) {
        if (level == Level.CHAR) {
            List<String> out = new ArrayList<>(line.length());
            line.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        String t = line.strip();
        if (t.isEmpty()) {
            return Collections.emptyList();
        }
        return List.of(t.split("\\s+"));
    }

    /** The ids of a line followed by the line-end id. */
    @Override
    public int[] encodeLine(String line) {
        List<String> parts = split(level, line);
        int[] out = new int[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            out[i] = ids.getOrDefault(parts.get(i), unk);
        }
        out[parts.size()] = end;
        return out;
    }

    /** The ids of a prompt: its symbols, without a line end (generation continues the line). */
    @Override
    public int[] encodePrompt(String text) {
        List<String> parts = split(level, text);
        int[] out = new int[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(parts.get(i), unk);
        }
        return out;
    }

    /** The text of a run of ids: characters concatenated, or words joined by spaces with line ends as newlines. */
    @Override
    public String decode(int[] ids) {
        StringBuilder s = new StringBuilder();
        boolean lineStart = true;
        for (int id : ids) {
            if (level == Level.CHAR) {
                s.append(tokens.get(id));
            } else if (id == end) {
                s.append('\n');
                lineStart = true;
            } else {
                if (!lineStart) {
                    s.append(' ');
                }
                s.append(tokens.get(id));
                lineStart = false;
            }
        }
        return s.toString();
    }

    @Override
    public int size() {
        return tokens.size();
    }

    @Override
    public int endId() {
        return end;
    }

    @Override
    public boolean charLevel() {
        return level == Level.CHAR;
    }

    public int unkId() {
        return unk;
    }

    public Level level() {
        return level;
    }

    @Override
    public String token(int id) {
        return tokens.get(id);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("level", level.name().toLowerCase());
        ArrayNode a = o.putArray("tokens");
        tokens.forEach(a::add);
        return o;
    }

    public static LmVocabulary fromJson(JsonNode o) {
        try {
            Level level = Level.valueOf(o.path("level").asText().toUpperCase());
            List<String> tokens = new ArrayList<>();
            for (JsonNode t : o.path("tokens")) {
                tokens.add(t.asText());
            }
            return new LmVocabulary(level, tokens);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model file has a damaged vocabulary: " + e.getMessage());
        }
    }
}
