package recur.cli;

import picocli.CommandLine;

/**
 * The subcommands of {@code recur}, in the order help lists them. Each command adds its line
 * here; nothing else needs to know the full list.
 */
final class Commands {
    private Commands() {}

    static void register(CommandLine top) {
        // subcommands are added here as they are written, e.g. top.addSubcommand(new TrainLmCommand());
        top.addSubcommand(new EmbedCommand());
        top.addSubcommand(new EvalCommand());
    }
}
