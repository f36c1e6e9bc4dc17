package recur.io;

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
 * Invalid UTF-8 is bad input. With {@code skipBad}, bad lines are counted and passed over.
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

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (reader == null && !openNext()) {
                return false;
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
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ":" + line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new BadInputException(source + ":" + line,
                    "expected a JSON object, got " + (node == null ? "nothing" : Record.kind(node)));
        }
        return new Record(obj, source, line);
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
