package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;

/**
 * score and sample over the small models in testdata/lm: scores agree with PyTorch and with eval
 * perplexity, and neither --batch, --threads nor splitting the input changes a byte.
 */
class DecodeCommandsTest {
    private static final String CHAR_LM = "testdata/lm/char-lstm.lm";
    private static final String WORD_LM = "testdata/lm/word-gru.lm";

    @TempDir
    Path dir;

    private static List<JsonNode> records(String out) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                list.add(Json.MAPPER.readTree(line));
            }
        }
        return list;
    }

    /** The first n lines of the Shakespeare validation text, as JSONL records with an id. */
    private static String jsonl(int n) throws IOException {
        StringBuilder s = new StringBuilder();
        List<String> lines = Files.readAllLines(Path.of("testdata/shakespeare/valid.txt"));
        for (int i = 0; i < n; i++) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("id", "r" + i);
            o.put("text", lines.get(i));
            s.append(o).append('\n');
        }
        return s.toString();
    }

    @Test
    void scoresEqualPyTorchsOnTheSameWeights() throws IOException {
        JsonNode fixture = Json.MAPPER.readTree(Path.of("testdata/torch/score_lm.json").toFile());
        for (JsonNode c : fixture.get("cases")) {
            StringBuilder in = new StringBuilder();
            for (JsonNode r : c.get("records")) {
                in.append(Json.MAPPER.createObjectNode().put("text", r.get("text").asText())).append('\n');
            }
            Cli.Result res = Cli.run(in.toString(), "score", "-m", c.get("model").asText(), "--per-token", "--batch", "4");
            assertEquals(0, res.code(), res.err());
            List<JsonNode> got = records(res.out());
            JsonNode want = c.get("records");
            assertEquals(want.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                JsonNode w = want.get(i), g = got.get(i);
                String what = c.get("model").asText() + " record " + i;
                assertEquals(w.get("text"), g.get("text"), what);
                assertEquals(w.get("tokens").size(), g.get("n_tokens").asInt(), what);
                for (int t = 0; t < w.get("tokens").size(); t++) {
                    JsonNode pair = g.get("per_token").get(t);
                    assertEquals(w.get("tokens").get(t).asText(), pair.get(0).asText(), what + " token " + t);
                    assertEquals(w.get("per_token").get(t).asDouble(), pair.get(1).asDouble(), 1e-4, what + " token " + t);
                }
                assertEquals(w.get("logprob").asDouble(), g.get("logprob").asDouble(), 1e-3, what);
                double ppl = Math.exp(-g.get("logprob").asDouble() / g.get("n_tokens").asInt());
                assertEquals(ppl, g.get("ppl").asDouble(), 1e-9 * ppl, what);
            }
        }
    }

    @Test
    void scoreHasTheSameBytesForAnyBatchAndThreads() throws IOException {
        String in = jsonl(120);
        for (String model : List.of(CHAR_LM, WORD_LM)) {
            Cli.Result one = Cli.run(in, "score", "-m", model, "--batch", "1", "--per-token");
            assertEquals(0, one.code(), one.err());
            assertEquals(120, records(one.out()).size());
            for (String[] opts : new String[][] {{"--batch", "7"}, {"--batch", "64", "--threads", "2"}, {"--threads", "2"}}) {
                List<String> args = new ArrayList<>(List.of("score", "-m", model, "--per-token"));
                args.addAll(List.of(opts));
                Cli.Result r = Cli.run(in, args.toArray(new String[0]));
                assertEquals(one.out(), r.out(), model + " " + String.join(" ", opts));
            }
        }
    }

    @Test
    void scoreSumsToEvalPerplexityOnTheSameText() throws IOException {
        String in = jsonl(40);
        for (String model : List.of(CHAR_LM, WORD_LM)) {
            // carried state: the stream eval perplexity reads, after one line end (the empty first record)
            Cli.Result s = Cli.run(in, "score", "-m", model, "--context", "carry");
            Cli.Result e = Cli.run("{\"text\": \"\"}\n" + in, "eval", "perplexity", "-m", model, "--eval-batch", "1");
            assertEquals(0, e.code(), e.err());
            JsonNode ppl = records(e.out()).get(0);
            double sum = 0;
            long tokens = 0;
            for (JsonNode r : records(s.out())) {
                sum += r.get("logprob").asDouble();
                tokens += r.get("n_tokens").asLong();
            }
            assertEquals(ppl.get("tokens").asLong(), tokens, model);
            double total = ppl.get("loss").asDouble() * ppl.get("tokens").asLong();
            assertEquals(-total, sum, 1e-5 * total, model);
            // a fresh state per record: each record is its own text after a line end
            List<String> lines = List.of(in.split("\n"));
            Cli.Result fresh = Cli.run(in, "score", "-m", model);
            double freshSum = 0;
            double evalSum = 0;
            for (int i = 0; i < 3; i++) {
                freshSum += records(fresh.out()).get(i).get("logprob").asDouble();
                JsonNode p = records(Cli.run("{\"text\": \"\"}\n" + lines.get(i) + "\n", "eval", "perplexity", "-m", model,
                        "--eval-batch", "1").out()).get(0);
                evalSum += p.get("loss").asDouble() * p.get("tokens").asLong();
            }
            assertEquals(-evalSum, freshSum, 1e-5 * evalSum, model);
        }
    }

    @Test
    void noEosLeavesTheEndTokenOutAndFieldsPassThrough() throws IOException {
        String in = "{\"id\": 1, \"text\": \"the king\", \"extra\": [1, 2]}\n{\"id\": 2, \"text\": \"\"}\n";
        List<JsonNode> with = records(Cli.run(in, "score", "-m", WORD_LM, "--per-token").out());
        Cli.Result res = Cli.run(in, "score", "-m", WORD_LM, "--per-token", "--no-eos");
        assertEquals(0, res.code(), res.err());
        List<JsonNode> without = records(res.out());
        assertEquals(3, with.get(0).get("n_tokens").asInt());
        assertEquals(2, without.get(0).get("n_tokens").asInt());
        assertEquals("<eos>", with.get(0).get("per_token").get(2).get(0).asText());
        assertEquals(with.get(0).get("logprob").asDouble() - with.get(0).get("per_token").get(2).get(1).asDouble(),
                without.get(0).get("logprob").asDouble(), 1e-9);
        assertEquals("[1,2]", without.get(0).get("extra").toString());
        assertEquals(1, without.get(0).get("id").asInt());
        assertEquals(0, without.get(1).get("n_tokens").asInt());
        assertTrue(without.get(1).get("ppl").isNull());
    }

    @Test
    void scoreRejectsOrSkipsABadRecord() throws IOException {
        String in = "{\"text\": \"a b\"}\n{\"text\": 5}\n{\"ids\": [1, -2]}\n{\"text\": \"c\"}\n";
        Cli.Result stop = Cli.run(in, "score", "-m", WORD_LM);
        assertEquals(1, stop.code());
        assertTrue(stop.err().contains("<stdin>:2"), stop.err());
        Cli.Result skip = Cli.run(in, "score", "-m", WORD_LM, "--skip-bad");
        assertEquals(0, skip.code(), skip.err());
        assertEquals(2, records(skip.out()).size());
        assertTrue(skip.err().contains("skipped 2"), skip.err());
        assertEquals(2, Cli.run(in, "score", "-m", WORD_LM, "--context", "sideways").code());
    }

    @Test
    void sampleHasTheSameBytesForAnyBatchAndThreads() throws IOException {
        String in = jsonl(50);
        for (String model : List.of(CHAR_LM, WORD_LM)) {
            String[] base = {"sample", "-m", model, "--max-tokens", "12", "-n", "2", "--seed", "5"};
            Cli.Result one = Cli.run(in, concat(base, "--batch", "1"));
            assertEquals(0, one.code(), one.err());
            List<JsonNode> recs = records(one.out());
            assertEquals(100, recs.size());
            assertTrue(recs.get(0).has("n_tokens") && !recs.get(0).has("tokens"), "n_tokens, never the input's tokens");
            for (String[] opts : new String[][] {{"--batch", "3"}, {"--batch", "200", "--threads", "2"}}) {
                assertEquals(one.out(), Cli.run(in, concat(base, opts)).out(), model + " " + String.join(" ", opts));
            }
            String topP = Cli.run(in, concat(base, "--top-p", "0.8", "--batch", "1")).out();
            assertEquals(topP, Cli.run(in, concat(base, "--top-p", "0.8", "--batch", "16", "--threads", "2")).out());
        }
    }

    @Test
    void aSplitRunEqualsAWholeRunWithASeedField() throws IOException {
        String in = jsonl(30);
        String[] base = {"sample", "-m", CHAR_LM, "--max-tokens", "15", "--seed", "3", "--seed-field", "id"};
        String whole = Cli.run(in, base).out();
        String[] lines = in.split("\n");
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            (i < 11 ? first : second).append(lines[i]).append('\n');
        }
        String split = Cli.run(first.toString(), base).out() + Cli.run(second.toString(), base).out();
        assertEquals(canonical(whole), canonical(split));
        // by position, the second shard's records get other streams
        String[] byPosition = {"sample", "-m", CHAR_LM, "--max-tokens", "15", "--seed", "3"};
        assertNotEquals(canonical(Cli.run(in, byPosition).out()),
                canonical(Cli.run(first.toString(), byPosition).out() + Cli.run(second.toString(), byPosition).out()));
        // a record without the field is bad input, or skipped
        Cli.Result missing = Cli.run("{\"text\": \"a\"}\n", base);
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("--seed-field"), missing.err());
        assertEquals(0, records(Cli.run("{\"text\": \"a\"}\n" + lines[0] + "\n", concat(base, "--skip-bad")).out()).size() - 1);
    }

    @Test
    void evalPerplexityOfSampleOutputSaysItScoresThePrompts() throws IOException {
        String samples = Cli.run(jsonl(3), "sample", "-m", CHAR_LM, "--max-tokens", "20").out();
        Cli.Result prompts = Cli.run(samples, "eval", "perplexity", "-m", CHAR_LM);
        assertEquals(0, prompts.code(), prompts.err());
        assertTrue(prompts.err().contains("--text-field sample"), prompts.err());
        Cli.Result asked = Cli.run(samples, "eval", "perplexity", "-m", CHAR_LM, "--text-field", "sample");
        assertEquals(0, asked.code(), asked.err());
        assertTrue(!asked.err().contains("--text-field sample"), asked.err());
        assertNotEquals(records(prompts.out()).get(0).get("tokens"), records(asked.out()).get(0).get("tokens"));
    }

    /** One record a line, as JSON re-serialised: independent of how a writer separates records. */
    private static String canonical(String out) throws IOException {
        StringBuilder s = new StringBuilder();
        for (JsonNode r : records(out)) {
            s.append(r).append('\n');
        }
        return s.toString();
    }

    @Test
    void gnuParallelOverShardsGivesTheSameBytesAsOneRun() throws IOException, InterruptedException {
        assumeTrue(new File("/usr/bin/parallel").canExecute(), "GNU parallel is not installed (/usr/bin/parallel)");
        Path recur = dir.resolve("recur");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(recur, "#!/bin/sh\nexec '" + java + "' --add-modules jdk.incubator.vector -cp '"
                + System.getProperty("java.class.path") + "' recur.cli.Main \"$@\" 2>/dev/null\n");
        assertTrue(recur.toFile().setExecutable(true));
        Path in = dir.resolve("prompts.jsonl");
        Files.writeString(in, jsonl(25));
        String model = Path.of(CHAR_LM).toAbsolutePath().toString();
        String cmd = recur + " sample -m " + model + " --max-tokens 10 --seed 4 --seed-field id";
        String whole = run(dir, "sh", "-c", cmd + " < " + in);
        String sharded = run(dir, "sh", "-c", "parallel --will-cite --pipe --keep-order -N 4 " + cmd + " < " + in);
        assertEquals(canonical(whole), canonical(sharded));
        assertEquals(25, records(whole).size());
        String scoreCmd = recur + " score -m " + model;
        assertEquals(canonical(run(dir, "sh", "-c", scoreCmd + " < " + in)),
                canonical(run(dir, "sh", "-c", "parallel --will-cite --pipe --keep-order -N 4 " + scoreCmd + " < " + in)));
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
