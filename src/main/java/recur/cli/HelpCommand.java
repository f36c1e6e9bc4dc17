package recur.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code recur help [COMMAND [SUBCOMMAND]]}: the help of any command, nested ones too
 * ({@code recur help tokenize learn}); picocli's own help command looks up one name only.
 */
@Command(name = "help", helpCommand = true,
        header = "Show the help of a command: recur help COMMAND [SUBCOMMAND].",
        synopsisHeading = "%nUsage: ",
        description = "Prints the full help of the command named (of recur itself when none is named).")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, then its subcommand.")
    List<String> names = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, "unknown command '" + name + "' in '"
                        + String.join(" ", names) + "'; the commands of " + target.getCommandSpec().qualifiedName()
                        + " are: " + String.join(", ", target.getSubcommands().keySet()));
            }
            target = sub;
        }
        target.usage(out, colors);
    }
}
