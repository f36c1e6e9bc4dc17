package recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;
import recur.model.word2vec.Embeddings;
import recur.model.word2vec.PlantedCorpus;

class EmbedCommandTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        corpus = dir.resolve("planted.txt");
        Files.write(corpus, PlantedCorpus.sentences(4000, 7));
        model = dir.resolve("emb.model");
        Cli.Result r = Cli.run(null, "embed", "train", "--dim", "24", "--min-count", "1", "--sample", "0",
                "--seed", "3", "-o", model.toString(), corpus.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Progress: 100.0% words/sec/thread:"), r.err());
        assertTrue(r.err().contains(" lr: ") && r.err().contains(" loss: ") && r.err().contains(" ETA: "), r.err());
    }

    @Test
    void neighborsPassFieldsThroughAndFindThePlantedPartner() {
        Cli.Result r = Cli.run("{\"word\":\"w2m\",\"id\":17}\n{\"word\":\"nosuch\"}\n", "embed", "neighbors", "-m", model.toString(), "-k", "40");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length);
        JsonNode first = read(lines[0]);
        assertEquals(17, first.get("id").asInt());
        String bestTarget = null;
        for (JsonNode n : first.get("neighbors")) {
            if (n.get("word").asText().startsWith("w")) {
                bestTarget = n.get("word").asText();
                break;
            }
        }
        assertEquals("w2f", bestTarget);
        assertEquals(0, read(lines[1]).get("neighbors").size());
        assertTrue(r.err().contains("1 query words not in the vocabulary"), r.err());
    }

    @Test
    void aStopSignalKeepsTheVectorsSoFarAndExits130() throws Exception {
        Path partial = dir.resolve("stopped.model");
        Cli.Result r = Cli.runStopped("embed", "train", "--dim", "24", "--min-count", "1", "--epochs", "50", "--seed", "3",
                "-o", partial.toString(), corpus.toString());
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("the vectors so far are in " + partial), r.err());
        Embeddings e = Embeddings.load(partial);
        assertEquals(Embeddings.load(model).words().length, e.words().length);
        double stoppedAt = recur.io.ModelArchive.read(partial, Embeddings.KIND).meta().get("training").get("stopped_at").asDouble();
        assertTrue(stoppedAt >= 0 && stoppedAt < 1, "stopped_at " + stoppedAt);
    }

    @Test
    void analogyAnswersThePlantedWord() {
        Cli.Result r = Cli.run("{\"a\":\"w0m\",\"b\":\"w0f\",\"c\":\"w1m\"}\n{\"a\":\"w3f\",\"b\":\"w3m\",\"c\":\"w2f\",\"q\":1}\n",
                "embed", "analogy", "-m", model.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("w1f", read(lines[0]).get("answer").asText());
        assertEquals("w2m", read(lines[1]).get("answer").asText());
        assertEquals(1, read(lines[1]).get("q").asInt());
        Cli.Result t = Cli.run("w0m w0f w1m\n", "embed", "analogy", "-m", model.toString(), "--method", "mul");
        assertEquals("w1f", read(t.out().strip()).get("answer").asText());
    }

    @Test
    void exportImportRoundTripIsExactInEveryFormat() throws Exception {
        Embeddings original = Embeddings.load(model);
        for (String fmt : List.of("word2vec-text", "word2vec-binary")) {
            Path out = dir.resolve("v." + fmt);
            Cli.Result r = Cli.run(null, "embed", "export", "-m", model.toString(), "--format", fmt, "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            Path back = dir.resolve("back-" + fmt + ".model");
            r = Cli.run(null, "embed", "import", "--format", fmt, "-o", back.toString(), out.toString());
            assertEquals(0, r.code(), r.err());
            Embeddings b = Embeddings.load(back);
            assertArrayEquals(original.words(), b.words());
            assertArrayEquals(original.vectors(), b.vectors(), fmt);
        }
        Cli.Result j = Cli.run(null, "embed", "export", "-m", model.toString(), "--format", "jsonl");
        assertEquals(0, j.code());
        JsonNode first = read(j.out().split("\n")[0]);
        assertEquals(original.word(0), first.get("word").asText());
        assertEquals(original.vectors()[0], first.get("vector").get(0).floatValue());
    }

    @Test
    void sentenceVectorsAreMeansAndPassThrough() {
        Cli.Result r = Cli.run("{\"text\":\"w0m w0m\",\"k\":\"v\"}\n{\"tokens\":[\"nosuch\"]}\n",
                "embed", "vectors", "-m", model.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        JsonNode a = read(lines[0]);
        assertEquals("v", a.get("k").asText());
        Embeddings e = Embeddings.load(model);
        float[] v = e.vector("w0m");
        for (int j = 0; j < e.dim(); j++) {
            assertEquals(v[j], a.get("vector").get(j).floatValue(), 1e-6);
        }
        assertEquals(0.0, read(lines[1]).get("vector").get(0).asDouble());
        Cli.Result sif = Cli.run("w0m r0c1\n", "embed", "vectors", "-m", model.toString(), "--weighting", "sif");
        assertEquals(0, sif.code(), sif.err());
    }

    @Test
    void evalAnalogyAndSimilarityReportScoresAndOov() {
        Cli.Result r = Cli.run(null, "eval", "analogy", "-m", model.toString(), "testdata/embed/questions.txt");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        JsonNode total = read(lines[lines.length - 1]);
        assertEquals("total", total.get("section").asText());
        assertEquals(3, total.get("seen").asInt());
        assertEquals(1, total.get("oov").asInt());
        assertEquals(3, total.get("correct").asInt());
        Cli.Result s = Cli.run(null, "eval", "similarity", "-m", model.toString(), "testdata/embed/pairs.txt");
        assertEquals(0, s.code(), s.err());
        JsonNode sim = read(s.out().strip());
        assertEquals(6, sim.get("pairs").asInt());
        assertEquals(1, sim.get("oov").asInt());
        assertTrue(sim.get("spearman").asDouble() > 0.5, s.out());
    }

    @Test
    void errorsNameThePlaceAndMapToExitCodes() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"text\":\"a b\"}\n{\"text\": 5}\n");
        Cli.Result r = Cli.run(null, "embed", "train", "--min-count", "1", "-o", dir.resolve("x.model").toString(), bad.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("recur embed train: " + bad + ":2: field \"text\" must be a string"), r.err());
        r = Cli.run("x\n", "embed", "neighbors", "-m", dir.resolve("missing.model").toString());
        assertEquals(3, r.code());
        r = Cli.run(null, "embed", "train", "--algo", "glove", "-o", dir.resolve("y.model").toString(), corpus.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--algo must be skipgram or cbow"), r.err());
        r = Cli.run("a b c\n", "embed", "analogy", "-m", model.toString(), "--method", "sub");
        assertEquals(2, r.code());
        r = Cli.run(null, "embed", "import", "--format", "vec", "-o", dir.resolve("z.model").toString(), "testdata/embed/pairs.txt");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("testdata/embed/pairs.txt:"), r.err());
    }

    @Test
    void sameSeedOneThreadGivesTheSameModelBytes() throws Exception {
        // the same command line (provenance records it as typed, -o included)
        Path p = dir.resolve("same.model");
        List<byte[]> bytes = new java.util.ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Cli.Result r = Cli.run(null, "embed", "train", "--dim", "8", "--epochs", "1", "--min-count", "1", "--quiet",
                    "--algo", "cbow", "--maxn", "4", "--seed", "9", "-o", p.toString(), corpus.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err());
            bytes.add(Files.readAllBytes(p));
        }
        assertArrayEquals(bytes.get(0), bytes.get(1));
    }

    @Test
    void trainsFromStandardInputWithTokensField() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : PlantedCorpus.sentences(300, 1)) {
            sb.append("{\"tokens\":[\"").append(line.replace(" ", "\",\"")).append("\"],\"text\":\"ignored\"}\n");
        }
        Path m = dir.resolve("stdin.model");
        Cli.Result r = Cli.run(sb.toString(), "embed", "train", "--dim", "8", "--min-count", "1", "--quiet", "-o", m.toString());
        assertEquals(0, r.code(), r.err());
        Embeddings e = Embeddings.load(m);
        assertTrue(e.id("w0m") >= 0);
        assertEquals(-1, e.id("ignored"));
    }

    @Test
    void everyCommandHasHelpWithExamplesAndNoFormatWarnings() {
        for (String c : List.of("embed", "embed train", "embed neighbors", "embed analogy", "embed vectors",
                "embed export", "embed import", "eval", "eval analogy", "eval similarity")) {
            String[] args = (c + " --help").split(" ");
            Cli.Result r = Cli.run(null, args);
            assertEquals(0, r.code(), c + ": " + r.err());
            assertTrue(r.out().contains("Examples:"), c);
            assertEquals("", r.err(), c);
        }
    }

    private static JsonNode read(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
