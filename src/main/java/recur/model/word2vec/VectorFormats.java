package recur.model.word2vec;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import recur.io.BadInputException;
import recur.io.Json;

/**
 * The word2vec file formats (also fastText's {@code .vec} and headerless GloVe text).
 * Text: a header line {@code "V E"}, then {@code word x1 … xE} per line; values are written in
 * the shortest form that reads back to the same float, so a round trip is exact. Binary (the C
 * tool's layout): the same header, then per word its UTF-8 bytes, a space, E little-endian
 * float32, and a newline; the reader also accepts gensim's variant without the newline. Words
 * are written as {@link Words#of} them (whitespace inside a word becomes U+2581), so every file
 * written here reads back, here and in gensim and fastText. JSONL: one {@code {"word", "vector"}}
 * a line, as {@code recur embed export --format jsonl} writes it.
 */
public final class VectorFormats {
    private VectorFormats() {}

    /** Words and their vectors as read from a file. */
    public record Loaded(String[] words, int dim, float[] vectors) {}

    /** One of the readers below. */
    @FunctionalInterface
    public interface Reader {
        Loaded read(InputStream in, String name) throws IOException;
    }

    public static void writeText(Embeddings e, OutputStream out) throws IOException {
        BufferedOutputStream o = new BufferedOutputStream(out, 1 << 16);
        int dim = e.dim();
        float[] v = e.vectors();
        String[] names = fileWords(e);
        o.write((e.size() + " " + dim + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < e.size(); i++) {
            sb.setLength(0);
            sb.append(names[i]);
            for (int j = 0; j < dim; j++) {
                sb.append(' ').append(v[i * dim + j]);
            }
            sb.append('\n');
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        o.flush();
    }

    public static void writeBinary(Embeddings e, OutputStream out) throws IOException {
        BufferedOutputStream o = new BufferedOutputStream(out, 1 << 16);
        int dim = e.dim();
        float[] v = e.vectors();
        String[] names = fileWords(e);
        o.write((e.size() + " " + dim + "\n").getBytes(StandardCharsets.UTF_8));
        ByteBuffer buf = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < e.size(); i++) {
            o.write(names[i].getBytes(StandardCharsets.UTF_8));
            o.write(' ');
            buf.clear();
            for (int j = 0; j < dim; j++) {
                buf.putFloat(v[i * dim + j]);
            }
            o.write(buf.array());
            o.write('\n');
        }
        o.flush();
    }

    /**
     * The words as a file holds them; a model made before words were kept free of whitespace
     * could hold two that become one, which no reader would accept, so that is refused here.
     */
    static String[] fileWords(Embeddings e) {
        String[] names = new String[e.size()];
        boolean changed = false;
        for (int i = 0; i < names.length; i++) {
            names[i] = Words.of(e.word(i));
            changed |= names[i] != e.word(i);
        }
        if (changed) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < names.length; i++) {
                if (names[i].isEmpty() || !seen.add(names[i])) {
                    throw new IllegalArgumentException("word " + (i + 1) + " \"" + e.word(i) + "\" cannot be written: it is empty"
                            + " or another word is already written as \"" + names[i] + "\"; export --format jsonl keeps words as they are");
                }
            }
        }
        return names;
    }

    /** Reads JSONL vectors: one {"word": W, "vector": [x1, …, xE]} a line. */
    public static Loaded readJsonl(InputStream in, String name) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<String> words = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        float[] vec = new float[1 << 16];
        int dim = -1;
        long line = 0;
        int n = 0;
        for (String s; (s = r.readLine()) != null; ) {
            line++;
            String where = name + ":" + line;
            if (s.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(s);
            } catch (IOException e) {
                throw new BadInputException(where, "not a JSON object");
            }
            JsonNode w = node.path("word");
            JsonNode v = node.path("vector");
            if (!w.isTextual() || w.asText().isEmpty() || !v.isArray() || v.isEmpty()) {
                throw new BadInputException(where, "expected {\"word\": string, \"vector\": [numbers]}");
            }
            if (dim < 0) {
                dim = v.size();
            } else if (v.size() != dim) {
                throw new BadInputException(where, "expected " + dim + " numbers, got " + v.size());
            }
            if (!seen.add(w.asText())) {
                throw new BadInputException(where, "word \"" + w.asText() + "\" appears twice");
            }
            vec = room(vec, (long) (n + 1) * dim);
            for (int j = 0; j < dim; j++) {
                if (!v.get(j).isNumber()) {
                    throw new BadInputException(where, "value " + (j + 1) + " is not a number: " + v.get(j));
                }
                vec[n * dim + j] = v.get(j).floatValue();
            }
            words.add(w.asText());
            n++;
        }
        if (n == 0) {
            throw new BadInputException(name, "no vectors found");
        }
        return new Loaded(words.toArray(new String[0]), dim, Arrays.copyOf(vec, n * dim));
    }

    /** {@code vec}, or a copy at least {@code need} long (doubling, so n rows cost O(n) copying). */
    private static float[] room(float[] vec, long need) {
        if (need <= vec.length) {
            return vec;
        }
        return Arrays.copyOf(vec, (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(need, 2L * vec.length)));
    }

    /** Reads word2vec text, fastText .vec, or GloVe text (no header line). */
    public static Loaded readText(InputStream in, String name) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        List<String> words = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        float[] vec = new float[1 << 16];
        int dim = -1;
        int expected = -1;
        long line = 0;
        int n = 0;
        for (String s; (s = r.readLine()) != null; ) {
            line++;
            String where = name + ":" + line;
            String t = s.strip();
            if (t.isEmpty()) {
                continue;
            }
            String[] f = t.split("[ \t]+");
            if (line == 1 && f.length == 2 && isInt(f[0]) && isInt(f[1])) {
                expected = Integer.parseInt(f[0]);
                dim = Integer.parseInt(f[1]);
                if (dim < 1) {
                    throw new BadInputException(where, "dimension must be positive, got " + dim);
                }
                continue;
            }
            if (dim < 0) {
                dim = f.length - 1;
                if (dim < 1) {
                    throw new BadInputException(where, "expected a word and its vector");
                }
            }
            if (f.length != dim + 1) {
                throw new BadInputException(where, "expected a word and " + dim + " numbers, got " + (f.length - 1) + " numbers");
            }
            if (!seen.add(f[0])) {
                throw new BadInputException(where, "word \"" + f[0] + "\" appears twice");
            }
            vec = room(vec, (long) (n + 1) * dim);
            for (int j = 0; j < dim; j++) {
                try {
                    vec[n * dim + j] = Float.parseFloat(f[j + 1]);
                } catch (NumberFormatException e) {
                    throw new BadInputException(where, "value " + (j + 1) + " is not a number: " + f[j + 1]);
                }
            }
            words.add(f[0]);
            n++;
        }
        if (n == 0) {
            throw new BadInputException(name, "no vectors found");
        }
        if (expected >= 0 && expected != n) {
            throw new BadInputException(name, "header says " + expected + " words, file has " + n);
        }
        return new Loaded(words.toArray(new String[0]), dim, Arrays.copyOf(vec, n * dim));
    }

    /** Reads the word2vec binary format (with or without a newline after each vector). */
    public static Loaded readBinary(InputStream in, String name) throws IOException {
        String header = readToken(in, '\n');
        if (header == null) {
            throw new BadInputException(name, "empty file");
        }
        String[] h = header.strip().split(" +");
        if (h.length != 2 || !isInt(h[0]) || !isInt(h[1])) {
            throw new BadInputException(name + ":1", "expected a header \"words dimension\", got \"" + header.strip() + "\"");
        }
        int count = Integer.parseInt(h[0]);
        int dim = Integer.parseInt(h[1]);
        if (dim < 1 || (long) count * dim > Integer.MAX_VALUE - 8) {
            throw new BadInputException(name + ":1", "bad header \"" + header.strip() + "\"");
        }
        String[] words = new String[count];
        float[] vec = new float[count * dim];
        byte[] raw = new byte[4 * dim];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String w = readToken(in, ' ');
            if (w == null) {
                throw new BadInputException(name, "truncated: header says " + count + " words, found " + i);
            }
            w = w.replace("\n", "");
            if (w.isEmpty() || !seen.add(w)) {
                throw new BadInputException(name, "word " + (i + 1) + (w.isEmpty() ? " is empty" : " \"" + w + "\" appears twice"));
            }
            if (in.readNBytes(raw, 0, raw.length) != raw.length) {
                throw new BadInputException(name, "truncated in the vector of word " + (i + 1) + " \"" + w + "\"");
            }
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vec, i * dim, dim);
            words[i] = w;
        }
        return new Loaded(words, dim, vec);
    }

    /** Bytes up to (not including) the stop byte, as UTF-8; null at end of input before any byte. */
    private static String readToken(InputStream in, int stop) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(32);
        int c;
        while ((c = in.read()) != -1 && c != stop) {
            b.write(c);
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean isInt(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
