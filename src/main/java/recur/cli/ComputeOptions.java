package recur.cli;

import picocli.CommandLine.Option;

/** {@code --seed} and {@code --threads}, the same on every command that computes (threads from {@link ThreadsOption}). */
public final class ComputeOptions extends ThreadsOption {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = SeedOption.DESCRIPTION)
    public long seed;
}
