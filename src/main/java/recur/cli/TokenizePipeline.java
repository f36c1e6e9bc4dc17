package recur.cli;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import recur.io.BadInputException;
import recur.io.Json;
import recur.io.OutputClosedException;
import recur.io.Record;
import recur.io.RecordReader;
import recur.text.Tokenizer;
import recur.text.Utf8;

/**
 * Runs a per-record job (encode or decode) over a record stream: the calling thread reads records
 * into batches, worker threads turn each batch into output bytes, and the calling thread writes
 * the batches in input order. At most two batches per thread are in flight, so memory stays flat
 * on any input.
 */
final class TokenizePipeline {
    private static final int BATCH_RECORDS = 1024;
    private static final long BATCH_CHARS = 1 << 20;

    /** Turns one record into its output line (appended to {@code out}); bad data throws BadInputException. */
    interface Job {
        void apply(Record r, Bytes out);

        /** Rough size of a record's input, to keep batches of similar weight. */
        long weight(Record r);
    }

    private final Job job;
    private final int threads;
    private final boolean skipBad;
    private final boolean unbuffered;
    private final Progress progress;
    private long records;
    private long skipped;
    private String firstSkipped;

    TokenizePipeline(Job job, int threads, boolean skipBad, boolean unbuffered, Progress progress) {
        this.job = job;
        this.threads = threads;
        this.skipBad = skipBad;
        this.unbuffered = unbuffered;
        this.progress = progress;
    }

    /** One batch's output: the bytes of the records before the first bad one, and that error. */
    private record Done(Bytes bytes, int records, long skipped, String firstSkipped, RuntimeException error) {}

