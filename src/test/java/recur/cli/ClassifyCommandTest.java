package recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;
import recur.io.ModelArchive;

class ClassifyCommandTest {
    private static final String TOPIC = "testdata/classify/topic-train.jsonl";
    private static final String TOPIC_VALID = "testdata/classify/topic-valid.jsonl";
    private static final String ORDER = "testdata/classify/order-train.jsonl";
    private static final String ORDER_TEST = "testdata/classify/order-test.jsonl";

    @TempDir
    Path dir;

    private String train(String name, String... args) {
        String out = dir.resolve(name).toString();
        String[] all = new String[args.length + 5];
        all[0] = "classify";
        all[1] = "train";
        all[2] = "--quiet";
        all[3] = "-o";
        all[4] = out;
        System.arraycopy(args, 0, all, 5, args.length);
        Cli.Result r = Cli.run(null, all);
        assertEquals(0, r.code(), r.err());
        return out;
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double accuracy(String model, String data) throws Exception {
        Cli.Result r = Cli.run(null, "eval", "classification", "--quiet", "-m", model, data);
        assertEquals(0, r.code(), r.err());
        return json(r.out()).get("accuracy").asDouble();
    }

    @Test
    void bagLearnsTheTopicsAndWritesAValidationRecord() throws Exception {
        Path m = dir.resolve("topic.cls");
        Cli.Result r = Cli.run(null, "classify", "train", "--quiet", "--epochs", "10", "--lr", "0.5", "-o", m.toString(), TOPIC, "--valid", TOPIC_VALID);
        assertEquals(0, r.code(), r.err());
        JsonNode v = json(r.out());
        assertEquals("valid", v.get("split").asText());
        assertEquals(60, v.get("examples").asInt());
        assertTrue(v.get("accuracy").asDouble() >= 0.95, r.out());
        assertTrue(v.get("macro_f1").asDouble() >= 0.95, r.out());
        assertEquals(v.get("accuracy").asDouble(), accuracy(m.toString(), TOPIC_VALID), 1e-12, "eval -m agrees with training's validation");
    }

    @Test
    void bigramsSeparateWhatUnigramsCannot() throws Exception {
        String uni = train("uni.cls", "--epochs", "25", "--lr", "0.5", ORDER);
        String bi = train("bi.cls", "--epochs", "25", "--lr", "0.5", "--word-ngrams", "2", ORDER);
        assertTrue(accuracy(uni, ORDER_TEST) <= 0.65, "unigrams see the same words in both classes");
        assertTrue(accuracy(bi, ORDER_TEST) >= 0.95, "bigrams tell the orders apart");
    }

    @Test
    void oneThreadIsBitIdenticalAcrossRuns() throws Exception {
        String a = train("a.cls", "--epochs", "3", "--word-ngrams", "2", "--maxn", "4", "--seed", "7", TOPIC);
        byte[] first = Files.readAllBytes(Path.of(a));
        train("a.cls", "--epochs", "3", "--word-ngrams", "2", "--maxn", "4", "--seed", "7", TOPIC);
        assertArrayEquals(first, Files.readAllBytes(Path.of(a)));
        String c = train("c.cls", "--epochs", "3", "--word-ngrams", "2", "--maxn", "4", "--seed", "8", TOPIC);
        assertTrue(!Arrays.equals(ModelArchive.read(Path.of(a), "classifier").tensor("fc.weight").values(),
                ModelArchive.read(Path.of(c), "classifier").tensor("fc.weight").values()), "another seed, another model");
        train("t2.cls", "--epochs", "3", "--threads", "2", TOPIC);
    }

    @Test
    void predictIsTheSameBytesForAnyBatchAndThreads() {
        String m = train("p.cls", "--epochs", "5", "--word-ngrams", "2", TOPIC);
        Cli.Result one = Cli.run(null, "classify", "predict", "-m", m, "--batch", "1", TOPIC_VALID);
        Cli.Result many = Cli.run(null, "classify", "predict", "-m", m, "--batch", "64", "--threads", "2", TOPIC_VALID);
        Cli.Result odd = Cli.run(null, "classify", "predict", "-m", m, "--batch", "7", "--threads", "3", TOPIC_VALID);
        assertEquals(0, one.code(), one.err());
        assertEquals(one.out(), many.out());
        assertEquals(one.out(), odd.out());
        assertEquals(60, one.out().lines().count());
    }

    @Test
    void aBadRecordInPredictKeepsTheGoodOnesBeforeIt() {
        String m = train("b.cls", "--epochs", "2", TOPIC);
        for (String bad : new String[] {"{\"text\": \n", "{\"other\": 1}\n"}) {
            Cli.Result r = Cli.run("{\"id\": 1, \"text\": \"goal match\"}\n{\"id\": 2, \"text\": \"oven dinner\"}\n" + bad
                    + "{\"id\": 4, \"text\": \"goal\"}\n", "classify", "predict", "-m", m);
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("<stdin>:3"), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(2, lines.size(), "the two records before the bad one, and none after: " + r.out());
            assertTrue(lines.get(0).startsWith("{\"id\":1,") && lines.get(1).startsWith("{\"id\":2,"), r.out());
        }
    }

    @Test
    void predictAddsPredAndProbsAndPassesFieldsThrough() throws Exception {
        String m = train("f.cls", "--epochs", "10", "--lr", "0.5", ORDER);
        Cli.Result r = Cli.run("{\"id\": 42, \"text\": \"red blue\", \"extra\": [1]}\n", "classify", "predict", "-m", m, "--k", "1");
        assertEquals(0, r.code(), r.err());
        JsonNode n = json(r.out());
        assertEquals(42, n.get("id").asInt());
        assertEquals("[1]", n.get("extra").toString());
        assertTrue(n.get("pred").isTextual());
        assertEquals(1, n.get("probs").size());
        assertTrue(n.get("probs").has(n.get("pred").asText()));
        r = Cli.run("{\"text\": \"red blue\"}\n", "classify", "predict", "-m", m);
        JsonNode all = json(r.out()).get("probs");
        assertEquals(2, all.size());
        double sum = 0;
        double last = 2;
        for (JsonNode p : all) {
            sum += p.asDouble();
            assertTrue(p.asDouble() <= last, "most probable first");
            last = p.asDouble();
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void multiLabelDataTrainsOneVsAllAndPredictsLabelSets() throws Exception {
        String m = train("tags.cls", "--epochs", "20", "--lr", "0.5", "testdata/classify/tags-train.jsonl");
        Cli.Result r = Cli.run(null, "classify", "predict", "-m", m, "testdata/classify/tags-train.jsonl");
        assertEquals(0, r.code(), r.err());
        assertTrue(json(r.out().lines().findFirst().orElseThrow()).get("pred").isArray());
        Cli.Result e = Cli.run(r.out(), "eval", "classification", "--quiet", "--k", "1");
        assertEquals(0, e.code(), e.err());
        JsonNode s = json(e.out());
        assertTrue(s.get("precision_at_k").asDouble() >= 0.95, e.out());
        assertTrue(s.get("micro_f1").asDouble() >= 0.9, e.out());
    }

    @Test
    void pretrainedVectorsFillTheRowsOfTheWordsTheyKnow() throws Exception {
        Path m = dir.resolve("pre.cls");
        Cli.Result r = Cli.run(null, "classify", "train", "--epochs", "2", "--freeze-emb", "--pretrained", "testdata/classify/topic-vectors.vec",
                "-o", m.toString(), TOPIC);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("pretrained vectors for 4 of "), r.err());
        ModelArchive a = ModelArchive.read(m, "classifier");
        JsonNode vocab = a.meta().get("vocab");
        float[] emb = a.tensor("embedding.weight").values();
        assertEquals(8, a.tensor("embedding.weight").shape()[1], "--emb follows the vectors");
        int goal = -1;
        for (int i = 0; i < vocab.size(); i++) {
            if (vocab.get(i).asText().equals("goal")) {
                goal = i;
            }
        }
        assertTrue(goal >= 0);
        float[] expected = {0.439f, -0.668f, 0.301f, -0.690f, -0.253f, 0.772f, -0.752f, -0.111f};
        assertArrayEquals(expected, Arrays.copyOfRange(emb, goal * 8, goal * 8 + 8), "frozen: the row is the pretrained vector");
    }

    @Test
    void badRecordsAreExitOneWithTheirPlace() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"text\": \"goal match\", \"label\": \"sport\"}\n{\"text\": \"no label\"}\n");
        Cli.Result r = Cli.run(null, "classify", "train", "--quiet", "-o", dir.resolve("x.cls").toString(), bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(bad + ":2: missing field \"label\""), r.err());

        Path unseen = dir.resolve("unseen.jsonl");
        Files.writeString(unseen, "{\"text\": \"goal\", \"label\": \"sport\"}\n{\"text\": \"rain\", \"label\": \"politics\"}\n");
        r = Cli.run(null, "classify", "train", "--quiet", "-o", dir.resolve("y.cls").toString(), TOPIC, "--valid", unseen.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(unseen + ":2: label \"politics\" is not one the training data has"), r.err());
        r = Cli.run(null, "classify", "train", "--skip-bad", "-o", dir.resolve("y.cls").toString(), TOPIC, "--valid", unseen.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, json(r.out()).get("examples").asInt(), "the unseen label is skipped and counted");
        assertTrue(r.err().contains("skipped 1 bad record; the first: " + unseen + ":2:"), r.err());

        Path malformed = dir.resolve("malformed.jsonl");
        Files.writeString(malformed, "{\"text\": \"goal\", \"label\": \"sport\"}\n{\"text\": \n");
        r = Cli.run(null, "classify", "train", "--quiet", "-o", dir.resolve("z.cls").toString(), malformed.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(malformed + ":2:10: not valid JSON"), r.err());

        Path nolabel = dir.resolve("nolabel.jsonl");
        Files.writeString(nolabel, "{\"label\": \"a\", \"pred\": \"a\"}\n{\"pred\": \"b\"}\n");
        r = Cli.run(null, "eval", "classification", nolabel.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains(nolabel + ":2: missing field \"label\""), r.err());
    }

