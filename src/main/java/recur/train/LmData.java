package recur.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import recur.io.Record;
import recur.io.RecordReader;
import recur.model.LineCodec;
import recur.model.LmVocabulary;

/**
 * Turns language-model input records into one id stream: each record's text (or its
 * {@code tokens} / {@code ids} when it has them) followed by the line-end id.
 */
public final class LmData {
    private LmData() {}

    /** Counts the symbols of every record, for building a vocabulary. */
    public static Map<String, Long> count(RecordReader records, LmVocabulary.Level level, String textField) {
        Map<String, Long> counts = new HashMap<>();
        try (records) {
            while (records.hasNext()) {
                Record r = records.next();
                if (r.has("tokens") && !r.has(textField)) {
                    for (String t : r.strings("tokens")) {
                        counts.merge(t, 1L, Long::sum);
                    }
                } else {
                    LmVocabulary.count(level, r.text(textField), counts);
                }
            }
        }
        return counts;
    }

    /**
     * The id stream of every record. Records with an {@code ids} array use it as it is (ids must
     * be below the vocabulary size); records with a {@code tokens} array and no text join them
     * with spaces; the rest are encoded from their text.
     */
    public static int[] encode(RecordReader records, LineCodec codec, String textField) {
        IntStreamBuilder out = new IntStreamBuilder();
        try (records) {
            while (records.hasNext()) {
                Record r = records.next();
                if (r.has("ids") && !r.has(textField)) {
                    int[] ids = r.ints("ids");
                    for (int id : ids) {
                        if (id >= codec.size()) {
                            throw new recur.io.BadInputException(r.where(), "id " + id + " is outside the vocabulary of " + codec.size());
                        }
                    }
                    out.add(ids);
                    out.add(codec.endId());
                } else if (r.has("tokens") && !r.has(textField)) {
                    out.add(codec.encodeLine(String.join(" ", r.strings("tokens"))));
                } else {
                    out.add(codec.encodeLine(r.text(textField)));
                }
            }
        }
        return out.toArray();
    }

    /** SHA-256 of the raw bytes of the named files, in order: the training data's identity. */
    public static String digest(List<String> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (String f : files) {
                try (InputStream in = new DigestInputStream(Files.newInputStream(Path.of(f)), md)) {
                    while (in.read(buf) >= 0) {
                        // reading feeds the digest
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** A growable int array. */
    static final class IntStreamBuilder {
        private int[] a = new int[1 << 16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                grow(n + 1);
            }
            a[n++] = v;
        }

        void add(int[] v) {
            if (n + v.length > a.length) {
                grow(n + v.length);
            }
            System.arraycopy(v, 0, a, n, v.length);
            n += v.length;
        }

        private void grow(int need) {
            long size = Math.max((long) a.length * 2, need);
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("more than 2^31 tokens of training data");
            }
            a = java.util.Arrays.copyOf(a, (int) size);
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
