package recur.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Streams records from a list of inputs, one line at a time, so memory stays flat and every error
 * names its {@code file:line}. JSONL lines are parsed as objects; plain-text lines become
 * {@code {"<textField>": line}}. Blank JSONL lines are skipped; blank text lines are records.
 * A JSONL line is exactly one JSON object (two on a line, or anything after it, is bad input); a
 * UTF-8 byte-order mark at the start of a file is skipped. Invalid UTF-8 is bad input. With
 * {@code skipBad}, bad lines are counted and passed over.
 */
public final class RecordReader implements Iterator<Record>, Closeable {
    private static final ObjectMapper JSON = Json.MAPPER;

    private final List<String> names;
    private final InputFormat format;
    private final String textField;
    private final boolean skipBad;
    private int nameIndex = -1;
    private String source;
    private LineReader reader;
    private long line;
    private boolean jsonl;
    private boolean formatDecided;
    private Record next;
    private long skipped;
    private String firstSkip;

    public RecordReader(List<String> names, InputFormat format, String textField, boolean skipBad) {
        this.names = Inputs.namesOrStdin(names);
        this.format = format;
        this.textField = textField;
        this.skipBad = skipBad;
    }

    /** A reader over JSONL-or-text inputs with the default text field, stopping at the first bad line. */
    public static RecordReader of(List<String> names) {
        return new RecordReader(names, InputFormat.AUTO, "text", false);
    }

    /** How many bad lines were skipped (only with skipBad). */
    public long skipped() {
        return skipped;
    }

    /**
     * A consumer found a record it cannot use (a field of the wrong type, say): with skipBad it
     * is counted like a malformed line, otherwise the error is thrown.
     */
    public void reject(BadInputException e) {
        if (!skipBad) {
            throw e;
        }
        skipped++;
        if (firstSkip == null) {
            firstSkip = e.getMessage();
        }
    }

    /** The first skipped line's message, or null. */
    public String firstSkipped() {
        return firstSkip;
    }

    /**
     * Runs {@code step} on one record of this reader; a {@link BadInputException} from it (a field
     * of the wrong type, say) is {@link #reject rejected}: counted under skipBad, thrown otherwise.
     * How every record-reading command honours --skip-bad for the fields it reads.
     *
     * @return false when the record was skipped
     */
    public boolean process(Record r, java.util.function.Consumer<Record> step) {
        try {
            step.accept(r);
            return true;
        } catch (BadInputException e) {
            reject(e);
            return false;
        }
    }

    /** The one line --skip-bad ends with, or null when nothing was skipped. */
    public String skippedSummary() {
        if (skipped == 0) {
            return null;
        }
        return "skipped " + skipped + " bad record" + (skipped == 1 ? "" : "s") + "; the first: " + firstSkip;
    }

    /** Receives plain-text lines as UTF-8 bytes; see {@link #hasNext(TextLines)}. */
    @FunctionalInterface
    public interface TextLines {
        /** One line: {@code utf8[0, length)}, valid UTF-8, without its end; the array is reused. */
        void line(byte[] utf8, int length);
    }

    @Override
    public boolean hasNext() {
        return hasNext(null);
    }

    /**
     * Like {@link #hasNext()}, but the plain-text lines of files whose format is decided are handed
     * to {@code textLines} as their bytes on the way, with no String or Record made for them (for
     * commands that only count the text); those lines are checked, counted and skipped as
     * usual. Returns whether a Record (a JSONL line, or the line that decided a file's format) is
     * ready for {@link #next()}. With a null {@code textLines} every line becomes a Record.
     */
    public boolean hasNext(TextLines textLines) {
        while (next == null) {
            if (reader == null && !openNext()) {
                return false;
            }
            if (textLines != null && formatDecided && !jsonl) {
                int n;
                try {
                    n = readLineBytes();
                } catch (BadInputException e) {
                    line++;
                    reject(e);
                    continue;
                }
                if (n < 0) {
                    closeCurrent();
                    continue;
                }
                line++;
                // (never line 1, which decides the format: a byte-order mark is dropped there)
                textLines.line(reader.bytes(), n);
                continue;
            }
            String text;
            try {
                text = readLine();
            } catch (BadInputException e) {
                line++;
                reject(e);
                continue;
            }
            if (text == null) {
                closeCurrent();
                continue;
            }
            line++;
            if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1); // a byte-order mark some editors put first; not data
            }
            try {
                next = parse(text);
            } catch (BadInputException e) {
                reject(e);
            }
        }
        return true;
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record r = next;
        next = null;
        return r;
    }

    private Record parse(String text) {
        if (!formatDecided) {
            if (format == InputFormat.AUTO) {
                if (text.isBlank()) {
                    // Decide on the first non-blank line; blank lines before it are passed over.
                    return null;
                }
                jsonl = text.stripLeading().startsWith("{");
            } else {
                jsonl = format == InputFormat.JSONL;
            }
            formatDecided = true;
        }
        if (!jsonl) {
            return textRecord(text);
        }
        if (text.isBlank()) {
            return null;
        }
        if (text.indexOf('\0') >= 0) {
            throw new BadInputException(source + ":" + line, "NUL byte in a JSON line");
        }
        JsonNode node;
        try (JsonParser p = JSON.createParser(text)) {
            node = JSON.readTree(p);
            if (!(node instanceof ObjectNode)) {
                throw new BadInputException(source + ":" + line + ":" + (text.length() - text.stripLeading().length() + 1),
                        "expected a JSON object, got " + (node == null ? "nothing" : Record.kind(node)));
            }
            int end = (int) Math.min(text.length(), p.currentLocation().getCharOffset());
            while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            if (end < text.length()) {
                throw new BadInputException(source + ":" + line + ":" + (end + 1),
                        (text.charAt(end) == '{' ? "a second JSON object on the line" : "text after the JSON object")
                                + "; each line holds exactly one object");
            }
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ":" + line + ":" + column(e), "not valid JSON: " + JsonErrors.explain(e));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Record((ObjectNode) node, source, line);
    }

    private static int column(JsonProcessingException e) {
        return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr() - JsonErrors.tokenLength(e));
    }

    private Record textRecord(String text) {
        ObjectNode obj = JSON.createObjectNode();
        obj.put(textField, text);
        return new Record(obj, source, line);
    }

    private String readLine() {
        try {
            return reader.readLine();
        } catch (CharacterCodingException e) {
            throw new BadInputException(source + ":" + (line + 1), "invalid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    private int readLineBytes() {
        try {
            int n = reader.readLineBytes();
            if (n > 0) {
                reader.checkUtf8(n);
            }
            return n;
        } catch (CharacterCodingException e) {
            throw new BadInputException(source + ":" + (line + 1), "invalid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
    }

    private boolean openNext() {
        while (++nameIndex < names.size()) {
            String name = names.get(nameIndex);
            source = Inputs.STDIN.equals(name) ? "<stdin>" : name;
            line = 0;
            formatDecided = false;
            reader = new LineReader(Inputs.open(name));
            return true;
        }
        return false;
    }

    private void closeCurrent() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // read to the end already; nothing to lose
        }
        reader = null;
    }

    @Override
    public void close() {
        if (reader != null) {
            closeCurrent();
        }
        nameIndex = names.size();
    }
}
