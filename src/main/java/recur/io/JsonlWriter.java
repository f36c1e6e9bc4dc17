package recur.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Writes one JSON object a line, UTF-8, and nothing else: no separator before a record, no NaN or
 * Infinity (JSON has neither; such a value is written as null and said once on standard error).
 * Block-buffered unless {@code flushEach}. A reader that went away ({@code | head}) surfaces as
 * {@link OutputClosedException} so the command can end quietly; any other write error (a full
 * disk) as an {@link UncheckedIOException}, exit 3.
 */
public final class JsonlWriter implements Closeable, Flushable {
    private final OutputStream out;
    private final PrintStream print;
    private final boolean flushEach;
    private final JsonGenerator gen;
    private final Consumer<String> warn;
    private boolean warned;

    public JsonlWriter(OutputStream out, boolean flushEach) {
        this(out, flushEach, m -> {
            System.err.println("recur: " + m);
            System.err.flush();
        });
    }

    /** @param warn told once, at the first value that is not finite, which field it was */
    public JsonlWriter(OutputStream out, boolean flushEach, Consumer<String> warn) {
        // System.out swallows write errors; checkError() after a flush is how they show
        this.print = out instanceof PrintStream ps ? ps : null;
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.flushEach = flushEach;
        this.warn = warn;
        try {
            JsonGenerator raw = Json.MAPPER.getFactory().createGenerator(this.out);
            // the default separator between root values is a space: every record after the first
            // would start with one. Records are separated by the newline written after each.
            raw.setRootValueSeparator(null);
            this.gen = new FiniteOnly(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(JsonNode node) {
        try {
            Json.MAPPER.writeTree(gen, node);
            gen.writeRaw('\n');
            if (flushEach) {
                flush();
            }
        } catch (IOException e) {
            throw closedOrFailed(e);
        }
    }

    @Override
    public void flush() {
        try {
            gen.flush();
            out.flush();
        } catch (IOException e) {
            throw closedOrFailed(e);
        }
        if (print != null) {
            Stdout.check(print);
        }
    }

    @Override
    public void close() {
        flush();
    }

    /** A broken pipe is the reader leaving, not an error; anything else is an I/O failure. */
    static RuntimeException closedOrFailed(IOException e) {
        if (Stdout.isClosedPipe(e)) {
            return new OutputClosedException(e);
        }
        return new UncheckedIOException("cannot write output: " + e.getMessage(), e);
    }

    private void nonFinite(double v) {
        if (!warned) {
            warned = true;
            JsonStreamContext c = gen.getOutputContext();
            String where = c.getCurrentName() != null ? "field \"" + c.getCurrentName() + "\""
                    : c.inArray() && c.getParent() != null && c.getParent().getCurrentName() != null
                            ? "a value in \"" + c.getParent().getCurrentName() + "\"" : "a value";
            warn.accept(where + " was " + v + ", written as null (JSON has no NaN or Infinity)"
                    + "; later such values are written as null too");
        }
    }

    /** Writes null for a number that is not finite. */
    private final class FiniteOnly extends JsonGeneratorDelegate {
        FiniteOnly(JsonGenerator d) {
            super(d, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            if (Double.isFinite(v)) {
                delegate.writeNumber(v);
            } else {
                nonFinite(v);
                delegate.writeNull();
            }
        }

        @Override
        public void writeNumber(float v) throws IOException {
            if (Float.isFinite(v)) {
                delegate.writeNumber(v);
            } else {
                nonFinite(v);
                delegate.writeNull();
            }
        }
    }
}
