package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;

/** {@code recur eval bleu|chrf} end to end against the sacrebleu fixtures of testdata/bleu. */
class EvalBleuCommandTest {
    @TempDir
    Path tmp;

    private static JsonNode fixture(String file) throws IOException {
        return Json.MAPPER.readTree(Path.of("testdata/bleu", file).toFile());
    }

    private static JsonNode scoreCase(String name) throws IOException {
        for (JsonNode c : fixture("scores.json").get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case " + name);
    }

    private static String jsonl(JsonNode records) {
        StringBuilder b = new StringBuilder();
        records.forEach(r -> b.append(r).append('\n'));
        return b.toString();
    }

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (!s.isBlank()) {
                l.add(Json.MAPPER.readTree(s));
            }
        }
        return l;
    }

    @Test
    void corpusRecordCarriesSacrebleusScoreSignatureAndLine() throws IOException {
        JsonNode c = scoreCase("bleu_unicode_intl");
        Cli.Result r = Cli.run(jsonl(c.get("records")), "eval", "bleu", "--tokenize", "intl");
        assertEquals(0, r.code(), r.err());
        JsonNode out = lines(r.out()).get(0);
        assertEquals(c.get("corpus").get("score").asDouble(), out.get("score").asDouble(), 1e-9);
        assertEquals(c.get("corpus").get("signature").asText(), out.get("signature").asText());
        assertEquals(c.get("corpus").get("formatted").asText(), out.get("line").asText());
    }

    @Test
    void chrfPlusPlusWithLowercase() throws IOException {
        JsonNode c = scoreCase("chrfpp_unicode_lowercase");
        Cli.Result r = Cli.run(jsonl(c.get("records")), "eval", "chrf", "--word-order", "2", "--lowercase");
        assertEquals(0, r.code(), r.err());
        assertEquals(c.get("corpus").get("formatted").asText(), lines(r.out()).get(0).get("line").asText());
    }

    @Test
    void referenceFilesGiveTheSameScoreAsRefsFields() throws IOException {
        JsonNode c = scoreCase("bleu_en_2refs");
        StringBuilder hyps = new StringBuilder();
        StringBuilder r1 = new StringBuilder();
        StringBuilder r2 = new StringBuilder();
        for (JsonNode rec : c.get("records")) {
            hyps.append(rec.get("hyp").asText()).append('\n');
            r1.append(rec.get("refs").get(0).asText()).append('\n');
            r2.append(rec.get("refs").get(1).asText()).append('\n');
        }
        Path h = Files.writeString(tmp.resolve("hyp.txt"), hyps, StandardCharsets.UTF_8);
        Path a = Files.writeString(tmp.resolve("a.txt"), r1, StandardCharsets.UTF_8);
        Path b = Files.writeString(tmp.resolve("b.txt"), r2, StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(null, "eval", "bleu", "--ref", a.toString(), "--ref", b.toString(), h.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(c.get("corpus").get("formatted").asText(), lines(r.out()).get(0).get("line").asText());
        Files.writeString(b, r2 + "one line too many\n");
        Cli.Result longer = Cli.run(null, "eval", "bleu", "--ref", a.toString(), "--ref", b.toString(), h.toString());
        assertEquals(1, longer.code());
        assertTrue(longer.err().contains("b.txt:15: ") && longer.err().contains("more lines"), longer.err());
    }

    @Test
    void sentenceModeAddsEachRecordsScoreAndKeepsItsFields() throws IOException {
        JsonNode c = scoreCase("bleu_empty");
        Cli.Result r = Cli.run(jsonl(c.get("records")), "eval", "bleu", "--sentence");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(c.get("records").size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            assertEquals(c.get("records").get(i).get("hyp"), out.get(i).get("hyp"));
            assertEquals(c.get("sentence").get(i).asDouble(), out.get(i).get("bleu").asDouble(), 1e-9);
        }
        assertTrue(r.err().contains("nrefs:1|case:mixed|eff:no|tok:13a"), r.err());
    }

    @Test
    void pairedBootstrapGivesSacrebleusPValueAndIntervals() throws IOException {
        JsonNode b = fixture("bootstrap.json");
        StringBuilder base = new StringBuilder();
        b.get("baseline").forEach(h -> base.append(h.asText()).append('\n'));
        Path bf = Files.writeString(tmp.resolve("base.txt"), base, StandardCharsets.UTF_8);
        Path sys = Files.writeString(tmp.resolve("sys.jsonl"), jsonl(b.get("records")), StandardCharsets.UTF_8);
        Cli.Result r = Cli.run(null, "eval", "chrf", "--paired", bf.toString(), sys.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode out = lines(r.out()).get(0);
        JsonNode want = b.get("metrics").get("chrf").get("paired");
        assertEquals(want.get("system").get("p_value").asDouble(), out.get("p_value").asDouble(), 1e-12);
        assertEquals(want.get("system").get("ci").asDouble(), out.get("ci").asDouble(), 1e-9);
        assertEquals(want.get("baseline").get("mean").asDouble(), out.get("baseline").get("mean").asDouble(), 1e-9);
        assertEquals(want.get("signature").asText(), out.get("signature").asText());
        Cli.Result boot = Cli.run(null, "eval", "bleu", "--bootstrap", "1000", sys.toString());
        assertEquals(b.get("metrics").get("bleu").get("formatted").asText(), lines(boot.out()).get(0).get("line").asText());
    }

    @Test
    void aMissingReferenceIsBadInputWithItsLineOrSkipped() throws IOException {
        String in = "{\"hyp\":\"a b c\",\"ref\":\"a b c\"}\n{\"hyp\":\"x\"}\n{\"ref\":\"y\"}\n";
        Cli.Result r = Cli.run(in, "eval", "bleu");
        assertEquals(1, r.code());
        assertEquals("recur eval bleu: <stdin>:2: missing field \"ref\" (or \"refs\")", r.err().strip());
        Cli.Result s = Cli.run(in, "eval", "chrf", "--skip-bad");
        assertEquals(0, s.code(), s.err());
        assertEquals(1, lines(s.out()).get(0).get("segments").asInt());
        assertTrue(s.err().contains("skipped 2 bad line(s); the first: <stdin>:2:"), s.err());
    }
}
