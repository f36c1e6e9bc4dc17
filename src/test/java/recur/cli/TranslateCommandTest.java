package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import recur.decode.FnModel;
import recur.decode.Seeds;
import recur.io.Json;
import recur.model.Seq2SeqStepModel;
import recur.model.TranslationModel;

/**
 * recur translate end to end over a fake translator installed through {@link TranslateCommand#models}:
 * a word-for-word German → English dictionary that the model follows with probability about 0.5,
 * the rest spread at random (a fixed function of the source and the prefix), so beam search and
 * greedy disagree on some sentences.
 */
class TranslateCommandTest {
    private static final List<String> SRC = List.of("<eos>", "<bos>", "ein", "hund", "katze", "läuft", "im", "park",
            "der", "mann", "schläft", ".", "<unk>");
    private static final List<String> TGT = List.of("<eos>", "<bos>", "a", "dog", "cat", "runs", "in", "park",
            "the", "man", "sleeps", ".", "<unk>");

    /** The fake: source word i translates to target word i. */
    static final class Dictionary implements TranslationModel {
        @Override
        public Seq2SeqStepModel stepModel() {
            return new FnModel(TGT.size()) {
                @Override
                protected double[] probs(int[] src, int[] prefix) {
                    int v = TGT.size();
                    SplittableRandom rnd = new SplittableRandom(Seeds.mix(7, java.util.Arrays.hashCode(src),
                            java.util.Arrays.hashCode(prefix)));
                    double[] q = new double[v];
                    double sum = 0;
                    for (int w = 0; w < v; w++) {
                        q[w] = w == 1 ? 0 : Math.exp(2 * rnd.nextGaussian());
                        sum += q[w];
                    }
                    int want = prefix.length < src.length ? src[prefix.length] : 0;
                    for (int w = 0; w < v; w++) {
                        q[w] = 0.5 * q[w] / sum + (w == want ? 0.5 : 0);
                    }
                    return q;
                }
            };
        }

        @Override
        public int[] encodeSource(String text) {
            String t = text.strip();
            if (t.isEmpty()) {
                return new int[0];
            }
            String[] words = t.split("\\s+");
            int[] ids = new int[words.length];
            for (int i = 0; i < words.length; i++) {
                int id = SRC.indexOf(words[i]);
                ids[i] = id < 2 ? SRC.size() - 1 : id;
            }
            return ids;
        }

        @Override
        public String decodeTarget(int[] ids) {
            List<String> words = new ArrayList<>();
            for (int id : ids) {
                words.add(TGT.get(id));
            }
            return String.join(" ", words);
        }

        @Override
        public String sourceToken(int id) {
            return SRC.get(id);
        }

        @Override
        public String targetToken(int id) {
            return TGT.get(id);
        }
    }

    private Function<Path, TranslationModel> before;

    @BeforeEach
    void install() {
        before = TranslateCommand.models;
        TranslateCommand.models = p -> {
            if (!p.toString().equals("fake.nmt")) {
                return before.apply(p);
            }
            return new Dictionary();
        };
    }

    @AfterEach
    void restore() {
        TranslateCommand.models = before;
    }

    private static final String[] SENTENCES = {"ein hund läuft im park .", "der mann schläft .", "eine katze",
        "ein hund", "katze katze katze", "der hund schläft im park", ".", "der mann läuft ."};

