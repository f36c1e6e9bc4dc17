package recur.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The subcommands of {@code recur}, in the order help lists them. Each command adds its class
 * here; nothing else needs to know the full list.
 */
final class Commands {
    private static final List<Class<?>> ALL = List.of(
            TokenizeCommand.class,
            EmbedCommand.class,
            TrainLmCommand.class,
            SampleCommand.class,
            ScoreCommand.class,
            ClassifyCommand.class,
            TranslateCommand.class,
            EvalCommand.class,
            InfoCommand.class,
            PlotCommand.class);

    private Commands() {}

    /** Every command, {@code help} first: for help, man pages and completion. */
    static void register(CommandLine top) {
        top.addSubcommand(HelpCommand.class);
        for (Class<?> c : ALL) {
            top.addSubcommand(c);
        }
    }

    /**
     * Only the command the arguments name, when they start with one: building picocli's model
     * of a command (its options, mixins, help texts) is most of recur's start-up, and a run
     * needs only its own (not even {@code help}). Anything else (help, --version, a mistyped
     * name) gets every command, so that help lists them and a typo gets suggestions.
     */
    static void register(CommandLine top, String[] args) {
        if (args.length > 0) {
            for (Class<?> c : ALL) {
                if (c.getAnnotation(Command.class).name().equals(args[0])) {
                    top.addSubcommand(c);
                    return;
                }
            }
            if (args[0].equals("--version") || args[0].equals("-V")) {
                return;
            }
        }
        register(top);
    }
}
