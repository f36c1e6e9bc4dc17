package recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;

/** train-lm, sample and eval perplexity run end to end in-process on a slice of testdata/. */
class LanguageModelCommandsTest {
    @TempDir
    static Path dir;
    static Path train;
    static Path valid;

    @BeforeAll
    static void data() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("testdata/shakespeare/train.txt"));
        train = dir.resolve("train.txt");
        valid = dir.resolve("valid.txt");
        Files.write(train, lines.subList(0, 160));
        Files.write(valid, lines.subList(160, 200));
    }

    static String[] small(String... extra) {
        List<String> a = new ArrayList<>(List.of("train-lm", "--level", "char", "--layers", "1", "--hidden", "24",
                "--emb", "16", "--bptt", "16", "--batch", "8", "--optimizer", "adam", "--lr", "0.01", "--quiet"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    static List<JsonNode> records(String out) throws IOException {
        List<JsonNode> r = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                r.add(Json.MAPPER.readTree(line));
            }
        }
        return r;
    }

    @Test
    void trainingLowersTheLossAndWritesTheModel() throws IOException {
        Path model = dir.resolve("a.lm");
        Cli.Result r = Cli.run(null, small("--epochs", "3", "-o", model.toString(), train.toString(), "--valid", valid.toString()));
        assertEquals(0, r.code(), r.err());
        List<JsonNode> recs = records(r.out());
        assertEquals(3, recs.size(), r.out());
        double first = recs.get(0).get("valid_loss").asDouble();
        double last = recs.get(2).get("valid_loss").asDouble();
        assertTrue(last < first - 0.2, "valid loss " + first + " -> " + last);
        // a uniform guess over the vocabulary scores ln V nats; an epoch must do clearly better
        double uniform = Math.log(recur.model.LmFile.load(model).codec().size());
        assertTrue(first < uniform - 0.5, "first valid loss " + first + ", uniform " + uniform);
        assertTrue(Files.exists(model));
        // a run that finished removes its checkpoint
        assertTrue(!Files.exists(Path.of(model + ".ckpt")));
        assertTrue(recs.get(0).has("valid_bits_per_char"));

        // eval perplexity gives the numbers train-lm printed for the model it kept
        JsonNode best = recs.stream().filter(n -> n.get("saved").asBoolean()).reduce((a, b) -> b).orElseThrow();
        Cli.Result e = Cli.run(null, "eval", "perplexity", "-m", model.toString(), "--bptt", "16", valid.toString());
        assertEquals(0, e.code(), e.err());
        JsonNode m = records(e.out()).get(0);
        assertEquals(best.get("valid_perplexity").asDouble(), m.get("perplexity").asDouble(), 1e-3);
        assertEquals(best.get("valid_bits_per_char").asDouble(), m.get("bits_per_char").asDouble(), 1e-4);

        // sampling with a seed repeats; another seed differs; fields pass through
        String prompt = "{\"id\": 7, \"text\": \"ROMEO:\"}\n";
        Cli.Result s1 = Cli.run(prompt, "sample", "-m", model.toString(), "--seed", "3", "--max-tokens", "40", "-n", "2");
        Cli.Result s2 = Cli.run(prompt, "sample", "-m", model.toString(), "--seed", "3", "--max-tokens", "40", "-n", "2");
        Cli.Result s3 = Cli.run(prompt, "sample", "-m", model.toString(), "--seed", "4", "--max-tokens", "40", "-n", "2");
        assertEquals(0, s1.code(), s1.err());
        assertEquals(s1.out(), s2.out());
        assertNotEquals(s1.out(), s3.out());
        List<JsonNode> samples = records(s1.out());
        assertEquals(2, samples.size());
        assertEquals(7, samples.get(0).get("id").asInt());
        assertEquals(40, samples.get(0).get("n_tokens").asInt());
        assertEquals(1, samples.get(1).get("sample_index").asInt());
        assertTrue(samples.get(0).get("logprob").asDouble() < 0);
    }

    @Test
    void streamingWritesTheSameTextAsTheRecordAndStopStringsCut() throws IOException {
        Path model = dir.resolve("stream.lm");
        assertEquals(0, Cli.run(null, small("--epochs", "1", "-o", model.toString(), train.toString())).code());
        Cli.Result json = Cli.run(null, "sample", "-m", model.toString(), "--prompt", "KING", "--max-tokens", "60", "--seed", "9");
        Cli.Result raw = Cli.run(null, "sample", "-m", model.toString(), "--prompt", "KING", "--max-tokens", "60", "--seed", "9",
                "--stream");
        assertEquals(0, raw.code(), raw.err());
        assertEquals(records(json.out()).get(0).get("sample").asText() + "\n\n", raw.out());
        String text = records(json.out()).get(0).get("sample").asText();
        String stop = text.substring(10, 12);
        Cli.Result cut = Cli.run(null, "sample", "-m", model.toString(), "--prompt", "KING", "--max-tokens", "60", "--seed", "9",
                "--stop", stop);
        JsonNode c = records(cut.out()).get(0);
        assertEquals("stop_string", c.get("stop").asText());
        assertEquals(text.substring(0, text.indexOf(stop) + stop.length()), c.get("sample").asText());
    }

    @Test
    void resumingFromAnEpochCheckpointEqualsTrainingStraightThrough() throws IOException {
        Path straight = dir.resolve("straight.lm");
        Path first = dir.resolve("first.lm");
        Cli.Result a = Cli.run(null, small("--epochs", "2", "--lr-schedule", "plateau", "-o", straight.toString(),
                train.toString(), "--valid", valid.toString()));
        Cli.Result b = Cli.run(null, small("--epochs", "1", "--lr-schedule", "plateau", "--keep-checkpoint",
                "-o", first.toString(), train.toString(), "--valid", valid.toString()));
        Cli.Result c = Cli.run(null, small("--epochs", "2", "--lr-schedule", "plateau", "-o", first.toString(),
                "--resume", first + ".ckpt", train.toString(), "--valid", valid.toString()));
        assertEquals(0, a.code(), a.err());
        assertEquals(0, b.code(), b.err());
        assertEquals(0, c.code(), c.err());
        assertEquals(records(a.out()).get(1).get("valid_loss"), records(c.out()).get(0).get("valid_loss"));
        assertArrayEquals(weights(straight), weights(first));
    }

    static float[] weights(Path model) {
        var loaded = recur.model.LmFile.load(model);
        return loaded.model().params().values().clone();
    }

    @Test
    void validationDoesNotChangeTraining() throws IOException {
        for (String cell : List.of("lstm", "gru", "tcn")) {
            Path with = dir.resolve("with-" + cell + ".lm");
            Path without = dir.resolve("without-" + cell + ".lm");
            Cli.Result a = Cli.run(null, small("--cell", cell, "--epochs", "3", "--valid-every", "7", "--dropout", "0",
                    "--keep-checkpoint", "-o", with.toString(), train.toString(), "--valid", valid.toString()));
            Cli.Result b = Cli.run(null, small("--cell", cell, "--epochs", "3", "--dropout", "0", "--keep-checkpoint",
                    "-o", without.toString(), train.toString()));
            assertEquals(0, a.code(), a.err());
            assertEquals(0, b.code(), b.err());
            // the checkpoints after the last epoch hold the weights training reached
            assertArrayEquals(weights(Path.of(without + ".ckpt")), weights(Path.of(with + ".ckpt")), cell);
        }
    }

    @Test
    void everyCellKindTrainsAndSamples() throws IOException {
        for (String cell : List.of("rnn", "rnn_relu", "gru", "cifg", "tcn")) {
            Path model = dir.resolve(cell + ".lm");
            Cli.Result r = Cli.run(null, small("--cell", cell, "--epochs", "1", "-o", model.toString(),
                    train.toString(), "--valid", valid.toString()));
            assertEquals(0, r.code(), cell + ": " + r.err());
            double loss = records(r.out()).get(0).get("valid_loss").asDouble();
            double uniform = Math.log(recur.model.LmFile.load(model).codec().size());
            assertTrue(loss < uniform - 0.5, cell + " valid loss " + loss + ", uniform " + uniform);
            Cli.Result s = Cli.run(null, "sample", "-m", model.toString(), "--prompt", "KING", "--max-tokens", "20");
            assertEquals(0, s.code(), cell + ": " + s.err());
            assertEquals(20, records(s.out()).get(0).get("n_tokens").asInt());
        }
    }

    @Test
    void wordLevelAddsEosAndStopsThere() throws IOException {
        Path model = dir.resolve("word.lm");
        Cli.Result r = Cli.run(null, "train-lm", "--level", "word", "--layers", "1", "--hidden", "16", "--emb", "16",
                "--bptt", "8", "--batch", "4", "--epochs", "1", "--quiet", "-o", model.toString(), train.toString());
        assertEquals(0, r.code(), r.err());
        Cli.Result s = Cli.run(null, "sample", "-m", model.toString(), "--prompt", "the", "-n", "5", "--max-tokens", "500",
                "--seed", "3");
        assertEquals(0, s.code(), s.err());
        List<JsonNode> samples = records(s.out());
        assertEquals(5, samples.size(), s.out());
        // every training line ends with <eos>, so a model that learned anything emits it well before 500 words
        for (JsonNode n : samples) {
            assertEquals("eos", n.get("stop").asText(), n.toString());
            assertTrue(n.get("n_tokens").asInt() < 500, n.toString());
            assertTrue(!n.get("sample").asText().contains("<eos>"), n.toString());
        }
    }

    @Test
    void aRecurTokenizerGivesTheIds() throws IOException {
        Path tok = dir.resolve("bpe.tok");
        Cli.Result t = Cli.run(null, "tokenize", "learn", "--kind", "bpe", "--vocab", "300", "-o", tok.toString(), train.toString());
        assertEquals(0, t.code(), t.err());
        Path model = dir.resolve("bpe.lm");
        Cli.Result r = Cli.run(null, small("--tokenizer", tok.toString(), "--epochs", "1", "-o", model.toString(),
                train.toString(), "--valid", valid.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(records(r.out()).get(0).has("valid_bits_per_token"));
        Cli.Result e = Cli.run(null, "eval", "perplexity", "-m", model.toString(), "--bptt", "16", valid.toString());
        assertEquals(records(r.out()).get(0).get("valid_perplexity").asDouble(), records(e.out()).get(0).get("perplexity").asDouble(), 1e-3);
        Cli.Result s = Cli.run(null, "sample", "-m", model.toString(), "--prompt", "First", "--max-tokens", "30", "--seed", "2",
                "--ignore-eos");
        assertEquals(0, s.code(), s.err());
        assertEquals(30, records(s.out()).get(0).get("n_tokens").asInt());
    }

    @Test
    void gzipInputTrainsExactlyAsPlainInput() throws IOException {
        Path gz = dir.resolve("train.bin");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(train));
        }
        Cli.Result plain = Cli.run(null, small("--epochs", "1", "-o", dir.resolve("p.lm").toString(), train.toString(),
                "--valid", valid.toString()));
        Cli.Result zipped = Cli.run(null, small("--epochs", "1", "-o", dir.resolve("z.lm").toString(), gz.toString(),
                "--valid", valid.toString()));
        assertEquals(records(plain.out()).get(0).get("valid_loss"), records(zipped.out()).get(0).get("valid_loss"));
        assertArrayEquals(weights(dir.resolve("p.lm")), weights(dir.resolve("z.lm")));
    }

    @Test
    void oneAndTwoThreadsGiveTheSameModel() throws IOException {
        Cli.Result one = Cli.run(null, small("--epochs", "1", "--threads", "1", "-o", dir.resolve("t1.lm").toString(), train.toString()));
        Cli.Result two = Cli.run(null, small("--epochs", "1", "--threads", "2", "-o", dir.resolve("t2.lm").toString(), train.toString()));
        assertEquals(0, one.code(), one.err());
        assertEquals(0, two.code(), two.err());
        assertArrayEquals(weights(dir.resolve("t1.lm")), weights(dir.resolve("t2.lm")));
        // the documented rule: only the provenance ("training": the command as typed) differs
        var m1 = recur.io.ModelArchive.read(dir.resolve("t1.lm"), "lm").meta();
        var m2 = recur.io.ModelArchive.read(dir.resolve("t2.lm"), "lm").meta();
        assertNotEquals(m1.get("training"), m2.get("training"));
        m1.remove("training");
        m2.remove("training");
        assertEquals(m1, m2);
    }

    /**
     * A word model whose projection splits (vocabulary about 450 in two blocks, 200 positions, hidden
     * 48): its blocks run on two threads, and the model has the bits of one thread's.
     */
    @Test
    void aWordModelSplitOverTwoThreadsHasTheBitsOfOne() throws IOException {
        Cli.Result[] runs = new Cli.Result[2];
        for (int t = 1; t <= 2; t++) {
            runs[t - 1] = Cli.run(null, "train-lm", "--level", "word", "--layers", "2", "--hidden", "48", "--emb", "16",
                    "--bptt", "20", "--batch", "10", "--dropout", "0.2", "--lr", "5", "--clip", "0.5", "--epochs", "2",
                    "--threads", String.valueOf(t), "-o", dir.resolve("w" + t + ".lm").toString(), train.toString(),
                    "--valid", valid.toString());
            assertEquals(0, runs[t - 1].code(), runs[t - 1].err());
            assertFalse(runs[t - 1].err().contains("--threads"), runs[t - 1].err());
        }
        assertEquals(records(runs[0].out()).get(1).get("valid_loss"), records(runs[1].out()).get(1).get("valid_loss"));
        assertArrayEquals(weights(dir.resolve("w1.lm")), weights(dir.resolve("w2.lm")));
    }

    @Test
    void aStepTooSmallToSplitTrainsOnOneThreadAndSaysSo() throws IOException {
        List<String> args = new ArrayList<>(List.of(small("--epochs", "1", "--threads", "2", "-o",
                dir.resolve("note.lm").toString(), train.toString())));
        args.remove("--quiet");
        Cli.Result r = Cli.run(null, args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("--threads 2: a step of 128 positions") && r.err().contains("is too small to split;"
                + " training on 1 thread"), r.err());
    }

    @Test
    void theModelRecordsTheRecurCommandLineAndIsTheSameBytesWhateverTheTerminal() throws IOException {
        Path model = dir.resolve("prov.lm");
        String[] args = small("--epochs", "1", "--seed", "5", "-o", model.toString(), train.toString());
        String before = System.getProperty("recur.tty");
        byte[] inPipe;
        byte[] onTerminal;
        try {
            System.setProperty("recur.tty", "false");
            assertEquals(0, Cli.run(null, args).code());
            inPipe = Files.readAllBytes(model);
            System.setProperty("recur.tty", "true");
            assertEquals(0, Cli.run(null, args).code());
            onTerminal = Files.readAllBytes(model);
        } finally {
            if (before == null) {
                System.clearProperty("recur.tty");
            } else {
                System.setProperty("recur.tty", before);
            }
        }
        assertArrayEquals(inPipe, onTerminal);
        JsonNode training = recur.io.ModelArchive.read(model, "lm").meta().get("training");
        assertEquals("recur " + String.join(" ", args), training.get("command").asText());
        assertEquals(train.toString(), training.get("inputs").get(0).get("name").asText());
        assertEquals(Provenance.sha256(train), training.get("inputs").get(0).get("sha256").asText());
        assertEquals(recur.io.Version.get(), training.get("recur_version").asText());

        // standard input is named <stdin> and digested like the file it was
        Cli.Result piped = Cli.run(Files.readString(train), small("--epochs", "1", "-o", dir.resolve("stdin.lm").toString()));
        assertEquals(0, piped.code(), piped.err());
        JsonNode in = recur.io.ModelArchive.read(dir.resolve("stdin.lm"), "lm").meta().get("training").get("inputs").get(0);
        assertEquals("<stdin>", in.get("name").asText());
        assertEquals(Provenance.sha256(train), in.get("sha256").asText());
    }

    @Test
    void aMalformedLineExits1AndNamesFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"text\": \"hello there\"}\n{\"text\": 5}\n", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(null, small("-o", dir.resolve("bad.lm").toString(), bad.toString()));
        assertEquals(1, r.code());
        assertEquals("recur train-lm: " + bad + ":2: field \"text\" must be a string, got number", r.err().strip());
    }

    @Test
    void skipBadPassesOverBadLinesAndSaysHowMany() throws IOException {
        Path mixed = dir.resolve("mixed.jsonl");
        StringBuilder s = new StringBuilder();
        for (String line : Files.readAllLines(train).subList(0, 40)) {
            s.append(Json.MAPPER.writeValueAsString(java.util.Map.of("text", line))).append('\n');
        }
        s.append("{not json}\n{\"text\": 3}\n");
        Files.writeString(mixed, s.toString());
        Cli.Result r = Cli.run(null, "train-lm", "--level", "char", "--layers", "1", "--hidden", "8", "--emb", "8",
                "--bptt", "8", "--batch", "2", "--epochs", "1", "--skip-bad", "-o", dir.resolve("skip.lm").toString(), mixed.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("skipped 2 bad records; the first: " + mixed + ":41:"), r.err());
    }

    @Test
    void aTruncatedModelExits3WithAClearMessage() throws IOException {
        Path model = dir.resolve("t.lm");
        assertEquals(0, Cli.run(null, small("--epochs", "1", "-o", model.toString(), train.toString())).code());
        byte[] all = Files.readAllBytes(model);
        Path cut = dir.resolve("cut.lm");
        Files.write(cut, Arrays.copyOf(all, all.length / 3));
        Cli.Result r = Cli.run(null, "sample", "-m", cut.toString(), "--prompt", "a");
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("recur sample: " + cut + ": "), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
        Cli.Result wrongKind = Cli.run(null, "eval", "perplexity", "-m", valid.toString(), valid.toString());
        assertEquals(3, wrongKind.code());
    }

    @Test
    void aStopSignalWritesACheckpointAndExits130() throws IOException {
        Path model = dir.resolve("stopped.lm");
        Cli.Result r = Cli.runStopped(small("--epochs", "2", "-o", model.toString(), train.toString()));
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("--resume " + model + ".ckpt"), r.err());
        Cli.Result resumed = Cli.run(null, small("--epochs", "2", "-o", model.toString(), "--resume", model + ".ckpt",
                train.toString()));
        assertEquals(0, resumed.code(), resumed.err());
        Cli.Result straight = Cli.run(null, small("--epochs", "2", "-o", dir.resolve("unstopped.lm").toString(), train.toString()));
        assertEquals(0, straight.code(), straight.err());
        assertArrayEquals(weights(dir.resolve("unstopped.lm")), weights(model));
    }

    @Test
    void resumeNeedsNothingButTheCheckpoint() throws IOException {
        Path model = dir.resolve("alone.lm");
        Path ckpt = Path.of(model + ".ckpt");
        String[] args = small("--epochs", "2", "--seed", "4", "--valid-every", "5", "-o", model.toString(), train.toString(),
                "--valid", valid.toString());
        assertEquals(130, Cli.runStopped(args).code());
        Cli.Result resumed = Cli.run(null, "train-lm", "--resume", ckpt.toString(), "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(!Files.exists(ckpt), "a finished run removes its checkpoint");
        Path straight = dir.resolve("alone-straight.lm");
        List<String> straightArgs = new ArrayList<>(List.of(args));
        straightArgs.set(straightArgs.indexOf(model.toString()), straight.toString());
        assertEquals(0, Cli.run(null, straightArgs.toArray(new String[0])).code());
        assertArrayEquals(weights(straight), weights(model));
    }

    @Test
    void resumeRefusesOtherOptionsOtherDataAndAFinishedRun() throws IOException {
        Path model = dir.resolve("refuse.lm");
        Path ckpt = Path.of(model + ".ckpt");
        assertEquals(0, Cli.run(null, small("--epochs", "1", "--keep-checkpoint", "-o", model.toString(), train.toString())).code());

        Cli.Result finished = Cli.run(null, "train-lm", "--resume", ckpt.toString());
        assertEquals(2, finished.code(), finished.err());
        assertTrue(finished.err().contains("already finished (1 epochs)"), finished.err());

        Cli.Result otherLr = Cli.run(null, "train-lm", "--resume", ckpt.toString(), "--epochs", "2", "--lr", "0.5");
        assertEquals(2, otherLr.code(), otherLr.err());
        assertTrue(otherLr.err().contains("--lr 0.5 differs from the checkpoint's 0.01"), otherLr.err());

        Cli.Result otherData = Cli.run(null, "train-lm", "--resume", ckpt.toString(), "--epochs", "2", valid.toString());
        assertEquals(2, otherData.code(), otherData.err());
        assertTrue(otherData.err().contains("the training data " + valid) && otherData.err().contains("trained on, " + train),
                otherData.err());

        Cli.Result more = Cli.run(null, "train-lm", "--resume", ckpt.toString(), "--epochs", "2", "--quiet");
        assertEquals(0, more.code(), more.err());
        assertEquals(2, records(more.out()).get(0).get("epoch").asInt());
    }

    @Test
    void aDivergingRunStopsWithAdviceAndWritesNoInfinity() throws IOException {
        Path model = dir.resolve("diverged.lm");
        Cli.Result r = Cli.run(null, "train-lm", "--level", "char", "--layers", "1", "--hidden", "24", "--emb", "16",
                "--bptt", "16", "--batch", "8", "--quiet", "--epochs", "2", "--lr", "1e30", "--clip", "0", "--valid-every", "1",
                "-o", model.toString(), train.toString(), "--valid", valid.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("training diverged at epoch 1") && r.err().contains("try a lower --lr"), r.err());
        for (String line : r.out().split("\n")) {
            assertTrue(!line.contains("Infinity") && !line.contains("NaN"), line);
        }
    }

    @Test
    void aClosedStandardOutputDoesNotStopTraining() throws IOException {
        Path headed = dir.resolve("headed.lm");
        Cli.Result r = Cli.runIntoHeadOne(small("--epochs", "3", "-o", headed.toString(), train.toString(),
                "--valid", valid.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals(1, records(r.out()).size());
        assertTrue(r.err().contains("standard output was closed; training goes on"), r.err());
        Path whole = dir.resolve("unheaded.lm");
        assertEquals(0, Cli.run(null, small("--epochs", "3", "-o", whole.toString(), train.toString(),
                "--valid", valid.toString())).code());
        assertArrayEquals(weights(whole), weights(headed));
    }

    @Test
    void anErrorInStandardInputNamesStdinAndAMissingFolderIsAnError() {
        Cli.Result r = Cli.run("{\"text\": \"fine\"}\n{\"text\": 5}\n", small("-o", dir.resolve("in.lm").toString()));
        assertEquals(1, r.code());
        assertEquals("recur train-lm: <stdin>:2: field \"text\" must be a string, got number", r.err().strip());

        Path nowhere = dir.resolve("no-such-folder").resolve("x.lm");
        Cli.Result m = Cli.run(null, small("-o", nowhere.toString(), train.toString()));
        assertEquals(3, m.code(), m.err());
        assertTrue(m.err().contains("no such folder"), m.err());
        assertTrue(!Files.exists(nowhere.getParent()));
    }

    @Test
    void theWarmupScheduleDecaysOverTheStepsTheDataGives() throws IOException {
        Cli.Result r = Cli.run(null, small("--epochs", "2", "--lr-schedule", "warmup", "--warmup-steps", "3",
                "-o", dir.resolve("warm.lm").toString(), train.toString()));
        assertEquals(0, r.code(), r.err());
        List<JsonNode> recs = records(r.out());
        // after the last step the linear decay has reached 0 (it assumed 1,000,000 tokens before)
        assertEquals(0.0, recs.get(1).get("lr").asDouble(), 1e-12);
        assertTrue(recs.get(0).get("lr").asDouble() > 0.004, recs.get(0).toString());
    }

    @Test
    void optionsAreCheckedBeforeAnyDataIsRead() {
        Cli.Result r = Cli.run(null, small("--epochs", "0", "-o", dir.resolve("never.lm").toString(),
                dir.resolve("no-such-file.txt").toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--epochs': 0 is not in [1, ...)"), r.err());
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        Cli.Result r = Cli.run(null, small("--dropout", "1.5", "-o", dir.resolve("x.lm").toString(), train.toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("'--dropout': 1.5 is not in [0, 1)"), r.err());
        Cli.Result t = Cli.run(null, "sample", "-m", "x", "--top-p", "0");
        assertEquals(2, t.code());
    }
}