    /** Records with an id and a source, several of each sentence. */
    private static String input(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("{\"id\":").append(i).append(",\"src\":\"").append(SENTENCES[i % SENTENCES.length]).append("\"}\n");
        }
        return s.toString();
    }

    private static List<JsonNode> records(String out) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                list.add(Json.MAPPER.readTree(line));
            }
        }
        return list;
    }

    private static Cli.Result run(String stdin, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "translate";
        all[1] = "-m";
        all[2] = "fake.nmt";
        all[3] = "--quiet";
        System.arraycopy(args, 0, all, 4, args.length);
        return Cli.run(stdin, all);
    }

    @Test
    void addsTheTranslationAndItsScoresAndPassesEverythingElse() throws IOException {
        Cli.Result r = run("{\"id\":\"a\",\"src\":\"der mann schläft .\",\"ref\":\"the man sleeps .\"}\n{\"src\":\"ein hund\"}\n",
                "--beam", "4");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> out = records(r.out());
        assertEquals(2, out.size());
        JsonNode first = out.get(0);
        assertEquals("a", first.get("id").asText());
        assertEquals("the man sleeps .", first.get("ref").asText());
        assertEquals("the man sleeps .", first.get("hyp").asText());
        assertTrue(first.get("score").asDouble() < 0);
        assertEquals(first.get("score").asDouble() / 5, first.get("score_mean").asDouble(), 1e-4);
        assertFalse(first.has("nbest"));
        assertEquals("ein hund", out.get(1).get("src").asText());
        assertTrue(out.get(1).has("hyp"));
        // plain text: one source a line, kept under "src"
        List<JsonNode> plain = records(run("der mann schläft .\nein hund\n", "--beam", "4").out());
        assertEquals(2, plain.size());
        assertEquals("der mann schläft .", plain.get(0).get("src").asText());
        assertEquals(first.get("hyp"), plain.get(0).get("hyp"));
    }

    @Test
    void beamOneIsGreedyAndAWideBeamScoresAtLeastAsWellHere() throws IOException {
        List<JsonNode> greedy = records(run(input(8), "--beam", "1").out());
        List<JsonNode> wide = records(run(input(8), "--beam", "8", "--length-penalty", "none").out());
        boolean differs = false;
        for (int i = 0; i < 8; i++) {
            assertTrue(wide.get(i).get("score").asDouble() >= greedy.get(i).get("score").asDouble(), "record " + i);
            differs |= !wide.get(i).get("hyp").equals(greedy.get(i).get("hyp"));
        }
        assertTrue(differs, "the fake model should make beam search and greedy disagree somewhere");
    }

    @Test
    void nBestListsAreSortedAndDistinct() throws IOException {
        for (String lp : new String[] {"none", "avg", "wu"}) {
            Cli.Result r = run(input(8), "--beam", "5", "--n-best", "5", "--length-penalty", lp);
            assertEquals(0, r.code(), r.err());
            for (JsonNode rec : records(r.out())) {
                JsonNode nb = rec.get("nbest");
                assertEquals(5, nb.size(), rec.toString());
                assertEquals(rec.get("hyp"), nb.get(0).get("hyp"));
                assertEquals(rec.get("score"), nb.get(0).get("score"));
                Set<String> seen = new HashSet<>();
                for (JsonNode h : nb) {
                    assertTrue(seen.add(h.get("hyp").asText()), "duplicate in " + rec);
                }
                if (lp.equals("none")) {
                    for (int i = 1; i < nb.size(); i++) {
                        assertTrue(nb.get(i - 1).get("score").asDouble() >= nb.get(i).get("score").asDouble(), rec.toString());
                    }
                }
                if (lp.equals("avg")) {
                    for (int i = 1; i < nb.size(); i++) {
                        assertTrue(nb.get(i - 1).get("score_mean").asDouble() >= nb.get(i).get("score_mean").asDouble() - 1e-4,
                                rec.toString());
                    }
                }
            }
        }
    }

    @Test
    void theSameBytesForAnyBatchAndThreadCount() {
        for (String[] mode : new String[][] {{"--beam", "5", "--n-best", "3", "--alignment"}, {"--beam", "1"},
            {"--sample", "-n", "2", "--top-p", "0.9", "--seed", "3"}}) {
            String base = null;
            for (String[] bt : new String[][] {{"1", "1"}, {"3", "1"}, {"32", "1"}, {"1", "2"}, {"5", "3"}}) {
                List<String> args = new ArrayList<>(List.of(mode));
                args.addAll(List.of("--batch", bt[0], "--threads", bt[1]));
                Cli.Result r = run(input(29), args.toArray(String[]::new));
                assertEquals(0, r.code(), r.err());
                if (base == null) {
                    base = r.out();
                    assertEquals(29 * (mode[0].equals("--sample") ? 2 : 1), base.split("\n").length);
                } else {
                    assertEquals(base, r.out(), String.join(" ", args));
                }
            }
        }
    }

    @Test
    void samplesDependOnTheSeedAndTheSeedField() throws IOException {
        String a = run(input(8), "--sample", "--seed", "1").out();
        assertEquals(a, run(input(8), "--sample", "--seed", "1").out());
        assertFalse(a.equals(run(input(8), "--sample", "--seed", "2").out()));
        // with --seed-field, a record draws the same wherever it stands in the input
        List<JsonNode> all = records(run(input(8), "--sample", "--seed-field", "id", "-n", "3").out());
        List<JsonNode> last = records(run(input(8).lines().skip(7).findFirst().get() + "\n", "--sample", "--seed-field", "id",
                "-n", "3").out());
        assertEquals(24, all.size());
        for (int s = 0; s < 3; s++) {
            assertEquals(all.get(21 + s), last.get(s));
            assertEquals(s, last.get(s).get("sample_index").asInt());
        }
    }

    @Test
    void alignmentNamesASourcePositionForEveryTargetToken() throws IOException {
        JsonNode r = records(run("{\"src\":\"ein hund läuft im park .\"}\n", "--alignment", "--min-length", "3").out()).get(0);
        assertEquals(6, r.get("src_tokens").size());
        assertEquals("hund", r.get("src_tokens").get(1).asText());
        int n = r.get("hyp_tokens").size();
        assertEquals(n, r.get("alignment").size());
        assertEquals(r.get("hyp").asText(), String.join(" ", Json.MAPPER.convertValue(r.get("hyp_tokens"), String[].class)));
        for (int j = 0; j < n; j++) {
            assertEquals(j % 6, r.get("alignment").get(j).asInt());
        }
    }

    @Test
    void maxLengthFollowsTheRatioAndTheCap() throws IOException {
        for (Map.Entry<String[], Integer> c : Map.of(new String[] {"--max-length-ratio", "0", "--max-length", "3"}, 3,
                new String[] {"--max-length-ratio", "0.5"}, 11).entrySet()) {
            List<String> args = new ArrayList<>(List.of("--min-length", "50", "--beam", "2"));
            args.addAll(List.of(c.getKey()));
            JsonNode r = records(run("{\"src\":\"ein hund läuft\"}\n", args.toArray(String[]::new)).out()).get(0);
            assertEquals((int) c.getValue(), r.get("hyp").asText().split(" ").length, r.toString());
        }
    }

    @Test
    void aRecordWithoutASourceIsBadInputNamedByFileAndLine() throws IOException {
        String in = "{\"src\":\"der mann schläft .\"}\n{\"id\":2}\n{\"src\":\"   \"}\n{\"src\":7}\n{\"src\":\"ein hund\"}\n";
        Cli.Result r = run(in);
        assertEquals(1, r.code());
        assertTrue(r.err().contains("<stdin>:2: missing field \"src\""), r.err());
        assertEquals(1, records(r.out()).size(), "the records before the bad one are written");
        Cli.Result skip = Cli.run(in, "translate", "-m", "fake.nmt", "--skip-bad");
        assertEquals(0, skip.code(), skip.err());
        assertEquals(2, records(skip.out()).size());
        assertTrue(skip.err().contains("skipped 3 bad records; the first: <stdin>:2: missing field \"src\""), skip.err());
        Cli.Result empty = run("{\"src\":\"\"}\n");
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("<stdin>:1: field \"src\" is empty"), empty.err());
    }

    @Test
    void aClosedStandardOutputEndsQuietly(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path in = dir.resolve("in.jsonl");
        java.nio.file.Files.writeString(in, input(300));
        Cli.Result r = Cli.runIntoHeadOne("translate", "-m", "fake.nmt", "--quiet", "--batch", "4", "--threads", "2", in.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().split("\n").length);
        assertEquals("", r.err());
    }

    @Test
    void optionsAreCheckedBeforeTheModelIsRead() {
        for (String[] bad : new String[][] {{"--beam", "0"}, {"--beam", "2", "--n-best", "3"}, {"--length-penalty", "gnmt"},
            {"--alpha", "-1"}, {"--min-length", "-1"}, {"--max-length", "0"}, {"--max-length-ratio", "-1"}, {"--batch", "0"},
            {"-n", "2"}, {"--sample", "--n-best", "2"}, {"--sample", "--top-p", "0"}, {"--sample", "-n", "0"}}) {
            List<String> args = new ArrayList<>(List.of("translate", "-m", "no-such.nmt"));
            args.addAll(List.of(bad));
            Cli.Result r = Cli.run("", args.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
        }
        Cli.Result missing = Cli.run("", "translate");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--model"), missing.err());
        Cli.Result noFile = Cli.run("", "translate", "-m", "no-such.nmt");
        assertEquals(3, noFile.code());
        assertTrue(noFile.err().contains("no-such.nmt: no such model file"), noFile.err());
    }
}
