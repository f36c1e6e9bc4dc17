package recur.cli;

import picocli.CommandLine.Option;

/** {@code --unbuffered}: flush every output record as it is written (jq's option), for interactive pipes. */
public final class UnbufferedOption {
    @Option(names = "--unbuffered", description = "Flush after every record (for interactive pipes); block-buffered otherwise.")
    public boolean unbuffered;
}
