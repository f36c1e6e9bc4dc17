package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every example a user is shown is run, as jq tests its manual: the example lines of each command's
 * --help (which are also the man pages' EXAMPLES, generated from them) and the command lines in the
 * README's code blocks. Each runs in bash (pipefail) in a fresh folder holding small stand-ins under
 * the file names the examples use (made from testdata/), with {@code recur} a shell function that
 * starts this build; it must exit 0. Examples that cannot run here are listed in {@link #SKIP} with the
 * reason, and a skip that matches no example any more fails, so the list stays true.
 */
class ExamplesTest {
    /** A piece of an example's text, and why the examples containing it are not run. */
    static final Map<String, String> SKIP = new LinkedHashMap<>();

    static {
        String minutes = "a full-size training run, minutes long; train-lm's tests cover its options on small sizes";
        SKIP.put("--max-time 60s", "trains for 60 seconds by design");
        SKIP.put("--hidden 128 --emb 64 --bptt 50 --batch 32", minutes);
        SKIP.put("--lr 20 --clip 0.25 --epochs 13", minutes);
        SKIP.put("--epochs 40 --max-time 60s", minutes);
        SKIP.put("--resume ptb.lm.ckpt", "needs the checkpoint of an interrupted run");
        SKIP.put("--resume emb.model.ckpt", "needs the checkpoint of an interrupted run");
        SKIP.put("--resume mr.cls.ckpt", "needs the checkpoint of an interrupted run");
        SKIP.put("--resume order-tcn.cls.ckpt", "needs the checkpoint of an interrupted run");
        String multi30k = "uses the README's Multi30k translator, trained for minutes on ../shared/data;"
                + " the translate command tests run these options on small models";
        SKIP.put("recur translate", multi30k);
        SKIP.put("recur info de-en.nmt", multi30k);
        SKIP.put("--ref-field tgt test.out.jsonl", multi30k);
        SKIP.put("cc.en.300.vec.gz", "fastText's published vectors (several GB, ../shared/data)");
        SKIP.put("GoogleNews-vectors-negative300.bin.gz", "word2vec's published vectors (several GB, ../shared/data)");
        SKIP.put("--algo glove --dim 100 --epochs 15 --memory 2g", "asks for 2 GB of co-occurrence table; GloVe is run by embed's tests");
        SKIP.put("parallel --pipe", "GNU parallel over the README's sharding: DistributionTest runs this form");
        SKIP.put("recur train-lm ... |", "a placeholder for any train-lm command line");
    }

    private static final Pattern README_COMMAND = Pattern.compile("(^|[|&;(]\\s*|\\s)(bin/)?recur [a-z]");

    record Example(String source, String command) {}

    /** The examples of every command's --help, continuation lines joined, comment lines left out. */
    static List<Example> helpExamples() {
        List<Example> out = new ArrayList<>();
        collect(Main.commandLine(new String[0]), out);
        return out;
    }

    private static void collect(CommandLine cl, List<Example> out) {
        String name = cl.getCommandSpec().qualifiedName();
        for (String cmd : joined(List.of(cl.getCommandSpec().usageMessage().footer()))) {
            out.add(new Example(name + " --help", cmd));
        }
        cl.getSubcommands().values().stream().distinct().forEach(c -> collect(c, out));
    }

    /** The command lines in the README's code blocks that run recur. */
    static List<Example> readmeExamples() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        boolean code = false;
        String lang = "";
        List<String> block = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (code && !lang.equals("make") && !lang.equals("makefile") && !lang.equals("json")) {
                    for (String cmd : joined(block)) {
                        if (README_COMMAND.matcher(cmd).find()) {
                            out.add(new Example("README.md", cmd.replaceAll("(^|[|&;(]\\s*|\\s)bin/recur ", "$1recur ")));
                        }
                    }
                }
                code = !code;
                lang = line.substring(3).strip();
                block.clear();
            } else if (code) {
                block.add(line);
            }
        }
        return out;
    }

    /** Lines with a trailing backslash joined to the next; blank lines and comment lines dropped. */
    static List<String> joined(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (cur.length() == 0 && (line.isEmpty() || line.startsWith("#") || line.startsWith("$ "))) {
                continue;
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
            } else {
                cur.append(line);
                out.add(cur.toString().replaceAll("\\s+", " ").strip());
                cur.setLength(0);
            }
        }
        return out;
    }

    static String skipReason(String command) {
        for (Map.Entry<String, String> s : SKIP.entrySet()) {
            if (command.contains(s.getKey())) {
                return s.getValue();
            }
        }
        return null;
    }

    @Test
    void everySkipStillMatchesAnExample() throws IOException {
        List<Example> all = new ArrayList<>(helpExamples());
        all.addAll(readmeExamples());
        assertTrue(all.size() > 40, "too few examples found: " + all);
        for (String key : SKIP.keySet()) {
            assertTrue(all.stream().anyMatch(e -> e.command().contains(key)), "no example contains the skipped '" + key + "'");
        }
    }

    @TestFactory
    Stream<DynamicTest> examplesRun() throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        List<Example> all = new ArrayList<>();
        for (Example e : helpExamples()) {
            if (seen.add(e.command())) {
                all.add(e);
            }
        }
        for (Example e : readmeExamples()) {
            if (seen.add(e.command())) {
                all.add(e);
            }
        }
        assertFalse(all.isEmpty());
        return all.stream().map(e -> DynamicTest.dynamicTest(e.source() + ": " + e.command(), () -> {
            String reason = skipReason(e.command());
            Assumptions.assumeTrue(reason == null, reason);
            run(e);
        }));
    }

    private static void run(Example e) throws Exception {
        Path dir = Files.createTempDirectory("recur-example-");
        World.populate(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "recur() { '" + java + "' --add-modules jdk.incubator.vector -cp '" + System.getProperty("java.class.path")
                + "' recur.cli.Main \"$@\"; }\nexport -f recur\nln -s '" + Fixtures.TESTDATA + "' testdata\n" + e.command() + "\n";
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", script).directory(dir.toFile()).start();
        p.getOutputStream().close();
        // stdout is drained beside stderr so that a long output cannot block the example
        var out = new java.util.concurrent.CompletableFuture<byte[]>();
        Thread drain = new Thread(() -> {
            try {
                out.complete(p.getInputStream().readAllBytes());
            } catch (IOException x) {
                out.completeExceptionally(x);
            }
        });
        drain.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("WARNING: Using incubator modules: jdk.incubator.vector\\R", "");
        int code = p.waitFor();
        drain.join();
        assertEquals(0, code, e.source() + ": " + e.command() + "\nstderr: " + err);
    }

    /**
     * Small stand-ins for the files the examples name: data from testdata/ and models trained on it,
     * made once and copied into each example's folder (an example may overwrite what it trains).
     */
    static final class World {
        private static Path made;

        static synchronized void populate(Path dir) throws IOException {
            if (made == null) {
                made = Files.createTempDirectory("recur-examples-world-");
                make(made);
            }
            try (Stream<Path> files = Files.list(made)) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }

        private static void make(Path w) throws IOException {
            Path td = Fixtures.TESTDATA;
            // words for the embedding examples: the analogy and similarity files' and the ones the examples query
            StringBuilder words = new StringBuilder(Files.readString(td.resolve("tok/corpus.txt")));
            for (String f : List.of("embed/questions.txt", "embed/pairs.txt")) {
                for (String line : Files.readAllLines(td.resolve(f))) {
                    if (!line.startsWith(":")) {
                        words.append(line.replace('\t', ' ')).append('\n');
                    }
                }
            }
            for (int i = 0; i < 20; i++) {
                words.append("the king is a man and the queen is a woman in paris\nthe cat sat on the mat\n");
            }
            String corpus = words.toString();
            Files.writeString(w.resolve("corpus.txt"), corpus);
            gzip(w.resolve("corpus.txt.gz"), corpus);
            StringBuilder jsonl = new StringBuilder();
            for (String line : corpus.split("\n")) {
                jsonl.append(recur.io.Json.MAPPER.createObjectNode().put("text", line)).append('\n');
            }
            Files.writeString(w.resolve("corpus.jsonl"), jsonl);
            gzip(w.resolve("c.jsonl.gz"), jsonl.toString().replace("{\"text\":", "{\"body\":"));
            Files.writeString(w.resolve("docs.jsonl"), jsonl);
            String valid = Files.readString(td.resolve("shakespeare/valid.txt"));
            for (String name : List.of("ptb.train.txt", "ptb.valid.txt", "ptb.test.txt", "test.txt")) {
                Files.writeString(w.resolve(name), valid);
            }
            String order = Files.readString(td.resolve("classify/order-train.jsonl"));
            String orderTest = Files.readString(td.resolve("classify/order-test.jsonl"));
            String tags = Files.readString(td.resolve("classify/tags-train.jsonl"));
            Files.writeString(w.resolve("train.jsonl"), order);
            Files.writeString(w.resolve("dev.jsonl"), orderTest);
            Files.writeString(w.resolve("test.jsonl"), orderTest);
            Files.writeString(w.resolve("candidates.jsonl"), orderTest);
            Files.writeString(w.resolve("tagged.jsonl"), tags);
            Files.writeString(w.resolve("tagged-test.jsonl"), tags);
            gzip(w.resolve("posts.jsonl.gz"), tags);
            Files.copy(td.resolve("embed/questions.txt"), w.resolve("questions-words.txt"));
            StringBuilder questions = new StringBuilder();
            for (String line : Files.readAllLines(td.resolve("embed/questions.txt"))) {
                String[] q = line.split(" ");
                if (q.length == 4) {
                    questions.append(String.format("{\"a\":\"%s\",\"b\":\"%s\",\"c\":\"%s\"}%n", q[0], q[1], q[2]));
                }
            }
            Files.writeString(w.resolve("questions.jsonl"), questions);
            for (String name : List.of("EN-WS-353-ALL.txt", "EN-WS-353-SIM.txt", "EN-WS-353-REL.txt")) {
                Files.copy(td.resolve("embed/pairs.txt"), w.resolve(name));
            }
            StringBuilder pairs = new StringBuilder();
            for (String line : Files.readAllLines(td.resolve("embed/pairs.txt"))) {
                String[] p = line.split("\t");
                if (p.length == 3 && !p[0].equals("word1")) {
                    pairs.append(String.format("{\"w1\":\"%s\",\"w2\":\"%s\",\"score\":%s}%n", p[0], p[1], p[2]));
                }
            }
            Files.writeString(w.resolve("pairs.jsonl"), pairs);
            String c = w.resolve("corpus.txt").toString();
            make("tokenize", "learn", "--kind", "bpe", "--vocab", "300", "-o", w.resolve("tok.model").toString(), c);
            make("embed", "train", "--dim", "16", "--min-count", "1", "--epochs", "2", "-o", w.resolve("emb.model").toString(), c);
            make("train-lm", "--level", "char", "--layers", "1", "--hidden", "16", "--emb", "8", "--bptt", "16", "--batch", "8",
                    "--epochs", "1", "-o", w.resolve("shakespeare.lm").toString(), w.resolve("ptb.test.txt").toString());
            Files.copy(w.resolve("shakespeare.lm"), w.resolve("lm.model"));
            make("train-lm", "--layers", "1", "--hidden", "16", "--emb", "8", "--bptt", "16", "--batch", "8", "--epochs", "1",
                    "-o", w.resolve("ptb.lm").toString(), w.resolve("ptb.train.txt").toString());
            make("classify", "train", "--epochs", "5", "-o", w.resolve("mr.cls").toString(), w.resolve("train.jsonl").toString());
            Files.copy(w.resolve("mr.cls"), w.resolve("order.cls"));
            make("classify", "train", "--loss", "ova", "--epochs", "5", "-o", w.resolve("tags.cls").toString(),
                    w.resolve("tagged.jsonl").toString());
            Cli.Result log = Cli.run("", "train-lm", "--level", "char", "--layers", "1", "--hidden", "8", "--emb", "8",
                    "--bptt", "16", "--batch", "8", "--epochs", "2", "-o", w.resolve("log.lm").toString(),
                    w.resolve("ptb.train.txt").toString(), "--valid", w.resolve("ptb.valid.txt").toString());
            Files.writeString(w.resolve("log.jsonl"), log.out());
            Files.delete(w.resolve("log.lm"));
            // a translation test set and systems' outputs: Shakespeare's lines as references, each system
            // dropping words from them
            List<String> refs = valid.lines().filter(l -> l.split(" ").length > 3).limit(60).toList();
            for (String name : List.of("newstest.en", "newstest2.en", "newstest.alt.en", "ref.txt")) {
                Files.write(w.resolve(name), refs);
            }
            Files.write(w.resolve("hyps.txt"), refs.stream().map(l -> l.substring(0, l.lastIndexOf(' '))).toList());
            for (String name : List.of("sys.jsonl", "system.jsonl", "test.out.jsonl", "out.jsonl", "base.jsonl", "baseline.jsonl")) {
                int drop = name.startsWith("base") ? 2 : 1;
                StringBuilder mt = new StringBuilder();
                for (String ref : refs) {
                    String[] t = ref.split(" ");
                    String hyp = String.join(" ", java.util.Arrays.copyOf(t, t.length - drop));
                    mt.append(recur.io.Json.MAPPER.createObjectNode().put("hyp", hyp).put("ref", ref)).append('\n');
                }
                Files.writeString(w.resolve(name), mt);
            }
            Files.writeString(w.resolve("prompts.jsonl"), "{\"id\":1,\"text\":\"the\"}\n{\"id\":2,\"text\":\"a\"}\n");
        }

        private static void gzip(Path p, String text) throws IOException {
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
                o.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }

        private static void make(String... args) {
            Cli.Result r = Cli.run("", args);
            if (r.code() != 0) {
                throw new UncheckedIOException(new IOException("example stand-in " + String.join(" ", args) + " failed: " + r.err()));
            }
        }
    }
}
