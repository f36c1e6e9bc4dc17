package recur.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import recur.io.BadInputException;
import recur.io.ModelFileException;
import recur.io.OutputClosedException;
import recur.io.Version;

/** The top command: lists the subcommands, declares exit codes, and maps failures to them. */
@Command(name = "recur",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        header = "Learn and run sequence models as Unix pipeline commands over JSON Lines.",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Each command reads JSON Lines (or plain text, one record a line) from the files named,"
                    + " or standard input when none or '-'; gzip, bzip2 and xz are recognised by their magic bytes."
                    + " Results go to standard output as JSON Lines with every input field passed through;"
                    + " progress and diagnostics go to standard error."},
        subcommands = {CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:bad input data (the message names file:line)",
            "2:usage error",
            "3:I/O or model-file error",
            "4:internal error (rerun with --debug for a stack trace)",
            "130:interrupted (after saving what can be saved)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  recur train-lm --cell lstm -o lm.model testdata/tinyshakespeare.txt",
            "  recur sample -m lm.model --prompt 'ROMEO:' -n 3",
            "  recur help train-lm"})
public final class Main implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** The configured command line with every command, for in-process tests, man pages and completion. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        Commands.register(cl);
        return configure(cl);
    }

    /** The command line that runs these arguments: only the command they name is built. */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        Commands.register(cl, args);
        return configure(cl);
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setExecutionExceptionHandler(Main::handleFailure);
        cl.setParameterExceptionHandler(Main::handleUsage);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine(args).execute(args);
        System.out.flush();
        System.exit(code);
    }

    static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(qualifiedName(cl) + ": " + e.getMessage());
        err.println("Try '" + qualifiedName(cl) + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    static int handleFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String name = qualifiedName(cl);
        int code;
        if (e instanceof OutputClosedException) {
            return ExitCodes.OK;
        } else if (e instanceof BadInputException) {
            code = ExitCodes.BAD_INPUT;
        } else if (e instanceof ModelFileException || e instanceof IOException || e instanceof UncheckedIOException) {
            code = ExitCodes.IO;
        } else if (e instanceof InterruptedException || e instanceof recur.train.TrainingInterrupted) {
            code = ExitCodes.INTERRUPTED;
        } else if (e instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
        } else {
            code = ExitCodes.INTERNAL;
        }
        String msg = e.getMessage();
        if (code == ExitCodes.INTERNAL || msg == null || msg.isBlank()) {
            msg = "internal error: " + e + (debug(parsed) ? "" : " (rerun with --debug for details)");
        }
        err.println(name + ": " + msg);
        if (debug(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static boolean debug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return Boolean.getBoolean("recur.debug");
    }

    /** "recur train-lm", "recur tokenize learn": the name error messages start with. */
    static String qualifiedName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }

    /** Reads the version from the jar manifest. */
    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"recur " + Version.get(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                "SIMD kernels: " + (recur.tensor.Simd.AVAILABLE ? "Vector API" : "plain Java (add --add-modules jdk.incubator.vector)")};
        }
    }
}
