package recur.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import recur.model.word2vec.Embeddings;

/** The -m option of the commands that use a trained embeddings model, so they name and load it alike. */
public final class EmbeddingsModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "EMB", required = true, description = "Embeddings model file.")
    Path model;

    /** The model; a missing or inconsistent file is a {@link recur.io.ModelFileException} (exit 3). */
    Embeddings load() {
        return Embeddings.load(model);
    }
}
