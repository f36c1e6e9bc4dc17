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
import java.util.function.Consumer;
import recur.io.BadInputException;
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
                try {
                    if (r.has("tokens") && !r.has(textField)) {
                        for (String t : r.strings("tokens")) {
                            counts.merge(t, 1L, Long::sum);
                        }
                    } else {
                        LmVocabulary.count(level, r.text(textField), counts);
                    }
                } catch (BadInputException e) {
                    records.reject(e);
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
                try {
                    out.add(ids(r, codec, textField));
                } catch (BadInputException e) {
                    records.reject(e);
                }
            }
        }
        return out.toArray();
    }

    /**
     * The id stream of every record, as {@link #encode} makes it, into a spool instead of an
     * array: memory stays bounded however long the input. {@code seen} (may be null) is shown
     * every record first.
     */
    public static IdSpool spool(RecordReader records, LineCodec codec, String textField, Consumer<Record> seen) {
        IdSpool out = new IdSpool();
        try (records) {
            while (records.hasNext()) {
                Record r = records.next();
                if (seen != null) {
                    seen.accept(r);
                }
                try {
                    out.add(ids(r, codec, textField));
                } catch (BadInputException e) {
                    records.reject(e);
                }
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** One record's ids, ending with the line-end id. */
    public static int[] ids(Record r, LineCodec codec, String textField) {
        if (r.has("ids") && !r.has(textField)) {
            int[] ids = r.ints("ids");
            for (int id : ids) {
                if (id < 0 || id >= codec.size()) {
                    throw new BadInputException(r.where(), "id " + id + " is outside the vocabulary of " + codec.size());
                }
            }
            int[] out = java.util.Arrays.copyOf(ids, ids.length + 1);
            out[ids.length] = codec.endId();
            return out;
        }
        if (r.has("tokens") && !r.has(textField)) {
            return codec.encodeLine(String.join(" ", r.strings("tokens")));
        }
        return codec.encodeLine(r.text(textField));
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
