package recur.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import recur.io.InputFormat;
import recur.io.RecordReader;

/** The input files (or stdin), their format, the text field and --skip-bad: shared by every reading command. */
public final class InputOptions {
    @Parameters(paramLabel = "FILE", arity = "0..*",
            description = "Input files (JSONL or plain text; gzip, bzip2, xz). None or '-' reads standard input.")
    public List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "auto|jsonl|text", defaultValue = "auto",
            description = "How to read input lines: JSON objects, plain text (one {\"text\": line} each), "
                    + "or auto: decided per file by its first non-blank line. Default: ${DEFAULT-VALUE}.")
    public String format;

    @Option(names = "--text-field", paramLabel = "NAME", defaultValue = "text",
            description = "The field that holds the text. Default: ${DEFAULT-VALUE}.")
    public String textField;

    @Option(names = "--skip-bad", description = "Skip and count bad input lines instead of stopping at the first.")
    public boolean skipBad;

    public InputFormat inputFormat() {
        return switch (format.toLowerCase()) {
            case "auto" -> InputFormat.AUTO;
            case "jsonl", "json" -> InputFormat.JSONL;
            case "text", "txt" -> InputFormat.TEXT;
            default -> throw new IllegalArgumentException("--format must be auto, jsonl or text, got " + format);
        };
    }

    /** A reader over the given files (or these options' files when null). */
    public RecordReader reader(List<String> names) {
        return new RecordReader(names == null ? files : names, inputFormat(), textField, skipBad);
    }

    public RecordReader reader() {
        return reader(null);
    }

    /** Says on standard error how many bad lines --skip-bad passed over in a finished reader, if any. */
    public static void reportSkipped(RecordReader reader, Progress progress, String command) {
        String summary = reader.skippedSummary();
        if (summary != null) {
            progress.note("recur " + command + ": " + summary);
        }
    }
}
