package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import recur.io.Stdout;

/** Progress lines name their command and, on a terminal, are erased before a record is written. */
class ProgressTest {
    private static String onTerminal(java.util.function.Consumer<Progress> body) {
        String before = System.getProperty("recur.tty");
        System.setProperty("recur.tty", "true");
        try {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            body.accept(new Progress(new PrintStream(err, true, StandardCharsets.UTF_8), false, "train-lm"));
            return err.toString(StandardCharsets.UTF_8);
        } finally {
            if (before == null) {
                System.clearProperty("recur.tty");
            } else {
                System.setProperty("recur.tty", before);
            }
        }
    }

    @Test
    void everyLineStartsWithTheCommandAndClearLeavesTheCursorAtAnEmptyLine() {
        String err = onTerminal(p -> {
            p.update("Progress: 50%", true);
            p.clear();
        });
        assertTrue(err.startsWith("\rrecur train-lm: Progress: 50%"), err);
        // erased with blanks and back at the margin: a record written next starts its own line
        String line = "recur train-lm: Progress: 50%";
        assertEquals("\r" + line + "\r" + " ".repeat(line.length()) + "\r", err);
    }

    /** What a terminal shows for these bytes: \r returns to the margin and later characters overwrite. */
    static List<String> screen(String bytes) {
        List<String> lines = new ArrayList<>();
        for (String raw : bytes.split("\n", -1)) {
            StringBuilder row = new StringBuilder();
            int col = 0;
            for (char c : raw.toCharArray()) {
                if (c == '\r') {
                    col = 0;
                } else {
                    if (col < row.length()) {
                        row.setCharAt(col, c);
                    } else {
                        row.append(c);
                    }
                    col++;
                }
            }
            lines.add(row.toString().stripTrailing());
        }
        return lines;
    }

    @Test
    void recordsWrittenWhileAProgressLineIsDrawnNeverShareItsLine() {
        // standard output and standard error on one terminal: both streams write into one screen, in order
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        PrintStream out = Stdout.over(terminal);
        try {
            Progress p = new Progress(err, false, "tokenize", true, true);
            p.update("1,000 records", true);
            out.print("{\"text\":\"a\"}\n{\"text\":\"b\"}\n");
            out.flush();
            p.update("2,000 records", true);
            out.print("{\"text\":\"c\"}\n");
            out.flush();
            p.done();
        } finally {
            Stdout.beforeWrite(null);
        }
        String bytes = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(bytes.contains("\rrecur tokenize: 2,000 records"), bytes);
        List<String> shown = screen(bytes);
        List<String> records = shown.stream().filter(l -> l.contains("{")).toList();
        assertEquals(List.of("{\"text\":\"a\"}", "{\"text\":\"b\"}", "{\"text\":\"c\"}"), records, String.join("|", shown));
    }

    @Test
    void noLineIsDrawnInTheMiddleOfARecord() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        PrintStream out = Stdout.over(terminal);
        try {
            Progress p = new Progress(err, false, "tokenize", true, true);
            out.print("{\"text\":");
            out.flush(); // a buffer's worth of output may end inside a record
            p.update("1,000 records", true);
            out.print("\"a\"}\n");
            out.flush();
        } finally {
            Stdout.beforeWrite(null);
        }
        assertEquals(List.of("{\"text\":\"a\"}", ""), screen(terminal.toString(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyATerminalSharedWithStandardOutputErasesForRecords() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        PrintStream out = Stdout.over(new ByteArrayOutputStream());
        Progress p = new Progress(err, false, "tokenize", true, false);
        p.update("1,000 records", true);
        out.print("{}\n");
        out.flush();
        assertEquals("\rrecur tokenize: 1,000 records", terminal.toString(StandardCharsets.UTF_8));
    }

    @Test
    void notesNameTheCommandOnce() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "embed train", false, false);
        p.note("Read 10 tokens");
        p.note("recur embed train: wrote x.emb");
        assertEquals("recur embed train: Read 10 tokens\nrecur embed train: wrote x.emb\n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    /** Every line a training or streaming command writes on stderr, progress and notes, starts "recur COMMAND: ". */
    @Test
    void everyCommandsProgressStartsWithItsName(@org.junit.jupiter.api.io.TempDir Path tmp) {
        String corpus = Fixtures.TESTDATA.resolve("tok/corpus.txt").toString();
        String[][] runs = {
            {"tokenize", "learn", "--kind", "word", "-o", tmp.resolve("t.tok").toString(), corpus},
            {"tokenize", "-m", Fixtures.tok().toString(), corpus},
            {"embed", "train", "--dim", "4", "--epochs", "1", "--min-count", "1", "-o", tmp.resolve("e.emb").toString(), corpus},
            {"embed", "train", "--algo", "glove", "--dim", "4", "--epochs", "1", "--min-count", "1", "-o", tmp.resolve("g.emb").toString(), corpus},
            {"train-lm", "--level", "char", "--emb", "4", "--hidden", "4", "--layers", "1", "--epochs", "1", "--bptt", "10",
                "--batch", "4", "-o", tmp.resolve("l.lm").toString(), corpus},
            {"score", "-m", Fixtures.lm().toString(), corpus},
            {"classify", "train", "--epochs", "1", "--emb", "4", "-o", tmp.resolve("c.cls").toString(),
                Fixtures.TESTDATA.resolve("classify/topic-train.jsonl").toString()},
        };
        for (String[] args : runs) {
            Cli.Result r = Cli.run("", args);
            assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
            String name = "recur " + (args[1].startsWith("-") ? args[0] : args[0] + " " + args[1]) + ": ";
            for (String line : r.err().split("\n")) {
                if (!line.isBlank()) {
                    assertTrue(line.startsWith(name), "[" + line + "] from " + String.join(" ", args));
                }
            }
        }
    }
}