    @Test
    void aClassifierIsNotALanguageModel() {
        String m = train("s.cls", "--epochs", "1", TOPIC);
        Cli.Result r = Cli.run(null, "sample", "-m", m, "-n", "1");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("a classifier model, expected a"), r.err());
        r = Cli.run(null, "classify", "predict", "-m", TOPIC);
        assertEquals(3, r.code(), r.err());
    }

    @Test
    void evalClassificationWritesTheConfusionMatrix() throws Exception {
        Cli.Result r = Cli.run(null, "eval", "classification", "testdata/classify/eval-preds.jsonl");
        assertEquals(0, r.code(), r.err());
        JsonNode n = json(r.out());
        assertEquals(0.7, n.get("accuracy").asDouble(), 1e-12);
        assertEquals("[[3,1,0],[1,2,0],[1,0,2]]", n.get("confusion").get("matrix").toString());
        assertEquals("[\"a\",\"b\",\"c\"]", n.get("confusion").get("labels").toString());
        assertTrue(r.err().contains("macro-F1\t0.7111"), r.err());
    }

    @Test
    void anInterruptSavesTheModelSoFarAndExits130() throws Exception {
        Path m = dir.resolve("stopped.cls");
        Cli.Result r = Cli.runStopped("classify", "train", "--quiet", "-o", m.toString(), TOPIC);
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("interrupted"), r.err());
        assertEquals(0.0, ModelArchive.read(m, "classifier").meta().get("training").get("stopped_at").asDouble());
        assertEquals(0, Cli.run(null, "classify", "predict", "-m", m.toString(), TOPIC_VALID).code(), "the partial model is usable");
    }

    // ---- --arch rnn and tcn

    private static final String[] SMALL_RNN = {"--arch", "rnn", "--bidirectional", "--emb", "16", "--hidden", "16",
        "--dropout", "0.1", "--lr", "0.01", "--batch", "16"};
    private static final String[] SMALL_TCN = {"--arch", "tcn", "--emb", "16", "--hidden", "16", "--layers", "2",
        "--dropout", "0.1", "--lr", "0.01", "--batch", "16", "--pool", "mean"};

    private static String[] with(String[] base, String... more) {
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void rnnAndTcnLearnTheWordOrderThatUnigramsCannotSee() throws Exception {
        for (String[] arch : new String[][] {SMALL_RNN, SMALL_TCN}) {
            Path m = dir.resolve(arch[1] + ".cls");
            Cli.Result r = Cli.run(null, with(new String[] {"classify", "train", "--quiet", "-o", m.toString()},
                    with(arch, "--epochs", "6", ORDER, "--valid", ORDER_TEST)));
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            assertEquals(6, lines.size(), "a record per epoch");
            JsonNode last = json(lines.get(5));
            assertEquals(6, last.get("epoch").asInt());
            assertTrue(last.has("valid_macro_f1") && last.has("examples_per_s"), last.toString());
            double best = lines.stream().mapToDouble(l -> json(l).get("valid_accuracy").asDouble()).max().orElseThrow();
            assertTrue(best >= 0.95, arch[1] + " learns the order: " + r.out());
            assertEquals(best, accuracy(m.toString(), ORDER_TEST), 1e-12, "the kept model is the best epoch's, and eval agrees");
            assertEquals(arch[1], ModelArchive.read(m, "classifier").meta().get("arch").get("type").asText());
        }
    }

    @Test
    void rnnAndTcnPredictTheSameBytesForAnyBatchAndThreads() {
        for (String[] arch : new String[][] {SMALL_RNN, SMALL_TCN}) {
            String m = train(arch[1] + "-p.cls", with(arch, "--epochs", "2", TOPIC));
            Cli.Result one = Cli.run(null, "classify", "predict", "-m", m, "--batch", "1", TOPIC_VALID);
            Cli.Result many = Cli.run(null, "classify", "predict", "-m", m, "--batch", "64", "--threads", "2", TOPIC_VALID);
            Cli.Result odd = Cli.run(null, "classify", "predict", "-m", m, "--batch", "7", "--threads", "2", TOPIC_VALID);
            assertEquals(0, one.code(), one.err());
            assertEquals(one.out(), many.out());
            assertEquals(one.out(), odd.out());
            assertEquals(60, one.out().lines().count());
            assertTrue(json(one.out().lines().findFirst().orElseThrow()).get("pred").isTextual());
        }
    }

    @Test
    void anRnnClassifierIsNotALanguageModel() {
        String m = train("s-rnn.cls", with(SMALL_RNN, "--epochs", "1", TOPIC));
        Cli.Result r = Cli.run(null, "sample", "-m", m, "-n", "1");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("a classifier model, expected a"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    /** The frozen rows stay the pretrained vectors under adam and under adamw, whose weight decay must pass them by. */
    @Test
    void rnnTakesPretrainedVectorsAndFreezesThem() throws Exception {
        for (String optimizer : List.of("adam", "adamw")) {
            Path m = dir.resolve("pre-rnn-" + optimizer + ".cls");
            Cli.Result r = Cli.run(null, with(new String[] {"classify", "train", "--epochs", "2", "--freeze-emb", "--pretrained",
                "testdata/classify/topic-vectors.vec", "-o", m.toString()}, "--arch", "rnn", "--hidden", "8",
                "--optimizer", optimizer, "--lr", "0.05", TOPIC));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("pretrained vectors for 4 of "), r.err());
            ModelArchive a = ModelArchive.read(m, "classifier");
            JsonNode vocab = a.meta().get("vocab");
            assertEquals("<pad>", vocab.get(0).asText());
            float[] emb = a.tensor("embedding.weight").values();
            int goal = -1;
            for (int i = 0; i < vocab.size(); i++) {
                if (vocab.get(i).asText().equals("goal")) {
                    goal = i;
                }
            }
            float[] expected = {0.439f, -0.668f, 0.301f, -0.690f, -0.253f, 0.772f, -0.752f, -0.111f};
            assertArrayEquals(expected, Arrays.copyOfRange(emb, goal * 8, goal * 8 + 8), optimizer + ": the frozen row is the pretrained vector");
            assertArrayEquals(new float[8], Arrays.copyOfRange(emb, 0, 8), optimizer + ": the padding row stays 0");
        }
    }

    @Test
    void rnnResumesFromAStopOrAnEpochToTheSameWeights() throws Exception {
        String[] args = with(SMALL_RNN, "--epochs", "2", "--seed", "3", TOPIC, "--valid", TOPIC_VALID);
        Path straight = dir.resolve("straight.cls");
        Cli.Result a = Cli.run(null, with(new String[] {"classify", "train", "--quiet", "-o", straight.toString()}, args));
        assertEquals(0, a.code(), a.err());
        assertTrue(!Files.exists(Path.of(straight + ".ckpt")), "a finished run removes its checkpoint");

        Path stopped = dir.resolve("stopped.cls");
        Cli.Result s = Cli.runStopped(with(new String[] {"classify", "train", "--quiet", "-o", stopped.toString()}, args));
        assertEquals(130, s.code(), s.err());
        assertTrue(s.err().contains("--resume " + stopped + ".ckpt"), s.err());
        Cli.Result resumed = Cli.run(null, "classify", "train", "--quiet", "--resume", stopped + ".ckpt");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(a.out().lines().toList().get(1).replaceAll(",\"examples_per_s.*", ""),
                resumed.out().lines().toList().get(1).replaceAll(",\"examples_per_s.*", ""));
        assertArrayEquals(weights(straight), weights(stopped));

        Path first = dir.resolve("first.cls");
        String[] one = with(SMALL_RNN, "--epochs", "1", "--seed", "3", "--keep-checkpoint", TOPIC, "--valid", TOPIC_VALID);
        assertEquals(0, Cli.run(null, with(new String[] {"classify", "train", "--quiet", "-o", first.toString()}, one)).code());
        Cli.Result more = Cli.run(null, "classify", "train", "--quiet", "--resume", first + ".ckpt", "--epochs", "2");
        assertEquals(0, more.code(), more.err());
        assertArrayEquals(weights(straight), weights(first));

        Cli.Result otherLr = Cli.run(null, "classify", "train", "--resume", first + ".ckpt", "--epochs", "3", "--lr", "0.5");
        assertEquals(2, otherLr.code(), otherLr.err());
        assertTrue(otherLr.err().contains("--lr"), otherLr.err());
        Cli.Result otherData = Cli.run(null, "classify", "train", "--resume", first + ".ckpt", "--epochs", "3", ORDER);
        assertEquals(2, otherData.code(), otherData.err());
        assertTrue(otherData.err().contains("is not the data"), otherData.err());
    }

    private static float[] weights(Path model) {
        ModelArchive a = ModelArchive.read(model, "classifier");
        List<Float> all = new java.util.ArrayList<>();
        for (String name : new java.util.TreeSet<>(a.tensors().keySet())) {
            if (!name.startsWith("optim.")) {
                for (float f : a.tensor(name).values()) {
                    all.add(f);
                }
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }
}
