package recur.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The special tokens of a tokenizer: {@code <pad> <unk> <bos> <eos>} with ids 0..3, then the
 * user-defined ones in the order given. Wherever a special's exact text occurs in input it becomes
 * that one id and is never split; decoding writes the text back, so round trips stay exact.
 */
public final class Specials {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final List<String> BUILT_IN = List.of(PAD, UNK, BOS, EOS);

    /** Receives the pieces of a text: stretches of ordinary text and special ids. */
    public interface Sink {
        void text(String s, int from, int to);

        void special(int id);
    }

    private final String[] tokens;
    /** The tokens' UTF-8 bytes, for {@link #split(byte[], int, int, BytesSink)}. */
    private final byte[][] utf8;
    /** Indices into tokens, longest first, so the longest special wins where several match. */
    private final int[] byLength;
    /** Whether a char can start a special (the first 128 chars directly, others by scan). */
    private final boolean[] startsAscii = new boolean[128];
    private final boolean anyNonAsciiStart;

    private Specials(String[] tokens) {
        this.tokens = tokens;
        this.utf8 = new byte[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            utf8[i] = tokens[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Integer[] order = new Integer[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -tokens[i].length()).thenComparingInt(i -> i));
        byLength = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        boolean nonAscii = false;
        for (String t : tokens) {
            char c = t.charAt(0);
            if (c < 128) {
                startsAscii[c] = true;
            } else {
                nonAscii = true;
            }
        }
        anyNonAsciiStart = nonAscii;
    }

    /** The built-in specials followed by {@code user} (duplicates of built-ins are ignored). */
    public static Specials of(List<String> user) {
        LinkedHashSet<String> all = new LinkedHashSet<>(BUILT_IN);
        for (String s : user) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("a special token cannot be empty");
            }
            all.add(s);
        }
        return new Specials(all.toArray(new String[0]));
    }

    /** From the list stored in a model: must start with the four built-ins in order. */
    static Specials fromList(List<String> all, String where) {
        if (all.size() < BUILT_IN.size() || !all.subList(0, BUILT_IN.size()).equals(BUILT_IN)) {
            throw new IllegalArgumentException(where + ": specials must start with " + BUILT_IN + ", got " + all);
        }
        return of(all.subList(BUILT_IN.size(), all.size()));
    }

    public int size() {
        return tokens.length;
    }

    public String token(int id) {
        return tokens[id];
    }

    /** The id of a special's text, or -1. */
    public int id(String token) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(token)) {
                return i;
            }
        }
        return -1;
    }

    public List<String> list() {
        return List.of(tokens);
    }

    /** The user-defined specials (after the built-ins). */
    public List<String> user() {
        return List.of(tokens).subList(BUILT_IN.size(), tokens.length);
    }

    /** Receives the ordinary stretches of UTF-8 text between specials (byte ranges). */
    @FunctionalInterface
    public interface BytesSink {
        void text(byte[] b, int from, int to);
    }

    /**
     * Cuts the valid UTF-8 {@code b[from, to)} as {@link #split(String, Sink)} cuts its decoded
     * text, reporting only the ordinary stretches (as byte ranges). UTF-8 is self-synchronising,
     * so a special's bytes match exactly where its text does, and where several specials match,
     * one is a prefix of the others, so longest first picks the same one in bytes as in chars.
     */
    public void split(byte[] b, int from, int to, BytesSink sink) {
        int start = from;
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c >= 0 ? startsAscii[c] : anyNonAsciiStart) {
                int hit = match(b, i, to);
                if (hit >= 0) {
                    if (i > start) {
                        sink.text(b, start, i);
                    }
                    i += utf8[hit].length;
                    start = i;
                    continue;
                }
            }
            i++;
        }
        if (to > start) {
            sink.text(b, start, to);
        }
    }

    private int match(byte[] b, int at, int to) {
        for (int k : byLength) {
            byte[] t = utf8[k];
            if (at + t.length <= to && java.util.Arrays.equals(b, at, at + t.length, t, 0, t.length)) {
                return k;
            }
        }
        return -1;
    }

    /** Cuts {@code text} into ordinary stretches and specials, in order; empty stretches are not reported. */
    public void split(String text, Sink sink) {
        int n = text.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c < 128 ? startsAscii[c] : anyNonAsciiStart) {
                int hit = match(text, i);
                if (hit >= 0) {
                    if (i > start) {
                        sink.text(text, start, i);
                    }
                    sink.special(hit);
                    i += tokens[hit].length();
                    start = i;
                    continue;
                }
            }
            i++;
        }
        if (n > start) {
            sink.text(text, start, n);
        }
    }

    private int match(String text, int at) {
        for (int k : byLength) {
            if (text.startsWith(tokens[k], at)) {
                return k;
            }
        }
        return -1;
    }

    /** The strings of {@code text} between specials, for counting during learning. */
    public List<String> plainParts(String text) {
        List<String> out = new ArrayList<>();
        split(text, new Sink() {
            @Override
            public void text(String s, int from, int to) {
                out.add(s.substring(from, to));
            }

            @Override
            public void special(int id) {}
        });
        return out;
    }
}
