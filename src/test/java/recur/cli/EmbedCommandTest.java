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
        assertRoundTrip(model, Embeddings.load(model).words());
    }

    /** Exports in every format and imports each back: the words (as files hold them) and the exact vectors. */
    private static void assertRoundTrip(Path m, String[] expectedWords) throws Exception {
        Embeddings original = Embeddings.load(m);
        for (String fmt : List.of("word2vec-text", "word2vec-binary", "jsonl")) {
            Path out = dir.resolve(m.getFileName() + "." + fmt);
            Cli.Result r = Cli.run(null, "embed", "export", "-m", m.toString(), "--format", fmt, "-o", out.toString());
            assertEquals(0, r.code(), r.err());
            Path back = dir.resolve(m.getFileName() + "-back-" + fmt + ".model");
            r = Cli.run(null, "embed", "import", "--format", fmt, "-o", back.toString(), out.toString());
            assertEquals(0, r.code(), fmt + ": " + r.err());
            Embeddings b = Embeddings.load(back);
            assertArrayEquals(fmt.equals("jsonl") ? original.words() : expectedWords, b.words(), fmt);
            assertArrayEquals(original.vectors(), b.vectors(), fmt);
        }
        Cli.Result j = Cli.run(null, "embed", "export", "-m", m.toString(), "--format", "jsonl");
        assertEquals(0, j.code());
        JsonNode first = read(j.out().split("\n")[0]);
        assertEquals(original.word(0), first.get("word").asText());
        assertEquals(original.vectors()[0], first.get("vector").get(0).floatValue());
    }

    @Test
    void bpePiecesWithSpacesBecomeWordsEveryFormatReadsBack() throws Exception {
        // recur tokenize's byte-level BPE pieces carry their leading space: " the"
        Path tok = dir.resolve("bpe.model");
        assertEquals(0, Cli.run(null, "tokenize", "learn", "--kind", "bpe", "--vocab", "300", "--quiet", "-o", tok.toString(),
                "testdata/tok/corpus.txt").code());
        Cli.Result pieces = Cli.run(null, "tokenize", "-m", tok.toString(), "testdata/tok/corpus.txt");
        assertEquals(0, pieces.code(), pieces.err());
        assertTrue(pieces.out().contains("\" the\""), "a piece with a leading space");
        Path m = dir.resolve("pieces.model");
        Cli.Result r = Cli.run(pieces.out(), "embed", "train", "--dim", "8", "--epochs", "1", "--min-count", "1", "--quiet",
                "-o", m.toString());
        assertEquals(0, r.code(), r.err());
        Embeddings e = Embeddings.load(m);
        assertTrue(e.id("\u2581the") >= 0, "stored with U+2581 for the space");
        for (String w : e.words()) {
            assertTrue(w.chars().noneMatch(Character::isWhitespace), "no whitespace in \"" + w + "\"");
        }
        // the piece as tokenize writes it finds its vector
        assertEquals(e.id("\u2581the"), e.id(" the"));
        Cli.Result v = Cli.run("{\"tokens\":[\" the\"]}\n", "embed", "vectors", "-m", m.toString());
        assertEquals(0, v.code(), v.err());
        assertEquals(e.vector("\u2581the")[0], read(v.out().strip()).get("vector").get(0).floatValue(), 1e-6);
        assertRoundTrip(m, e.words());
        // a model holding a word with a space (made before this rule) still exports a file that reads back
        Path old = dir.resolve("old.model");
        new Embeddings(new String[] {" the", "cat"}, null, 2, new float[] {1, 2, 3, 4}, null, null).save(old, null);
        assertRoundTrip(old, new String[] {"\u2581the", "cat"});
        Path clash = dir.resolve("clash.model");
        new Embeddings(new String[] {" the", "\u2581the"}, null, 1, new float[] {1, 2}, null, null).save(clash, null);
        r = Cli.run(null, "embed", "export", "-m", clash.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("word 2 \"\u2581the\" cannot be written"), r.err());
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
        r = Cli.run(null, "embed", "train", "--algo", "lsa", "-o", dir.resolve("y.model").toString(), corpus.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--algo must be skipgram, cbow or glove"), r.err());
        r = Cli.run(null, "embed", "train", "--algo", "glove", "--maxn", "5", "-o", dir.resolve("y.model").toString(), corpus.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--maxn (character n-grams) is for skipgram and cbow"), r.err());
        r = Cli.run(null, "embed", "train", "--algo", "glove", "--memory", "lots", "-o", dir.resolve("y.model").toString(), corpus.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--memory must be a size such as 512m"), r.err());
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
    void gloveTrainsAnOrdinaryEmbeddingsModelThatEveryQueryReads() throws Exception {
        Path g = dir.resolve("glove.model");
        // a budget of 4 KiB spills the counts to disk many times over
        Cli.Result r = Cli.run(null, "embed", "train", "--algo", "glove", "--dim", "24", "--window", "5", "--x-max", "10",
                "--epochs", "30", "--min-count", "1", "--memory", "4k", "--tmp-dir", dir.toString(), "--seed", "3",
                "-o", g.toString(), corpus.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*co-occurrence entries \\(symmetric window 5\\), [1-9][0-9]* runs spilled to disk.*"), r.err());
        assertTrue(r.err().contains("epoch 1/30 cost ") && r.err().contains("epoch 30/30 cost "), r.err());
        JsonNode training = recur.io.ModelArchive.read(g, Embeddings.KIND).meta().get("training");
        assertEquals("glove", training.get("algo").asText());
        assertEquals("sum", training.get("vectors").asText());
        Embeddings e = Embeddings.load(g);
        assertEquals(Embeddings.load(model).size(), e.size());
        // the queries, the exports and the evaluations take it as any other embeddings model
        Cli.Result n = Cli.run("{\"word\":\"w2m\"}\n", "embed", "neighbors", "-m", g.toString(), "-k", "3");
        assertEquals(0, n.code(), n.err());
        assertEquals(3, read(n.out().strip()).get("neighbors").size());
        assertEquals(0, Cli.run("w0m w0f w1m\n", "embed", "analogy", "-m", g.toString()).code());
        assertEquals(0, Cli.run("w0m r0c1\n", "embed", "vectors", "-m", g.toString(), "--weighting", "sif").code());
        assertEquals(0, Cli.run(null, "eval", "similarity", "-m", g.toString(), "testdata/embed/pairs.txt").code());
        Path vec = dir.resolve("glove.vec");
        assertEquals(0, Cli.run(null, "embed", "export", "-m", g.toString(), "-o", vec.toString()).code());
        assertEquals(e.size() + 1, Files.readAllLines(vec).size());
        // --vectors concat doubles the width; a stop keeps what was trained and exits 130
        Path c = dir.resolve("glove-concat.model");
        r = Cli.run(null, "embed", "train", "--algo", "glove", "--dim", "8", "--epochs", "2", "--min-count", "1", "--quiet",
                "--vectors", "concat", "--asymmetric", "-o", c.toString(), corpus.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(16, Embeddings.load(c).dim());
        Path partial = dir.resolve("glove-stopped.model");
        r = Cli.runStopped("embed", "train", "--algo", "glove", "--dim", "8", "--min-count", "1", "-o", partial.toString(),
                corpus.toString());
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("the vectors so far are in " + partial), r.err());
        assertEquals(e.size(), Embeddings.load(partial).size());
    }

    @Test
    void anInterruptedRunWritesACheckpointThatResumesToTheSameBytes() throws Exception {
        // the same command line each time, as the model's provenance records it
        Path part = dir.resolve("part.model");
        Path ckpt = Path.of(part + ".ckpt");
        String[] args = {"embed", "train", "--dim", "16", "--epochs", "3", "--min-count", "1", "--threads", "1", "--seed", "5",
            "-o", part.toString(), corpus.toString()};
        assertEquals(0, Cli.run(null, args).code());
        assertTrue(!Files.exists(ckpt), "a finished run leaves no checkpoint");
        byte[] whole = Files.readAllBytes(part);
        Files.delete(part);
        Cli.Result r = Cli.runStopped(args);
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("checkpoint in " + ckpt + "; continue with: recur embed train --resume " + ckpt), r.err());
        assertTrue(Files.exists(ckpt));
        // another input is refused; the same input resumes to the bytes of the run that never stopped
        Path other = dir.resolve("other.txt");
        Files.write(other, PlantedCorpus.sentences(100, 2));
        r = Cli.run(null, "embed", "train", "--resume", ckpt.toString(), "--quiet", "-o", part.toString(), other.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("the input is not the data"), r.err());
        r = Cli.run(null, "embed", "train", "--resume", ckpt.toString(), "--quiet", "-o", part.toString(), corpus.toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(whole, Files.readAllBytes(part));
        assertTrue(!Files.exists(ckpt), "the finished run deleted its checkpoint");
        r = Cli.run(null, "embed", "train", "--algo", "glove", "--resume", ckpt.toString(), "-o", part.toString(), corpus.toString());
        assertEquals(2, r.code());
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
