package recur.cli;

import picocli.CommandLine.Option;

/** {@code --seed}: the random seed of a command that draws random numbers but computes on one thread. */
public final class SeedOption {
    static final String DESCRIPTION = "Random seed: the same seed, thread count and input give the same bytes out."
            + " Default: ${DEFAULT-VALUE}.";

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = DESCRIPTION)
    public long seed;
}
