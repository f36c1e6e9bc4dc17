package recur.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code -m/--model}: the model file a command reads (required). The command's description says
 * which kind it takes; a file of another kind is a clear exit-3 error from the loader.
 */
public final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true,
            description = "The model file to use (see the description for its kind).")
    Path model;

    /** The model file named. */
    public Path path() {
        return model;
    }
}
