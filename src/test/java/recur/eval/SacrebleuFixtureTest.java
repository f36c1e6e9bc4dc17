package recur.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import recur.io.Json;

/**
 * recur's BLEU and chrF against sacrebleu 2.6.0 on the fixtures of src/test/python/fixtures_bleu.py:
 * every tokenizer, lowercase, each smoothing method, several and varying references, empty
 * hypotheses and references, unicode; corpus and sentence level; bootstrap intervals and paired
 * p-values on sacrebleu's own resamples.
 */
class SacrebleuFixtureTest {
    // sacrebleu and recur run the same double operations in the same order; what is left is libm's log/exp
    private static final double TOL = 1e-9;

    static JsonNode read(String name) throws IOException {
        return Json.MAPPER.readTree(Path.of("testdata/bleu", name).toFile());
    }

    static String hyp(JsonNode rec) {
        return rec.get("hyp").asText();
    }

    static List<String> refs(JsonNode rec) {
        List<String> out = new ArrayList<>();
        rec.get("refs").forEach(r -> out.add(r.asText()));
        return out;
    }

    static MtMetric metric(JsonNode c) {
        JsonNode o = c.get("options");
        if (c.get("metric").asText().equals("bleu")) {
            JsonNode v = o.get("smooth_value");
            return new Bleu(MtTokenizer.of(o.get("tokenize").asText()), o.get("lowercase").asBoolean(),
                    Bleu.Smooth.of(o.get("smooth").asText()), v.isNull() ? Double.NaN : v.asDouble(), false);
        }
        return new Chrf(o.get("word_order").asInt(), o.get("lowercase").asBoolean());
    }

    static String nrefs(JsonNode records) {
        int n = -1;
        for (JsonNode r : records) {
            int k = r.get("refs").size();
            if (n != -1 && n != k) {
                return "var";
            }
            n = k;
        }
        return Integer.toString(n);
    }

    @TestFactory
    Stream<DynamicTest> scoresEqualSacrebleus() throws IOException {
        JsonNode cases = read("scores.json").get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests.stream();
    }

    private static void check(JsonNode c) {
        MtMetric m = metric(c);
        JsonNode corpus = c.get("corpus");
        List<long[]> stats = new ArrayList<>();
        for (JsonNode r : c.get("records")) {
            stats.add(m.stats(hyp(r), refs(r)));
        }
        long[] sum = Bootstrap.sum(m, stats);
        String nrefs = nrefs(c.get("records"));
        assertEquals(corpus.get("signature").asText(), m.signature(nrefs, 0, 0));
        assertEquals(corpus.get("score").asDouble(), m.score(sum), TOL, "corpus score");
        MtMetric sentence = m;
        if (m instanceof Bleu b) {
            Bleu.Result r = b.result(sum);
            assertEquals(corpus.get("sys_len").asLong(), r.sysLen());
            assertEquals(corpus.get("ref_len").asLong(), r.refLen());
            assertEquals(corpus.get("bp").asDouble(), r.bp(), TOL);
            for (int n = 0; n < Bleu.ORDER; n++) {
                assertEquals(corpus.get("counts").get(n).asDouble(), r.counts()[n], 1e-12, "count " + n);
                assertEquals(corpus.get("totals").get(n).asDouble(), r.totals()[n], 1e-12, "total " + n);
                assertEquals(corpus.get("precisions").get(n).asDouble(), r.precisions()[n], TOL, "precision " + n);
            }
            assertEquals(corpus.get("formatted").asText(), "BLEU|" + m.signature(nrefs, 0, 0) + " = "
                    + Decimals.fixed(r.score(), 1) + " " + Bleu.verbose(r));
            sentence = b.forSentences();
            assertEquals(c.get("sentence_signature").asText(), sentence.signature(nrefs, 0, 0));
        } else {
            assertEquals(corpus.get("name").asText(), m.name());
            assertEquals(corpus.get("formatted").asText(), m.name() + "|" + m.signature(nrefs, 0, 0) + " = "
                    + Decimals.fixed(m.score(sum), 1));
        }
        JsonNode expected = c.get("sentence");
        int i = 0;
        for (JsonNode r : c.get("records")) {
            double s = sentence.score(sentence.stats(hyp(r), refs(r)));
            assertEquals(expected.get(i).asDouble(), s, TOL, "sentence " + i + ": " + r);
            i++;
        }
    }

    @Test
    void randomStreamIsNumpysDefaultRng() throws IOException {
        JsonNode b = read("bootstrap.json");
        NumpyPcg64 rng = new NumpyPcg64(b.get("seed").asLong());
        for (JsonNode raw : b.get("rng_raw")) {
            assertEquals(Long.parseUnsignedLong(raw.asText()), rng.nextLong());
        }
        JsonNode rows = b.get("rng_choice");
        int[][] choice = new NumpyPcg64(b.get("seed").asLong()).choice(rows.get(0).size(), rows.size());
        for (int r = 0; r < rows.size(); r++) {
            int[] want = new int[rows.get(r).size()];
            for (int j = 0; j < want.length; j++) {
                want[j] = rows.get(r).get(j).asInt();
            }
            assertArrayEquals(want, choice[r], "row " + r);
        }
    }

    @TestFactory
    Stream<DynamicTest> bootstrapEqualsSacrebleus() throws IOException {
        JsonNode b = read("bootstrap.json");
        List<DynamicTest> tests = new ArrayList<>();
        b.get("metrics").fields().forEachRemaining(e -> tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
            MtMetric m = switch (e.getKey()) {
                case "bleu" -> Bleu.standard();
                case "chrf" -> new Chrf(0, false);
                default -> new Chrf(2, false);
            };
            List<long[]> sys = new ArrayList<>();
            List<long[]> base = new ArrayList<>();
            int i = 0;
            for (JsonNode r : b.get("records")) {
                sys.add(m.stats(hyp(r), refs(r)));
                base.add(m.stats(b.get("baseline").get(i++).asText(), refs(r)));
            }
            int n = b.get("n").asInt();
            long seed = b.get("seed").asLong();
            Bootstrap bs = new Bootstrap(sys.size(), n, seed);
            JsonNode want = e.getValue();
            assertEquals(want.get("signature").asText(), m.signature("1", n, seed));
            Bootstrap.Interval iv = bs.interval(m, sys);
            assertEquals(want.get("mean").asDouble(), iv.mean(), TOL);
            assertEquals(want.get("ci").asDouble(), iv.ci(), TOL);
            Bootstrap.Paired p = bs.paired(m, base, sys);
            JsonNode wp = want.get("paired");
            assertEquals(wp.get("baseline").get("mean").asDouble(), p.baseline().mean(), TOL);
            assertEquals(wp.get("baseline").get("ci").asDouble(), p.baseline().ci(), TOL);
            assertEquals(wp.get("system").get("mean").asDouble(), p.system().mean(), TOL);
            assertEquals(wp.get("system").get("ci").asDouble(), p.system().ci(), TOL);
            assertEquals(wp.get("system").get("p_value").asDouble(), p.pValue(), 1e-12);
        })));
        return tests.stream();
    }
}
