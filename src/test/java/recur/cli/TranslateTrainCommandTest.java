package recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import recur.decode.GreedyTranslation;
import recur.eval.Bleu;
import recur.eval.MtCorpus;
import recur.io.Json;
import recur.model.translate.TranslatorFile;
import recur.train.TranslationTask;

/** translate train end to end, in-process, on the toy reversal corpus of testdata/translate. */
class TranslateTrainCommandTest {
    static final Path DATA = Path.of("testdata/translate");
    static final String TRAIN = DATA.resolve("train.jsonl").toString();
    static final String VALID = DATA.resolve("valid.jsonl").toString();

    @TempDir
    Path dir;

    static String[] args(String... more) {
        List<String> a = new ArrayList<>(List.of("translate", "train", "--emb", "32", "--hidden", "64", "--dropout", "0",
                "--batch", "16", "--lr", "0.005", "--quiet", "--seed", "3"));
        a.addAll(Arrays.asList(more));
        return a.toArray(new String[0]);
    }

    /** The BLEU of the model file's greedy translations of the validation pairs. */
    static double bleu(Path model) throws IOException {
        TranslatorFile.Loaded m = TranslatorFile.load(model);
        List<String> src = new ArrayList<>();
        List<String> ref = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(VALID))) {
            JsonNode r = Json.MAPPER.readTree(line);
            src.add(r.get("src").asText());
            ref.add(r.get("tgt").asText());
        }
        int[][] ids = new int[src.size()][];
        int[] max = new int[src.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = m.source().encode(src.get(i));
            max[i] = TranslationTask.maxOutput(ids[i].length);
        }
        GreedyTranslation.Result[] hyps = GreedyTranslation.decode(m.model().stepper(), ids, max);
        MtCorpus corpus = new MtCorpus(Bleu.standard(), false);
        for (int i = 0; i < ids.length; i++) {
            corpus.add(m.target().decode(hyps[i].ids()), List.of(ref.get(i)));
        }
        return corpus.score();
    }

    /** Both attention types learn to translate and reverse the toy sentences; the file written is the best. */
    @ParameterizedTest
    @CsvSource({"bahdanau,general,gru,''", "luong,general,lstm,--input-feed"})
    void learnsTheReversalTask(String attention, String score, String cell, String feed) throws IOException {
        Path model = dir.resolve(attention + ".nmt");
        List<String> a = new ArrayList<>(List.of(args("--attention", attention, "--score", score, "--cell", cell,
                "--epochs", "12", "-o", model.toString(), TRAIN, "--valid", VALID)));
        if (!feed.isEmpty()) {
            a.add(feed);
        }
        Cli.Result r = Cli.run(null, a.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        double best = 0;
        for (String line : r.out().split("\n")) {
            JsonNode rec = Json.MAPPER.readTree(line);
            for (String f : List.of("valid_loss", "valid_perplexity", "valid_bleu", "valid_chrf", "tokens_per_s")) {
                assertTrue(rec.has(f), f + " in " + line);
            }
            best = Math.max(best, rec.get("valid_bleu").asDouble());
        }
        assertTrue(best >= 90, "best validation BLEU " + best + "\n" + r.out());
        assertEquals(best, bleu(model), 1e-3, "the model kept is the one with the best BLEU");
    }

    static float[] weights(Path model) {
        return TranslatorFile.load(model).model().params().values();
    }

    @Test
    void resumingAfterAnEpochOrAStopGivesTheUninterruptedModel() {
        Path straight = dir.resolve("straight.nmt");
        assertEquals(0, Cli.run(null, args("--epochs", "2", "--keep-best", "loss", "-o", straight.toString(), TRAIN,
                "--valid", VALID)).code());
        Path first = dir.resolve("first.nmt");
        Cli.Result one = Cli.run(null, args("--epochs", "1", "--keep-best", "loss", "--keep-checkpoint", "-o",
                first.toString(), TRAIN, "--valid", VALID));
        assertEquals(0, one.code(), one.err());
        Cli.Result two = Cli.run(null, "translate", "train", "--resume", first + ".ckpt", "--epochs", "2", "--quiet");
        assertEquals(0, two.code(), two.err());
        assertArrayEquals(weights(straight), weights(first));

        Path stopped = dir.resolve("stopped.nmt");
        Cli.Result s = Cli.runStopped(args("--epochs", "2", "--keep-best", "loss", "-o", stopped.toString(), TRAIN,
                "--valid", VALID));
        assertEquals(130, s.code(), s.err());
        Cli.Result resumed = Cli.run(null, "translate", "train", "--resume", stopped + ".ckpt", "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(weights(straight), weights(stopped));
    }

    @Test
    void parallelFilesTrainWhatTheirJsonlTrains() {
        Path a = dir.resolve("jsonl.nmt");
        Path b = dir.resolve("files.nmt");
        assertEquals(0, Cli.run(null, args("--epochs", "1", "-o", a.toString(), TRAIN)).code());
        Cli.Result r = Cli.run(null, args("--epochs", "1", "-o", b.toString(), "--src-file", DATA.resolve("train.src").toString(),
                "--tgt-file", DATA.resolve("train.tgt").toString()));
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(weights(a), weights(b));
    }

    @Test
    void maxLenDropsAndCountsLongPairsAndTheRecordNamesThem() throws IOException {
        Path m = dir.resolve("short.nmt");
        Cli.Result r = Cli.run(null, "translate", "train", "--emb", "8", "--hidden", "8", "--epochs", "1", "--max-len", "4",
                "-o", m.toString(), TRAIN);
        assertEquals(0, r.code(), r.err());
        long longer = Files.readAllLines(Path.of(TRAIN)).stream().filter(l -> {
            try {
                JsonNode n = Json.MAPPER.readTree(l);
                return n.get("src").asText().split(" ").length > 4;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).count();
        assertTrue(longer > 0);
        assertTrue(r.err().contains("dropped " + longer + " of 400 training pairs"), r.err());
        Cli.Result info = Cli.run(null, "info", m.toString());
        assertEquals(0, info.code(), info.err());
        JsonNode i = Json.MAPPER.readTree(info.out());
        assertEquals("translator", i.get("kind").asText());
        assertEquals("bahdanau", i.get("architecture").get("attention").asText());
        assertFalse(i.get("training").isMissingNode());
    }

    /** A recur BPE tokenizer serves both sides (or one), and the model file keeps it. */
    @Test
    void trainsWithRecurTokenizers() throws IOException {
        Path tok = dir.resolve("bpe.tok");
        Cli.Result learned = Cli.run(null, "tokenize", "learn", "--kind", "bpe", "--vocab", "300", "--quiet", "-o", tok.toString(),
                DATA.resolve("train.src").toString(), DATA.resolve("train.tgt").toString());
        assertEquals(0, learned.code(), learned.err());
        Path joint = dir.resolve("joint.nmt");
        Cli.Result r = Cli.run(null, args("--epochs", "2", "--tokenizer", tok.toString(), "-o", joint.toString(), TRAIN,
                "--valid", VALID));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"valid_bleu\":"), r.out());
        TranslatorFile.Loaded m = TranslatorFile.load(joint);
        assertEquals("tokenizer", m.meta().get("source").get("type").asText());
        assertEquals("tokenizer", m.meta().get("target").get("type").asText());
        assertEquals("eins zwei", m.source().decode(m.source().encode("eins zwei")));
        Path mixed = dir.resolve("mixed.nmt");
        r = Cli.run(null, args("--epochs", "1", "--src-tokenizer", tok.toString(), "-o", mixed.toString(), TRAIN));
        assertEquals(0, r.code(), r.err());
        m = TranslatorFile.load(mixed);
        assertEquals("tokenizer", m.meta().get("source").get("type").asText());
        assertEquals("words", m.meta().get("target").get("type").asText());
    }

    /** --valid-every adds validation records between the epochs' own. */
    @Test
    void validEveryAddsRecordsWithinAnEpoch() throws IOException {
        Cli.Result r = Cli.run(null, args("--epochs", "1", "--valid-every", "10", "-o", dir.resolve("v.nmt").toString(), TRAIN,
                "--valid", VALID));
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertEquals(10, Json.MAPPER.readTree(lines[0]).get("step").asInt());
        assertFalse(Json.MAPPER.readTree(lines[0]).get("epoch_end").asBoolean());
        assertEquals(20, Json.MAPPER.readTree(lines[1]).get("step").asInt());
        assertTrue(Json.MAPPER.readTree(lines[2]).get("epoch_end").asBoolean());
    }
}
