package recur.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import recur.io.Json;
import recur.io.JsonlWriter;
import recur.io.ModelArchive;
import recur.io.Stdout;
import recur.model.word2vec.Embeddings;
import recur.model.word2vec.VectorFormats;

/** {@code recur embed export}: vectors out in the word2vec formats or JSONL. */
@Command(mixinStandardHelpOptions = true, name = "export", sortOptions = false,
        header = "Write the vectors as word2vec text, word2vec binary or JSONL.",
        description = {
            "Reads an embeddings model file and writes every word's vector, most frequent first: word2vec-text"
                    + " (header 'V E', then 'word x1 ... xE'; also fastText's .vec), word2vec-binary (the C tool's"
                    + " layout: header, then word, space, E little-endian float32, newline) or jsonl ({\"word\", \"vector\"})."
                    + " Text values read back to the same floats. gensim reads both word2vec formats"
                    + " (KeyedVectors.load_word2vec_format).",
            "",
            "Memory: the model's vectors."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur embed export -m emb.model --format word2vec-binary -o vectors.bin",
            "  recur embed export -m emb.model --format jsonl | head -3"})
public final class EmbedExportCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Option(names = "--format", paramLabel = "word2vec-text|word2vec-binary|jsonl", defaultValue = "word2vec-text",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Mixin
    OptionalOutputOption output;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("word2vec-text") && !f.equals("word2vec-binary") && !f.equals("jsonl") && !f.equals("vec")) {
            throw new IllegalArgumentException("--format must be word2vec-text, word2vec-binary or jsonl, got " + format);
        }
        output.checkNotInput(model.path());
        Embeddings e = Embeddings.load(model.path());
        if (output.file() != null) {
            ModelArchive.writeAtomically(output.file(), out -> write(e, f, out));
        } else {
            write(e, f, System.out);
            Stdout.check(System.out);
        }
        return 0;
    }

    private static void write(Embeddings e, String f, OutputStream out) throws IOException {
        switch (f) {
            case "word2vec-binary" -> VectorFormats.writeBinary(e, out);
            case "jsonl" -> {
                JsonlWriter w = new JsonlWriter(out, false);
                float[] v = e.vectors();
                int dim = e.dim();
                for (int i = 0; i < e.size(); i++) {
                    ObjectNode n = Json.MAPPER.createObjectNode();
                    n.put("word", e.word(i));
                    ArrayNode a = n.putArray("vector");
                    for (int j = 0; j < dim; j++) {
                        a.add(v[i * dim + j]);
                    }
                    w.write(n);
                }
                w.flush();
            }
            default -> VectorFormats.writeText(e, out);
        }
    }
}
