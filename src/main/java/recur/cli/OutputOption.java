package recur.cli;

import java.nio.file.Path;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import recur.io.Outputs;

/**
 * {@code -o/--output}: the file a command writes (required). {@link #checkNotInput} refuses, before
 * anything is read, an output that is the same file as an input. {@code -} or {@code /dev/stdout}
 * writes to standard output; a symlink is written through to its target, atomically.
 */
public final class OutputOption {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The file to write (atomically: a temporary file beside it, then renamed); '-' writes to standard output.")
    Path output;

    /** The output named. */
    public Path path() {
        return output;
    }

    /** Exit 2 when the output is the same file as one of {@code inputs} (file names or paths; '-' and null are skipped). */
    public void checkNotInput(Object... inputs) {
        checkNotInput(output, inputs);
    }

    /**
     * The check itself, for every command with an output file (one line before it reads anything):
     * each of {@code inputs} is a file name, a path, a collection of them, or null.
     */
    public static void checkNotInput(Path output, Object... inputs) {
        List<Object> all = new ArrayList<>();
        for (Object in : inputs) {
            if (in instanceof Collection<?> c) {
                all.addAll(c);
            } else if (in != null) {
                all.add(in);
            }
        }
        String same = Outputs.sameAsInput(output, all);
        if (same != null) {
            throw new IllegalArgumentException("the output " + output + " is the input " + same
                    + "; an output never replaces an input (write elsewhere, then rename)");
        }
    }
}
