package recur.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small model files of every kind, made once per test JVM from testdata/, for the command cases
 * and the fuzzer: a char tokenizer, embeddings imported from a word2vec text file, a tiny LM.
 */
final class Fixtures {
    static final Path TESTDATA = Path.of("testdata").toAbsolutePath();
    private static Path dir;

    private Fixtures() {}

    static synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("recur-fixtures-");
                make("tokenize", "learn", "--kind", "char", "-o", dir.resolve("tok.model").toString(),
                        TESTDATA.resolve("tok/corpus.txt").toString());
                make("embed", "import", "--format", "word2vec-text", "-o", dir.resolve("emb.model").toString(),
                        TESTDATA.resolve("embed/tiny.w2v.txt").toString());
                make("train-lm", "--level", "char", "--layers", "1", "--hidden", "8", "--emb", "8", "--bptt", "8",
                        "--batch", "2", "--epochs", "1", "--quiet", "-o", dir.resolve("lm.model").toString(),
                        TESTDATA.resolve("tok/corpus.txt").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    static Path tok() {
        return dir().resolve("tok.model");
    }

    static Path emb() {
        return dir().resolve("emb.model");
    }

    static Path lm() {
        return dir().resolve("lm.model");
    }

    private static void make(String... args) {
        Cli.Result r = Cli.run(null, args);
        if (r.code() != 0) {
            throw new IllegalStateException("fixture " + String.join(" ", args) + " failed: " + r.err());
        }
    }

    /** The bytes of a model file's weights entry, to compare the weights of two files whose provenance differs. */
    static byte[] weights(Path model) throws java.io.IOException {
        try (org.apache.commons.compress.archivers.zip.ZipFile z =
                org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(model).get()) {
            return z.getInputStream(z.getEntry(recur.io.ModelArchive.WEIGHTS)).readAllBytes();
        }
    }
}
