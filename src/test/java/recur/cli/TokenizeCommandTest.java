package recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;
import recur.text.Tokenizer;

class TokenizeCommandTest {
    static final String CORPUS = "testdata/tok/corpus.txt";

    @TempDir
    static Path dir;

    static String model;

    @BeforeAll
    static void learn() {
        model = dir.resolve("bpe.model").toString();
        Cli.Result r = Cli.run(null, "tokenize", "learn", "--kind", "bpe", "--vocab", "500", "-o", model, CORPUS);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("500 tokens"), r.err());
    }

    static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (!s.isEmpty()) {
                l.add(Json.MAPPER.readTree(s));
            }
        }
        return l;
    }

    @Test
    void encodeAddsTokensAndIdsAndPassesOtherFieldsThrough() throws Exception {
        Cli.Result r = Cli.run(null, "tokenize", "-m", model, "testdata/tok/records.jsonl");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(4, out.size());
        JsonNode first = out.get(0);
        assertEquals(1, first.get("id").asInt());
        assertEquals("a", first.get("label").asText());
        assertEquals("[1,2]", first.get("meta").get("x").toString());
        assertEquals(first.get("tokens").size(), first.get("ids").size());
        assertEquals(0, out.get(1).get("ids").size());
        Tokenizer tok = Tokenizer.load(Path.of(model));
        for (JsonNode n : out) {
            int[] ids = new int[n.get("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = n.get("ids").get(i).asInt();
                assertEquals(tok.token(ids[i]), n.get("tokens").get(i).asText());
            }
            assertEquals(n.get("text").asText(), tok.decode(ids));
        }
    }

    @Test
    void passThroughKeepsEveryJsonValueExactly() throws Exception {
        String rec = "{\"k\":\"a\\\"b\\\\c\\u0001\\n\\u001f\u00e9\ud83d\udc4d\",\"n\":1.5,\"big\":12345678901234,"
                + "\"t\":true,\"z\":null,\"arr\":[1,\"x\",{\"y\":[]}],\"text\":\"q\\\"\\\\\\t\"}";
        Cli.Result r = Cli.run(rec + "\n", "tokenize", "-m", model);
        assertEquals(0, r.code(), r.err());
        var in = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(rec);
        var out = (com.fasterxml.jackson.databind.node.ObjectNode) lines(r.out()).get(0);
        out.remove("ids");
        out.remove("tokens");
        assertEquals(in, out);
    }

    @Test
    void decodeRoundTripsFromIdsAndFromTokens() throws Exception {
        String original = Files.readString(Path.of(CORPUS), StandardCharsets.UTF_8);
        Cli.Result enc = Cli.run(original, "tokenize", "-m", model, "--threads", "3");
        assertEquals(0, enc.code(), enc.err());
        StringBuilder noText = new StringBuilder();
        StringBuilder onlyTokens = new StringBuilder();
        for (JsonNode n : lines(enc.out())) {
            noText.append("{\"ids\":").append(n.get("ids")).append("}\n");
            onlyTokens.append("{\"tokens\":").append(n.get("tokens")).append("}\n");
        }
        for (String input : List.of(noText.toString(), onlyTokens.toString())) {
            Cli.Result dec = Cli.run(input, "tokenize", "-m", model, "--decode");
            assertEquals(0, dec.code(), dec.err());
            StringBuilder text = new StringBuilder();
            for (JsonNode n : lines(dec.out())) {
                text.append(n.get("text").asText()).append('\n');
            }
            assertEquals(original, text.toString());
        }
    }

    @Test
    void outputOrderIsInputOrderWithSeveralThreads() throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            in.append("{\"n\":").append(i).append(",\"text\":\"line ").append(i).append(" of the mill\"}\n");
        }
        Cli.Result one = Cli.run(in.toString(), "tokenize", "-m", model, "--threads", "1");
        Cli.Result four = Cli.run(in.toString(), "tokenize", "-m", model, "--threads", "4");
        assertEquals(0, four.code(), four.err());
        assertEquals(one.out(), four.out());
        List<JsonNode> out = lines(four.out());
        assertEquals(5000, out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i).get("n").asInt());
        }
    }

    @Test
    void emitRenamesAndBosEos() throws Exception {
        Cli.Result r = Cli.run("{\"body\":\"the mill\"}\n", "tokenize", "-m", model, "--text-field", "body",
                "--emit", "ids", "--ids-field", "x", "--bos", "--eos");
        assertEquals(0, r.code(), r.err());
        JsonNode n = lines(r.out()).get(0);
        assertEquals(null, n.get("tokens"));
        assertEquals(2, n.get("x").get(0).asInt());
        assertEquals(3, n.get("x").get(n.get("x").size() - 1).asInt());
    }

    @Test
    void plainTextEmptyLinesAndNulBytesAreRecords() throws Exception {
        Cli.Result r = Cli.run("first\n\nthird\n", "tokenize", "-m", model, "--emit", "ids");
        List<JsonNode> out = lines(r.out());
        assertEquals(3, out.size());
        assertEquals(0, out.get(1).get("ids").size());
        Cli.Result nul = Cli.run(null, "tokenize", "-m", model, "testdata/tok/nul.txt");
        assertEquals(0, nul.code(), nul.err());
        assertEquals("a\u0000b", lines(nul.out()).get(0).get("text").asText());
    }

    @Test
    void megabyteLinesRoundTrip() throws Exception {
        String line = "The mill\u00e9 wheel turned; ".repeat(70_000) + "x".repeat(300_000);
        Cli.Result enc = Cli.run(line + "\n", "tokenize", "-m", model, "--emit", "ids", "--unbuffered");
        assertEquals(0, enc.code(), enc.err());
        JsonNode n = lines(enc.out()).get(0);
        Cli.Result dec = Cli.run("{\"ids\":" + n.get("ids") + "}\n", "tokenize", "-m", model, "--decode");
        assertEquals(line, lines(dec.out()).get(0).get("text").asText());
    }

    @Test
    void invalidUtf8StopsWithFileAndLine() {
        Cli.Result r = Cli.run(null, "tokenize", "-m", model, "testdata/tok/bad-utf8.txt");
        assertEquals(1, r.code());
        // io.RecordReader decodes ahead in blocks, so the line it names is where its block began
        assertTrue(r.err().startsWith("recur tokenize: testdata/tok/bad-utf8.txt:"), r.err());
        assertTrue(r.err().contains(": invalid UTF-8"), r.err());
        // records read before the bad one are written, in order, with any number of threads
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            big.append("{\"n\":").append(i).append(",\"text\":\"line\"}\n");
        }
        big.append("{\"n\":3000,\"text\":\"bad \\ud800\"}\n{\"n\":3001,\"text\":\"after\"}\n");
        Cli.Result t = Cli.run(big.toString(), "tokenize", "-m", model, "--threads", "2", "--emit", "ids");
        assertEquals(1, t.code());
        assertTrue(t.err().contains("<stdin>:3001: field \"text\" holds a lone surrogate"), t.err());
        assertEquals(3000, t.out().split("\n").length);
    }

    @Test
    void loneSurrogateIsBadInputOrSkipped() throws Exception {
        Cli.Result r = Cli.run(null, "tokenize", "-m", model, "testdata/tok/surrogate.jsonl");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("testdata/tok/surrogate.jsonl:2: field \"text\" holds a lone surrogate \\ud800"), r.err());
        assertEquals(1, lines(r.out()).size());
        Cli.Result s = Cli.run(null, "tokenize", "-m", model, "--skip-bad", "--threads", "2", "testdata/tok/surrogate.jsonl");
        assertEquals(0, s.code(), s.err());
        assertEquals(2, lines(s.out()).size());
        assertTrue(s.err().contains("skipped 1 bad record"), s.err());
    }

    @Test
    void nonStringTextAndBadIdsNameTheirPlace() {
        Cli.Result r = Cli.run(null, "tokenize", "-m", model, "testdata/tok/notext.jsonl");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("notext.jsonl:2: field \"text\" must be a string, got number"), r.err());
        Cli.Result d = Cli.run("{\"ids\":[5,99999]}\n", "tokenize", "-m", model, "--decode");
        assertEquals(1, d.code());
        assertTrue(d.err().contains("<stdin>:1: field \"ids\"[1]: id 99999 is outside the vocabulary 0..499"), d.err());
        Cli.Result t = Cli.run("{\"tokens\":[\"nope-not-a-token\"]}\n", "tokenize", "-m", model, "--decode");
        assertEquals(1, t.code());
        assertTrue(t.err().contains("is not a token of this tokenizer"), t.err());
        Cli.Result m = Cli.run("{\"text\":\"x\"}\n", "tokenize", "-m", model, "--decode");
        assertEquals(1, m.code());
        assertTrue(m.err().contains("missing field \"ids\""), m.err());
    }

    @Test
    void usageAndModelErrors() {
        assertEquals(2, Cli.run("x\n", "tokenize").code());
        assertTrue(Cli.run("x\n", "tokenize").err().contains("--model"));
        assertEquals(2, Cli.run("x\n", "tokenize", "-m", model, "--threads", "0").code());
        assertEquals(2, Cli.run("x\n", "tokenize", "-m", model, "--emit", "words").code());
        Cli.Result missing = Cli.run("x\n", "tokenize", "-m", dir.resolve("nope.model").toString());
        assertEquals(3, missing.code());
        assertTrue(missing.err().contains("no such model file"), missing.err());
        assertEquals(2, Cli.run(null, "tokenize", "learn", "--kind", "bpe", "--vocab", "100", "-o",
                dir.resolve("x.model").toString(), CORPUS).code());
        assertEquals(2, Cli.run(null, "tokenize", "learn", "--kind", "sentencepiece", "-o",
                dir.resolve("x.model").toString(), CORPUS).code());
    }

    @Test
    void learningTwiceGivesByteIdenticalModelsAndStdinWorks() throws Exception {
        Path a = dir.resolve("a.model");
        String corpus = Files.readString(Path.of(CORPUS), StandardCharsets.UTF_8);
        assertEquals(0, Cli.run(corpus, "tokenize", "learn", "--vocab", "400", "-o", a.toString(), "-").code());
        byte[] first = Files.readAllBytes(a);
        assertEquals(0, Cli.run(corpus, "tokenize", "learn", "--vocab", "400", "-o", a.toString(), "-").code());
        assertArrayEquals(first, Files.readAllBytes(a));
        var meta = recur.io.ModelArchive.read(a, "tokenizer").meta();
        assertEquals("recur tokenize learn --vocab 400 -o " + a + " -", meta.get("training").get("command").asText());
        assertEquals(64, meta.get("training").get("text_sha256").asText().length());
    }

    @Test
    void countingThreadsDoNotChangeTheModel() {
        for (String kind : List.of("bpe", "char", "word")) {
            String one = dir.resolve(kind + "1.model").toString();
            String three = dir.resolve(kind + "3.model").toString();
            assertEquals(0, Cli.run(null, "tokenize", "learn", "--kind", kind, "--vocab", "450", "-o", one, CORPUS, CORPUS).code());
            assertEquals(0, Cli.run(null, "tokenize", "learn", "--kind", kind, "--vocab", "450", "--threads", "3", "-o", three,
                    CORPUS, CORPUS).code());
            assertEquals(recur.io.ModelArchive.read(Path.of(one), "tokenizer").meta().get("tokenizer"),
                    recur.io.ModelArchive.read(Path.of(three), "tokenizer").meta().get("tokenizer"), kind);
        }
    }

    @Test
    void learnsCharAndWordKindsAndListsTheVocabulary() throws Exception {
        String word = dir.resolve("word.model").toString();
        Cli.Result r = Cli.run(null, "tokenize", "learn", "--kind", "word", "--lowercase", "--min-frequency", "4",
                "--special", "<sep>", "-o", word, CORPUS);
        assertEquals(0, r.code(), r.err());
        Cli.Result v = Cli.run(null, "tokenize", "vocab", "-m", word);
        assertEquals(0, v.code(), v.err());
        String[] rows = v.out().split("\n");
        assertEquals("<pad>\t0\t-1", rows[0]);
        assertEquals("<sep>\t4\t-1", rows[4]);
        assertEquals(".\t5\t-1", rows[5]);
        assertEquals("the\t6\t-1", rows[6]);
        Cli.Result enc = Cli.run("The <sep> MILL\n", "tokenize", "-m", word);
        JsonNode n = lines(enc.out()).get(0);
        assertEquals("[\"the\",\"<sep>\",\"mill\"]", n.get("tokens").toString());

        String chars = dir.resolve("char.model").toString();
        assertEquals(0, Cli.run(null, "tokenize", "learn", "--kind", "char", "-o", chars, CORPUS).code());
        Cli.Result c = Cli.run("the mill\n", "tokenize", "-m", chars, "--emit", "tokens");
        assertEquals("[\"t\",\"h\",\"e\",\" \",\"m\",\"i\",\"l\",\"l\"]", lines(c.out()).get(0).get("tokens").toString());

        Cli.Result bpe = Cli.run(null, "tokenize", "vocab", "-m", model, "--format", "jsonl");
        List<JsonNode> vs = lines(bpe.out());
        assertEquals(500, vs.size());
        assertEquals(0, vs.get(4 + 256).get("rank").asInt());
        assertEquals("\\n\t14\t-1", Cli.run(null, "tokenize", "vocab", "-m", model).out().split("\n")[14]);
    }

    @Test
    void helpDocumentsTheCommands() {
        for (String[] args : List.of(new String[] {"tokenize", "--help"}, new String[] {"tokenize", "learn", "--help"},
                new String[] {"tokenize", "vocab", "--help"})) {
            Cli.Result r = Cli.run(null, args);
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Examples:"), r.out());
        }
    }
}
