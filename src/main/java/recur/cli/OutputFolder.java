package recur.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An output's folder must exist: a typo in -o is an error (exit 3), not a silent {@code mkdir -p}. */
final class OutputFolder {
    private OutputFolder() {}

    static void check(Path output, String option) {
        Path folder = output.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UncheckedIOException(option + " " + output + ": no such folder " + folder,
                    new NoSuchFileException(folder.toString()));
        }
    }
}
