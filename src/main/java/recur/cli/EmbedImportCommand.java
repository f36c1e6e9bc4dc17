package recur.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import recur.io.Inputs;
import recur.model.word2vec.Embeddings;
import recur.model.word2vec.VectorFormats;

/** {@code recur embed import}: bring word2vec, fastText or GloVe vectors in. */
@Command(mixinStandardHelpOptions = true, name = "import", sortOptions = false,
        header = "Make an embeddings model from word2vec text/binary, fastText .vec or JSONL vectors.",
        description = {
            "Reads vectors in word2vec text (also fastText's .vec, and GloVe text without a header line) or the"
                    + " word2vec binary format, or JSONL ({\"word\", \"vector\"} a line, as 'embed export --format jsonl'"
                    + " writes), from FILE or standard input (gzip, bzip2, xz recognised), and writes an"
                    + " embeddings model file usable by every 'recur embed' query. Imported vectors carry no word counts,"
                    + " so 'vectors --weighting sif' needs a trained model; word order is kept (most frequent first, by"
                    + " the formats' convention), which '--limit' relies on.",
            "",
            "Memory: the vectors, twice while reading."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur embed import --format vec -o ft.model cc.en.300.vec.gz",
            "  recur embed import --format word2vec-binary -o gn.model GoogleNews-vectors-negative300.bin.gz"})
public final class EmbedImportCommand implements Callable<Integer> {
    @Option(names = "--format", paramLabel = "word2vec-text|word2vec-binary|vec|jsonl", required = true, description = "Input format.")
    String format;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Vectors file; '-' or none reads standard input.")
    String file = Inputs.STDIN;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String f = format.toLowerCase(Locale.ROOT);
        VectorFormats.Reader reader = switch (f) {
            case "word2vec-text", "vec", "text", "glove" -> VectorFormats::readText;
            case "word2vec-binary", "bin", "binary" -> VectorFormats::readBinary;
            case "jsonl" -> VectorFormats::readJsonl;
            default -> throw new IllegalArgumentException("--format must be word2vec-text, word2vec-binary, vec or jsonl, got " + format);
        };
        output.checkNotInput(file);
        VectorFormats.Loaded l;
        try (InputStream in = Inputs.open(file)) {
            l = reader.read(in, file);
        }
        Embeddings e = new Embeddings(l.words(), null, l.dim(), l.vectors(), null, null);
        ObjectNode t = Provenance.of(spec).named(List.of(file)).json();
        t.put("imported_from", Inputs.STDIN.equals(file) ? Provenance.STDIN_NAME : file);
        t.put("import_format", f);
        e.save(output.path(), t);
        new Progress(System.err, common.quiet).note("recur embed import: " + l.words().length + " words, dimension " + l.dim());
        return 0;
    }
}
