package recur.train;

import java.util.ArrayList;
import java.util.List;
import recur.io.BadInputException;
import recur.io.InputFormat;
import recur.io.Record;
import recur.io.RecordReader;
import recur.model.translate.Side;

/**
 * Parallel data for translation: pairs of source and target text read from JSONL records (two
 * fields) or from two plain-text files line by line, checked (a side that is missing or blank is
 * bad input naming file:line, skipped and counted under --skip-bad), then turned into ids with
 * each side's vocabulary, dropping and counting training pairs longer than --max-len.
 */
public final class TranslationData {
    private TranslationData() {}

    /** Pairs of texts, with where each came from (file:line of the source side). */
    public static final class Pairs {
        public final List<String> src = new ArrayList<>();
        public final List<String> tgt = new ArrayList<>();
        public final List<String> where = new ArrayList<>();
        /** Bad pairs skipped under --skip-bad, and the first one's message. */
        public long skipped;
        public String firstSkipped;

        public int size() {
            return src.size();
        }

        void add(String s, String t, String at) {
            src.add(s);
            tgt.add(t);
            where.add(at);
        }

        /** SHA-256 of the pairs' texts (source, tab, target, newline, in UTF-8): the training data's identity. */
        public String digest() {
            try {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < size(); i++) {
                    md.update((src.get(i) + "\t" + tgt.get(i) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                return java.util.HexFormat.of().formatHex(md.digest());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The one line --skip-bad ends with, or null when nothing was skipped. */
        public String skippedSummary() {
            return skipped == 0 ? null
                    : "skipped " + skipped + " bad pair" + (skipped == 1 ? "" : "s") + "; the first: " + firstSkipped;
        }
    }

    /** Records with a source and a target field. */
    public static Pairs records(RecordReader reader, String srcField, String tgtField) {
        Pairs p = new Pairs();
        while (reader.hasNext()) {
            Record r = reader.next();
            reader.process(r, rec -> {
                String s = rec.text(srcField);
                String t = rec.text(tgtField);
                if (s.isBlank()) {
                    throw new BadInputException(rec.where(), "field \"" + srcField + "\" is empty");
                }
                if (t.isBlank()) {
                    throw new BadInputException(rec.where(), "field \"" + tgtField + "\" is empty");
                }
                p.add(s, t, rec.where());
            });
        }
        p.skipped = reader.skipped();
        p.firstSkipped = reader.firstSkipped();
        return p;
    }

    /**
     * Line i of {@code srcFile} with line i of {@code tgtFile}. Files of different line counts are
     * bad input naming both; a blank line on either side is a bad pair.
     */
    public static Pairs parallel(String srcFile, String tgtFile, boolean skipBad) {
        Pairs p = new Pairs();
        try (RecordReader s = new RecordReader(List.of(srcFile), InputFormat.TEXT, "text", false);
             RecordReader t = new RecordReader(List.of(tgtFile), InputFormat.TEXT, "text", false)) {
            long ns = 0;
            long nt = 0;
            while (true) {
                boolean hs = s.hasNext();
                boolean ht = t.hasNext();
                if (!hs && !ht) {
                    break;
                }
                Record rs = hs ? s.next() : null;
                Record rt = ht ? t.next() : null;
                ns += hs ? 1 : 0;
                nt += ht ? 1 : 0;
                if (rs == null || rt == null) {
                    continue;
                }
                String a = rs.text("text");
                String b = rt.text("text");
                String bad = a.isBlank() ? rs.where() + ": the source line is empty"
                        : b.isBlank() ? rt.where() + ": the target line is empty" : null;
                if (bad == null) {
                    p.add(a, b, rs.where());
                } else if (skipBad) {
                    p.skipped++;
                    if (p.firstSkipped == null) {
                        p.firstSkipped = bad;
                    }
                } else {
                    throw new BadInputException(a.isBlank() ? rs.where() : rt.where(),
                            "the " + (a.isBlank() ? "source" : "target") + " line is empty");
                }
            }
            if (ns != nt) {
                throw new BadInputException(null, "--src-file " + srcFile + " has " + ns + " lines but --tgt-file "
                        + tgtFile + " has " + nt);
            }
        }
        return p;
    }

    /**
     * Pairs as ids (sources and targets without specials).
     *
     * @param tooLong training pairs dropped for a side longer than --max-len
     */
    public record Encoded(int[][] src, int[][] tgt, long tooLong) {
        public int size() {
            return src.length;
        }

        public long targetTokens() {
            long n = 0;
            for (int[] t : tgt) {
                n += t.length + 1;
            }
            return n;
        }
    }

    /**
     * Encodes pairs with each side's vocabulary.
     *
     * @param maxLen drop pairs with a side of more tokens than this (0: keep all)
     */
    public static Encoded encode(Pairs p, Side source, Side target, int maxLen) {
        List<int[]> s = new ArrayList<>(p.size());
        List<int[]> t = new ArrayList<>(p.size());
        long dropped = 0;
        for (int i = 0; i < p.size(); i++) {
            int[] a = source.encode(p.src.get(i));
            int[] b = target.encode(p.tgt.get(i));
            if (a.length == 0 || b.length == 0) {
                throw new BadInputException(p.where.get(i), "a side has no tokens");
            }
            if (maxLen > 0 && (a.length > maxLen || b.length > maxLen)) {
                dropped++;
                continue;
            }
            s.add(a);
            t.add(b);
        }
        return new Encoded(s.toArray(new int[0][]), t.toArray(new int[0][]), dropped);
    }
}
