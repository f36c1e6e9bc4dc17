package recur.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.io.Stdout;
import recur.text.Tokenizer;

/** {@code recur tokenize vocab}: the vocabulary, one token a line, like spm_export_vocab. */
@Command(name = "vocab",
        header = "List a tokenizer's vocabulary: one token a line with its id and merge rank.",
        description = {
            "Writes every token of the model in id order. tsv (default): token, id and merge rank separated by tabs"
                    + " (rank -1 for specials, bytes, characters and words); backslash, tab, newline, carriage return"
                    + " and other control characters in a token are written as \\\\, \\t, \\n, \\r and \\xHH."
                    + " jsonl: one object a line with fields token, id and rank.",
            "Byte tokens that are not whole UTF-8 characters are shown as <0xHH>."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur tokenize vocab -m tok.model | head",
            "  recur tokenize vocab -m tok.model --format jsonl | jq -r 'select(.rank >= 0) | .token'"},
        mixinStandardHelpOptions = true)
public final class TokenizeVocabCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOption model;

    @Option(names = "--format", paramLabel = "tsv|jsonl", defaultValue = "tsv", description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
        boolean jsonl = switch (format) {
            case "tsv" -> false;
            case "jsonl" -> true;
            default -> throw new IllegalArgumentException("--format must be tsv or jsonl, got " + format);
        };
        Tokenizer tok = Tokenizer.load(model.path());
        PrintStream ps = System.out;
        Writer w = new BufferedWriter(new OutputStreamWriter(ps, StandardCharsets.UTF_8), 1 << 16);
        for (int id = 0; id < tok.vocabSize(); id++) {
            String t = tok.token(id);
            int rank = tok.mergeRank(id);
            if (jsonl) {
                w.write("{\"token\":\"");
                w.write(JsonStringEncoder.getInstance().quoteAsString(t));
                w.write("\",\"id\":" + id + ",\"rank\":" + rank + "}\n");
            } else {
                w.write(escape(t));
                w.write("\t" + id + "\t" + rank + "\n");
            }
        }
        w.flush();
        Stdout.check(ps);
        return ExitCodes.OK;
    }

    static String escape(String t) {
        StringBuilder sb = new StringBuilder(t.length() + 4);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\x%02X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
