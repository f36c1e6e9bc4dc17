package recur.cli;

import picocli.CommandLine.Option;

/** --quiet and --debug, the same on every command. */
public final class CommonOptions {
    @Option(names = "--quiet", description = "No progress on standard error.")
    public boolean quiet;

    @Option(names = "--debug", description = "Print a stack trace on errors.")
    public boolean debug;
}
