package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import recur.io.Json;
import recur.io.Version;

/**
 * One provenance format for every kind of model file: each model-writing command stores the recur
 * command line as typed, recur's version and its inputs with their digests under "training", and
 * recur info shows it under that name whatever the kind.
 */
class ProvenanceKindsTest {
    @TempDir
    Path tmp;

    @Test
    void everyKindStoresAndShowsTheSameProvenance() throws Exception {
        String corpus = Fixtures.TESTDATA.resolve("tok/corpus.txt").toString();
        String labelled = Fixtures.TESTDATA.resolve("classify/topic-train.jsonl").toString();
        String vec = Fixtures.TESTDATA.resolve("classify/topic-vectors.vec").toString();
        Map<String, String[]> runs = new LinkedHashMap<>();
        runs.put("tokenizer", new String[] {"tokenize", "learn", "--kind", "word", "-o", tmp.resolve("t.tok").toString(), corpus});
        runs.put("embeddings", new String[] {"embed", "train", "--dim", "4", "--epochs", "1", "--min-count", "1",
            "-o", tmp.resolve("e.emb").toString(), corpus});
        runs.put("imported embeddings", new String[] {"embed", "import", "--format", "vec", "-o", tmp.resolve("i.emb").toString(), vec});
        runs.put("lm", new String[] {"train-lm", "--level", "char", "--emb", "4", "--hidden", "4", "--layers", "1",
            "--epochs", "1", "--bptt", "10", "--batch", "4", "-o", tmp.resolve("l.lm").toString(), corpus});
        runs.put("classifier", new String[] {"classify", "train", "--epochs", "1", "--emb", "4",
            "-o", tmp.resolve("c.cls").toString(), labelled});
        for (Map.Entry<String, String[]> e : runs.entrySet()) {
            String[] args = e.getValue();
            Cli.Result made = Cli.run("", args);
            assertEquals(0, made.code(), e.getKey() + ": " + made.err());
            String model = args[java.util.Arrays.asList(args).indexOf("-o") + 1];
            Cli.Result shown = Cli.run("", "info", model);
            assertEquals(0, shown.code(), e.getKey() + ": " + shown.err());
            JsonNode info = Json.MAPPER.readTree(shown.out());
            assertTrue(!info.has("provenance"), e.getKey() + " shows its provenance under another name: " + info);
            JsonNode t = info.path("training");
            assertEquals("recur " + String.join(" ", args), t.path("command").asText(), e.getKey() + ": " + info);
            assertEquals(Version.get(), t.path("recur_version").asText(), e.getKey() + ": " + info);
            JsonNode in = t.path("inputs").path(0);
            assertEquals(args[args.length - 1], in.path("name").asText(), e.getKey() + ": " + info);
            assertTrue(in.path("sha256").asText().matches("[0-9a-f]{64}"), e.getKey() + ": " + info);
            assertTrue(in.path("bytes").asLong() > 0, e.getKey() + ": " + info);
        }
    }
}
