package recur.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Writes one JSON object a line, UTF-8. Block-buffered unless {@code flushEach}; a reader that
 * went away ({@code | head}) surfaces as {@link OutputClosedException} so the command can end quietly.
 */
public final class JsonlWriter implements Closeable, Flushable {
    private final OutputStream out;
    private final PrintStream print;
    private final boolean flushEach;
    private final JsonGenerator gen;

    public JsonlWriter(OutputStream out, boolean flushEach) {
        // System.out swallows write errors; checkError() after a flush is how a closed pipe shows
        this.print = out instanceof PrintStream ps ? ps : null;
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.flushEach = flushEach;
        try {
            this.gen = Json.MAPPER.getFactory().createGenerator(this.out);
            // Jackson puts a space between root values; lines are separated by the newline alone
            this.gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(JsonNode node) {
        try {
            Json.MAPPER.writeTree(gen, node);
            gen.flush();
            out.write('\n');
            if (flushEach) {
                out.flush();
                checkPrintStream();
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
            checkPrintStream();
        } catch (IOException e) {
            throw closedOrFailed(e);
        }
    }

    private void checkPrintStream() {
        if (print != null && print.checkError()) {
            throw new OutputClosedException(null);
        }
    }

    @Override
    public void close() {
        flush();
    }

    /** A broken pipe is the reader leaving, not an error; anything else is an I/O failure. */
    static RuntimeException closedOrFailed(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Broken pipe") || m.contains("Stream closed")) {
            return new OutputClosedException(e);
        }
        return new UncheckedIOException("writing output: " + e.getMessage(), e);
    }
}
