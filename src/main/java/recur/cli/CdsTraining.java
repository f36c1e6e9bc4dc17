package recur.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each command once on a few lines of made-up text, so that the launcher can record the
 * classes they load into a class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}) right
 * after a build. Later runs map that archive instead of loading and verifying the classes,
 * which cuts start-up for pipelines that call recur many times. Not a user command.
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("recur-cds-");
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        try {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                lines.add("the quick brown fox " + i + " jumps over the lazy dog, said the " + (i % 7) + " cats.");
            }
            Path text = Files.write(dir.resolve("text.txt"), lines);
            String t = text.toString();
            System.setOut(none);
            System.setErr(none);
            String d = dir.toString();
            run("--version");
            run("tokenize", "learn", "--kind", "bpe", "--vocab", "60", "-o", d + "/tok.model", t);
            run("tokenize", "-m", d + "/tok.model", t);
            run("train-lm", "--level", "char", "--hidden", "8", "--emb", "8", "--layers", "1", "--bptt", "8", "--batch", "2",
                    "--epochs", "1", "--quiet", "-o", d + "/lm.model", t, "--valid", t);
            run("sample", "-m", d + "/lm.model", "--prompt", "the", "--max-tokens", "5");
            run("eval", "perplexity", "-m", d + "/lm.model", t);
            run("embed", "train", "--dim", "8", "--min-count", "1", "--epochs", "1", "--quiet", "-o", d + "/emb.model", t);
        } finally {
            System.setOut(out);
            System.setErr(err);
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(String... args) {
        Main.commandLine().execute(args);
    }
}
