package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import recur.io.Json;
import recur.io.ModelArchive;

/**
 * What {@code tokenize learn} makes, pinned: the tokenizer and the counts recorded in its provenance
 * are compared with expectations committed in testdata/tok/learned/ (written by the code before the
 * counting and merging were made faster), for one, two and three counting threads and, for one case,
 * standard input. The inputs cover a byte-order mark, blank lines before the first text, CRLF and
 * LF line ends, a last line without an end, several scripts, combining marks, odd whitespace, specials
 * inside words, a JSON Lines file among text files, and the options that change what is counted.
 * Run with -Drecur.learned.write=true to rewrite the expectations (only on purpose: a change to them
 * is a change to every tokenizer users learn).
 */
class LearnedTokenizersTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "shakespeare-bpe1200 | --kind bpe --vocab 1200 testdata/shakespeare/train.txt",
        "mixed-bpe600        | --kind bpe --vocab 600 --special <sep> testdata/tok/mixed.txt",
        "mixed-bpe600-norm   | --kind bpe --vocab 600 --nfkc --lowercase --min-frequency 2 --coverage 0.98 testdata/tok/mixed.txt",
        "mixed-bpe500-jsonl  | --kind bpe --vocab 500 --max-piece-bytes 8 testdata/tok/corpus.txt testdata/tok/records.jsonl testdata/tok/mixed.txt",
        "mixed-bpe400-text   | --kind bpe --vocab 400 --format text testdata/tok/mixed.txt",
        "mixed-char          | --kind char --coverage 0.99 testdata/tok/mixed.txt",
        "mixed-word          | --kind word --lowercase testdata/tok/mixed.txt",
    })
    void learnsWhatItLearnedBefore(String name, String args) throws Exception {
        Path expected = Path.of("testdata/tok/learned/" + name + ".json");
        List<JsonNode> got = new ArrayList<>();
        for (String threads : List.of("1", "2", "3")) {
            got.add(learn(args, threads, null));
        }
        if (name.equals("mixed-bpe600")) {
            got.add(learn(args.replace("testdata/tok/mixed.txt", "-"), "2",
                    Files.readString(Path.of("testdata/tok/mixed.txt"), StandardCharsets.UTF_8)));
        }
        if (Boolean.getBoolean("recur.learned.write")) {
            Files.writeString(expected, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(got.get(0)) + "\n");
        }
        JsonNode want = Json.MAPPER.readTree(expected.toFile());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(want, got.get(i), name + " run " + i);
        }
    }

    /** The tokenizer and the counts of one run of tokenize learn. */
    private JsonNode learn(String args, String threads, String stdin) throws Exception {
        Path model = dir.resolve("t.model");
        List<String> argv = new ArrayList<>(List.of("tokenize", "learn", "--quiet", "--threads", threads, "-o", model.toString()));
        argv.addAll(List.of(args.trim().split(" +")));
        Cli.Result r = Cli.run(stdin, argv.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        JsonNode meta = ModelArchive.read(model, "tokenizer").meta();
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("tokenizer", meta.get("tokenizer"));
        ObjectNode counts = out.putObject("counts");
        for (String k : List.of("records", "chars", "distinct_units", "units_used", "merges", "skipped_records")) {
            if (meta.get("training").has(k)) {
                counts.set(k, meta.get("training").get(k));
            }
        }
        return out;
    }
}
