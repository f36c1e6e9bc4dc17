package recur.cli;

import picocli.CommandLine.Option;
import recur.tensor.Threads;

/** {@code --threads}: how many threads a command computes on (1 to 256, checked while parsing). */
public class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", converter = Ranges.ThreadCount.class,
            description = "Threads to compute on (1-256); results do not depend on it unless the command says so."
                    + " Default: ${DEFAULT-VALUE}.")
    public int threads;

    /** Applies --threads to the numeric core. */
    public void apply() {
        Threads.set(threads);
    }
}
