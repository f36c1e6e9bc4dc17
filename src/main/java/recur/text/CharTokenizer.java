package recur.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One token per Unicode code point (characters never seen when learning become {@code <unk>}), or
 * one token per byte of the UTF-8 text (lossless on anything, 256 tokens after the specials).
 */
public final class CharTokenizer extends VocabTokenizer {
    private final boolean bytes;
    /** Code points of tokens S.., in id order (empty for bytes). */
    private final int[] codePoints;
    /** Id of each BMP char (0 = unknown), the common case without hashing. */
    private final int[] bmp;
    private final Map<Integer, Integer> astral = new HashMap<>();

    /** A code-point tokenizer over {@code symbols} (in id order, after the specials). */
    public static CharTokenizer codePoints(Specials specials, Normalization norm, int[] symbols) {
        return new CharTokenizer(specials, norm, false, symbols);
    }

    /** The byte tokenizer: ids S..S+255 are the bytes. */
    public static CharTokenizer bytes(Specials specials, Normalization norm) {
        return new CharTokenizer(specials, norm, true, new int[0]);
    }

    private CharTokenizer(Specials specials, Normalization norm, boolean bytes, int[] symbols) {
        super(specials, norm, bytes ? 256 : symbols.length);
        this.bytes = bytes;
        this.codePoints = symbols.clone();
        int s = specials.size();
        int n = tokens.length - s;
        bmp = bytes ? null : new int[65536];
        for (int i = 0; i < n; i++) {
            String t;
            if (bytes) {
                t = Utf8.display(new byte[] {(byte) i});
            } else {
                int cp = symbols[i];
                if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    throw new IllegalArgumentException("not a code point: " + cp);
                }
                t = new String(Character.toChars(cp));
                if (cp < 65536) {
                    if (bmp[cp] != 0) {
                        throw new IllegalArgumentException("code point U+" + Integer.toHexString(cp) + " listed twice");
                    }
                    bmp[cp] = s + i;
                } else if (astral.put(cp, s + i) != null) {
                    throw new IllegalArgumentException("code point U+" + Integer.toHexString(cp) + " listed twice");
                }
            }
            tokens[s + i] = t;
            ids.putIfAbsent(t, s + i);
        }
    }

    @Override
    public String type() {
        return "char";
    }

    /** True for the byte tokenizer. */
    public boolean byteLevel() {
        return bytes;
    }

    @Override
    public boolean lossless() {
        return bytes;
    }

    @Override
    public int[] encode(String text) {
        byte[][] buf = new byte[1][];
        return encodeWith(text, text.length() + 2, (s, from, to, out) -> {
            if (bytes) {
                if (buf[0] == null || buf[0].length < 3 * (to - from)) {
                    buf[0] = new byte[3 * (to - from)];
                }
                int n = Utf8.encode(s, from, to, buf[0]);
                int off = specials.size();
                for (int i = 0; i < n; i++) {
                    out.add(off + (buf[0][i] & 0xFF));
                }
                return;
            }
            for (int i = from; i < to; ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                int id = cp < 65536 ? bmp[cp] : astral.getOrDefault(cp, 0);
                out.add(id == 0 ? unk() : id);
            }
        });
    }

    @Override
    public String decode(int[] ids) {
        int s = specials.size();
        if (bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length);
            for (int id : ids) {
                checkId(id);
                if (id < s) {
                    out.writeBytes(specials.token(id).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(id - s);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            checkId(id);
            sb.append(tokens[id]);
        }
        return sb.toString();
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = jsonHead();
        o.put("unit", bytes ? "byte" : "codepoint");
        o.put("vocab_size", vocabSize());
        if (!bytes) {
            ArrayNode v = o.putArray("vocab");
            for (int cp : codePoints) {
                v.add(new String(Character.toChars(cp)));
            }
        }
        return o;
    }

    static CharTokenizer fromJson(JsonNode node, Specials specials, Normalization norm) {
        String unit = node.path("unit").asText("codepoint");
        if (unit.equals("byte")) {
            return bytes(specials, norm);
        }
        if (!unit.equals("codepoint")) {
            throw new IllegalArgumentException("unknown char unit " + unit);
        }
        JsonNode v = vocabArray(node, "char");
        int[] cps = new int[v.size()];
        for (int i = 0; i < cps.length; i++) {
            String t = v.get(i).asText();
            if (t.isEmpty() || t.codePointCount(0, t.length()) != 1) {
                throw new IllegalArgumentException("vocab entry " + i + " is not one character: \"" + t + "\"");
            }
            cps[i] = t.codePointAt(0);
        }
        return codePoints(specials, norm, cps);
    }

    /** The code points of the vocabulary in id order (empty for the byte tokenizer). */
    public List<Integer> symbols() {
        return Arrays.stream(codePoints).boxed().toList();
    }
}