    void run(RecordReader reader, PrintStream out) throws InterruptedException {
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "recur-tokenize");
            t.setDaemon(true);
            return t;
        }) : null;
        ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
        long start = System.nanoTime();
        try (reader) {
            int maxRecords = unbuffered ? 1 : BATCH_RECORDS;
            List<Record> batch = new ArrayList<>();
            long weight = 0;
            RuntimeException readError = null;
            while (true) {
                Record r;
                try {
                    if (!reader.hasNext()) {
                        break;
                    }
                    r = reader.next();
                } catch (BadInputException | UncheckedIOException e) {
                    // what was read before the bad line is still encoded and written; then the error stands
                    readError = e;
                    break;
                }
                batch.add(r);
                weight += job.weight(r);
                if (batch.size() >= maxRecords || weight >= BATCH_CHARS) {
                    submit(batch, pool, inFlight, out);
                    batch = new ArrayList<>();
                    weight = 0;
                    progress.update(String.format("%,d records, %.0f records/s", records,
                            records / ((System.nanoTime() - start) / 1e9)));
                }
            }
            if (!batch.isEmpty()) {
                submit(batch, pool, inFlight, out);
            }
            while (!inFlight.isEmpty()) {
                write(inFlight.poll(), out);
            }
            if (readError != null) {
                out.flush();
                throw readError;
            }
            out.flush();
            if (out.checkError()) {
                throw new OutputClosedException(null);
            }
            skipped += reader.skipped();
            if (firstSkipped == null) {
                firstSkipped = reader.firstSkipped();
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        progress.done();
        if (skipped > 0) {
            progress.note("skipped " + skipped + " bad record" + (skipped == 1 ? "" : "s") + "; the first: " + firstSkipped);
        }
    }

    private void submit(List<Record> batch, ExecutorService pool, ArrayDeque<Future<Done>> inFlight, PrintStream out)
            throws InterruptedException {
        if (pool == null) {
            write(java.util.concurrent.CompletableFuture.completedFuture(process(batch)), out);
            return;
        }
        inFlight.add(pool.submit(() -> process(batch)));
        while (inFlight.size() >= 2 * threads) {
            write(inFlight.poll(), out);
        }
    }

    private Done process(List<Record> batch) {
        Bytes bytes = new Bytes(64 * batch.size());
        long skip = 0;
        String first = null;
        int n = 0;
        for (Record r : batch) {
            int mark = bytes.size;
            try {
                job.apply(r, bytes);
                n++;
            } catch (BadInputException e) {
                bytes.size = mark;
                if (!skipBad) {
                    return new Done(bytes, n, skip, first, e);
                }
                skip++;
                if (first == null) {
                    first = e.getMessage();
                }
            }
        }
        return new Done(bytes, n, skip, first, null);
    }

    private void write(Future<Done> f, PrintStream out) throws InterruptedException {
        Done d;
        try {
            d = f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
        out.write(d.bytes.data, 0, d.bytes.size);
        if (unbuffered) {
            out.flush();
        }
        if (out.checkError()) {
            throw new OutputClosedException(null);
        }
        records += d.records;
        skipped += d.skipped;
        if (firstSkipped == null) {
            firstSkipped = d.firstSkipped;
        }
        if (d.error != null) {
            out.flush();
            throw d.error;
        }
    }

    /** A growable byte buffer that Jackson can write into and that can be cut back. */
    static final class Bytes extends OutputStream {
        byte[] data;
        int size;

        private JsonGenerator generator;

        Bytes(int capacity) {
            data = new byte[Math.max(256, capacity)];
        }

        /** One generator per buffer (a batch), writing straight into it; flushed after each record. */
        JsonGenerator generator() {
            if (generator == null) {
                try {
                    generator = Json.MAPPER.getFactory().createGenerator(this);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                // records are separated by the newline each job writes, not by Jackson's default space
                generator.setRootValueSeparator(null);
            }
            return generator;
        }

        void ensure(int extra) {
            if (size + extra > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            data[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, data, size, len);
            size += len;
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }

    /**
     * Writes a record as one JSON object into {@code out} with Jackson, and returns the position of
     * its closing brace. A string field holding a lone surrogate (not valid Unicode, so not
     * writable as UTF-8) is bad input.
     */
    static int writeNode(Record r, Bytes out) {
        JsonGenerator g = out.generator();
        try {
            writeValue(r.node(), g);
            g.flush();
        } catch (JsonGenerationException e) {
            throw new BadInputException(r.where(), "a field holds a lone surrogate (not valid Unicode; check the JSON escapes)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size - 1;
    }

    /**
     * A JSON value through the generator, walked here rather than by {@code writeTree}, which
     * looks up a serializer through the ObjectMapper for every value of every record.
     */
    private static void writeValue(JsonNode v, JsonGenerator g) throws IOException {
        switch (v.getNodeType()) {
            case STRING -> g.writeString(v.textValue());
            case OBJECT -> {
                g.writeStartObject();
                for (var it = v.fields(); it.hasNext(); ) {
                    var e = it.next();
                    g.writeFieldName(e.getKey());
                    writeValue(e.getValue(), g);
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode e : v) {
                    writeValue(e, g);
                }
                g.writeEndArray();
            }
            case NULL -> g.writeNull();
            case BOOLEAN -> g.writeBoolean(v.booleanValue());
            // a number node writes itself in its own type (int, long, big integer, double, decimal)
            case NUMBER -> ((JsonSerializable) v).serialize(g, null);
            default -> g.writeTree(v);
        }
    }

    /** Encoding: adds ids and/or tokens after the record's own fields. */
    static final class Encode implements Job {
        private final Tokenizer tok;
        private final String textField;
        private final String idsField;
        private final String tokensField;
        private final boolean bos;
        private final boolean eos;
        private final byte[] idsKey;
        private final byte[] tokensKey;
        /** Every token's JSON literal (Jackson's) and every id's digits, made once so writing a record is copying. */
        private final byte[][] tokenJson;
        private final byte[][] idJson;

        Encode(Tokenizer tok, String textField, String idsField, String tokensField, boolean bos, boolean eos) {
            this.tok = tok;
            this.textField = textField;
            this.idsField = idsField;
            this.tokensField = tokensField;
            this.bos = bos;
            this.eos = eos;
            idsKey = idsField == null ? null : concat(jsonString(idsField), ":[");
            tokensKey = tokensField == null ? null : concat(jsonString(tokensField), ":[");
            int v = tok.vocabSize();
            tokenJson = new byte[v][];
            idJson = new byte[v][];
            for (int i = 0; i < v; i++) {
                tokenJson[i] = jsonString(tok.token(i));
                idJson[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            }
        }

        private static byte[] concat(byte[] a, String b) {
            byte[] t = b.getBytes(StandardCharsets.US_ASCII);
            byte[] c = java.util.Arrays.copyOf(a, a.length + t.length);
            System.arraycopy(t, 0, c, a.length, t.length);
            return c;
        }

        @Override
        public long weight(Record r) {
            var v = r.node().get(textField);
            return v == null ? 16 : v.asText("").length() + 16;
        }

        @Override
        public void apply(Record r, Bytes out) {
            String text = r.text(textField);
            int bad = Utf8.loneSurrogate(text);
            if (bad >= 0) {
                throw new BadInputException(r.where(), String.format(
                        "field \"%s\" holds a lone surrogate \\u%04x at char %d (not valid Unicode; check the JSON escapes)",
                        textField, (int) text.charAt(bad), bad));
            }
            int[] ids = tok.encode(text, bos, eos);
            ObjectNode node = r.node();
            if (idsField != null) {
                node.remove(idsField);
            }
            if (tokensField != null) {
                node.remove(tokensField);
            }
            // the record's own fields through Jackson; then, before its closing brace, the new fields
            // copied from the literals made once
            int close = writeNode(r, out);
            boolean empty = close > 0 && out.data[close - 1] == '{';
            out.size = close;
            if (tokensKey != null) {
                if (!empty) {
                    out.write(',');
                }
                empty = false;
                out.write(tokensKey);
                for (int i = 0; i < ids.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(tokenJson[ids[i]]);
                }
                out.write(']');
            }
            if (idsKey != null) {
                if (!empty) {
                    out.write(',');
                }
                out.write(idsKey);
                for (int i = 0; i < ids.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(idJson[ids[i]]);
                }
                out.write(']');
            }
            out.write('}');
            out.write('\n');
        }
    }

    /** The JSON string literal of {@code s} (quotes included) as UTF-8, written by Jackson. */
    static byte[] jsonString(String s) {
        byte[] q = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        byte[] out = new byte[q.length + 2];
        out[0] = '"';
        System.arraycopy(q, 0, out, 1, q.length);
        out[q.length + 1] = '"';
        return out;
    }

    /** Decoding: sets the text field from ids (or tokens when the record has no ids). */
    static final class Decode implements Job {
        private final Tokenizer tok;
        private final String textField;
        private final String idsField;
        private final String tokensField;

        Decode(Tokenizer tok, String textField, String idsField, String tokensField) {
            this.tok = tok;
            this.textField = textField;
            this.idsField = idsField;
            this.tokensField = tokensField;
        }

        @Override
        public long weight(Record r) {
            var v = r.node().get(idsField);
            if (v == null) {
                v = r.node().get(tokensField);
            }
            return v == null ? 16 : 4L * v.size() + 16;
        }

        @Override
        public void apply(Record r, Bytes out) {
            int[] ids;
            if (r.has(idsField)) {
                ids = r.ints(idsField);
                for (int i = 0; i < ids.length; i++) {
                    if (ids[i] >= tok.vocabSize()) {
                        throw new BadInputException(r.where(), "field \"" + idsField + "\"[" + i + "]: id " + ids[i]
                                + " is outside the vocabulary 0.." + (tok.vocabSize() - 1));
                    }
                }
            } else if (r.has(tokensField)) {
                String[] ts = r.strings(tokensField);
                ids = new int[ts.length];
                for (int i = 0; i < ts.length; i++) {
                    ids[i] = tok.id(ts[i]);
                    if (ids[i] < 0) {
                        throw new BadInputException(r.where(), "field \"" + tokensField + "\"[" + i + "]: \"" + ts[i]
                                + "\" is not a token of this tokenizer");
                    }
                }
            } else {
                throw new BadInputException(r.where(), "missing field \"" + idsField + "\" (or \"" + tokensField + "\") to decode");
            }
            r.node().put(textField, tok.decode(ids));
            writeNode(r, out);
            out.write('\n');
        }
    }
}
