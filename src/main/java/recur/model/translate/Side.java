package recur.model.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import recur.io.Json;
import recur.io.ModelFileException;
import recur.text.Specials;
import recur.text.Tokenizer;

/**
 * One side of a translator (source or target): how its text becomes ids and back. Ids 0..3 are
 * &lt;pad&gt; &lt;unk&gt; &lt;bos&gt; &lt;eos&gt;, as in every recur tokenizer. Either whitespace words built from
 * the training data (optionally lowercased, as the PyTorch peer's "ws" tokenization) or a recur
 * tokenizer model (BPE from {@code recur tokenize learn}).
 */
public abstract sealed class Side permits Side.Words, Side.Tokenized {
    /** The ids of a text, without BOS or EOS; unknown pieces are &lt;unk&gt;. */
    public abstract int[] encode(String text);

    /** The text of ids (a hypothesis); specials other than &lt;unk&gt; are left out. */
    public abstract String decode(int[] ids);

    /** A reference as hypotheses are compared with it: normalised as this side's input is (lowercased words). */
    public abstract String reference(String text);

    public abstract int size();

    /** What recur.json stores for this side. */
    public abstract ObjectNode toJson();

    public static Side fromJson(JsonNode o, String where) {
        String type = o.path("type").asText("");
        switch (type) {
            case "words" -> {
                List<String> tokens = new ArrayList<>();
                for (JsonNode t : o.path("tokens")) {
                    tokens.add(t.asText());
                }
                if (tokens.size() < Specials.BUILT_IN.size() + 1) {
                    throw new ModelFileException(where + ": a word vocabulary needs the 4 specials and a word, got "
                            + tokens.size() + " tokens");
                }
                return new Words(o.path("lowercase").asBoolean(), tokens);
            }
            case "tokenizer" -> {
                return new Tokenized(Tokenizer.fromJson(o.path("tokenizer"), where));
            }
            default -> throw new ModelFileException(where + ": unknown vocabulary type '" + type + "'");
        }
    }

    /** Whitespace-separated words, optionally lowercased, with a vocabulary built from counts. */
    public static final class Words extends Side {
        private final boolean lowercase;
        private final List<String> tokens;
        private final Map<String, Integer> ids = new HashMap<>();

        Words(boolean lowercase, List<String> tokens) {
            this.lowercase = lowercase;
            this.tokens = List.copyOf(tokens);
            for (int i = 0; i < tokens.size(); i++) {
                ids.putIfAbsent(tokens.get(i), i);
            }
        }

        /** Counts the words of one text into {@code counts}, which keeps first-seen order for ties. */
        public static void count(String text, boolean lowercase, LinkedHashMap<String, Long> counts) {
            for (String w : split(text, lowercase)) {
                counts.merge(w, 1L, Long::sum);
            }
        }

        /**
         * The specials, then words seen at least {@code minFreq} times, most frequent first (ties in
         * first-seen order), at most {@code maxVocab} ids in all (0: no limit) — as the peer's
         * Counter.most_common does.
         */
        public static Words build(LinkedHashMap<String, Long> counts, boolean lowercase, int minFreq, int maxVocab) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
            entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
            List<String> tokens = new ArrayList<>(Specials.BUILT_IN);
            for (Map.Entry<String, Long> e : entries) {
                if (maxVocab > 0 && tokens.size() >= maxVocab) {
                    break;
                }
                if (e.getValue() >= minFreq && !Specials.BUILT_IN.contains(e.getKey())) {
                    tokens.add(e.getKey());
                }
            }
            return new Words(lowercase, tokens);
        }

        static List<String> split(String text, boolean lowercase) {
            String s = lowercase ? text.toLowerCase(Locale.ROOT) : text;
            List<String> out = new ArrayList<>();
            int i = 0, n = s.length();
            while (i < n) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                int from = i;
                while (i < n && !isSpace(s.charAt(i))) {
                    i++;
                }
                if (i > from) {
                    out.add(s.substring(from, i));
                }
            }
            return out;
        }

        /** Python's str.isspace(), so words split as the peer's str.split() splits them (no-break spaces too). */
        public static boolean isSpace(char c) {
            return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
        }

        @Override
        public int[] encode(String text) {
            List<String> words = split(text, lowercase);
            int[] out = new int[words.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ids.getOrDefault(words.get(i), Translator.UNK);
            }
            return out;
        }

        @Override
        public String decode(int[] ids) {
            StringBuilder s = new StringBuilder();
            for (int id : ids) {
                if (id == Translator.PAD || id == Translator.BOS || id == Translator.EOS) {
                    continue;
                }
                if (s.length() > 0) {
                    s.append(' ');
                }
                s.append(tokens.get(id));
            }
            return s.toString();
        }

        @Override
        public String reference(String text) {
            return lowercase ? text.toLowerCase(Locale.ROOT) : text;
        }

        @Override
        public int size() {
            return tokens.size();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("type", "words");
            o.put("lowercase", lowercase);
            ArrayNode a = o.putArray("tokens");
            tokens.forEach(a::add);
            return o;
        }
    }

    /** A recur tokenizer model. */
    public static final class Tokenized extends Side {
        private final Tokenizer tokenizer;

        public Tokenized(Tokenizer tokenizer) {
            this.tokenizer = tokenizer;
        }

        @Override
        public int[] encode(String text) {
            return tokenizer.encode(text);
        }

        @Override
        public String decode(int[] ids) {
            int n = 0;
            int[] kept = new int[ids.length];
            for (int id : ids) {
                if (id != Translator.PAD && id != Translator.BOS && id != Translator.EOS) {
                    kept[n++] = id;
                }
            }
            return tokenizer.decode(java.util.Arrays.copyOf(kept, n));
        }

        @Override
        public String reference(String text) {
            return text;
        }

        @Override
        public int size() {
            return tokenizer.vocabSize();
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("type", "tokenizer");
            o.set("tokenizer", tokenizer.toJson());
            return o;
        }
    }
}
