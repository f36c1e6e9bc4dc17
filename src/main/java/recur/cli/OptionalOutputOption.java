package recur.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import recur.io.Outputs;

/** {@code -o/--output} of a command whose output goes to standard output unless a file is named. */
public final class OptionalOutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The file to write (atomically: a temporary file beside it, then renamed); standard output when absent or '-'.")
    Path output;

    /** The file to write, or null for standard output. */
    public Path file() {
        return output == null || Outputs.isStdout(output) ? null : output;
    }

    /** Exit 2 when the output is the same file as one of {@code inputs}. */
    public void checkNotInput(Object... inputs) {
        OutputOption.checkNotInput(output, inputs);
    }
}
