package recur.cli;

import picocli.CommandLine;

/**
 * The subcommands of {@code recur}, in the order help lists them. Each command adds its line
 * here; nothing else needs to know the full list.
 */
final class Commands {
    private Commands() {}

    static void register(CommandLine top) {
        top.addSubcommand(new TokenizeCommand());
        top.addSubcommand(new EmbedCommand());
        top.addSubcommand(new TrainLmCommand());
        top.addSubcommand(new SampleCommand());
        top.addSubcommand(new ClassifyCommand());
        top.addSubcommand(new EvalCommand());
    }
}
