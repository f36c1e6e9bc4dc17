package recur.cli;

import picocli.CommandLine.Option;
import recur.tensor.Threads;

/** --seed and --threads, the same on every command that computes. */
public final class ComputeOptions {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Random seed: the same seed, thread count and input give the same bytes out. Default: ${DEFAULT-VALUE}.")
    public long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads for the numeric core. Default: ${DEFAULT-VALUE}.")
    public int threads;

    /** Validates and applies --threads to the numeric core. */
    public void apply() {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be between 1 and 256, got " + threads);
        }
        Threads.set(threads);
    }
}
