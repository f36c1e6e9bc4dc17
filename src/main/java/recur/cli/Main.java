package recur.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import java.nio.file.NoSuchFileException;
import recur.io.BadInputException;
import recur.io.Inputs;
import recur.io.Memory;
import recur.io.NotEnoughMemoryException;
import recur.io.ModelFileException;
import recur.io.OutputClosedException;
import recur.io.Stdout;
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
            "  recur train-lm --level char --cell lstm --max-time 60s -o lm.model testdata/shakespeare/train.txt",
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
        cl.setExecutionStrategy(Main::runChecked);
        examplesAsWritten(cl);
        cl.setExecutionExceptionHandler(Main::handleFailure);
        cl.setParameterExceptionHandler(Main::handleUsage);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    public static void main(String[] args) {
        // System.out as the JVM makes it cannot tell a closed pipe from a full disk
        Stdout.install();
        Inputs.refuseClosedStdin();
        // the version needs no model of the command line, which is most of a start's CPU time
        int code = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))
                ? printVersion() : commandLine(args).execute(args);
        System.out.flush();
        System.exit(code);
    }

    /** What {@code recur --version} prints, as picocli would print it, without building picocli's model. */
    static int printVersion() {
        for (String line : new VersionProvider().getVersion()) {
            System.out.println(line);
        }
        System.out.flush();
        if (System.out.checkError()) {
            RuntimeException f = Stdout.failure();
            if (!(f instanceof OutputClosedException)) {
                System.err.println("recur: " + message(f, ExitCodes.IO, false));
                return ExitCodes.IO;
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Runs the command, then makes sure what it wrote to standard output arrived: a write error
     * the command did not see (a full disk) is exit 3, never a quiet 0. The JVM's errors (out of
     * memory, stack overflow) are turned into exceptions here, so they reach {@link #handleFailure}.
     */
    static int runChecked(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        CommandLine cl = last.commandSpec().commandLine();
        int code;
        try {
            code = new CommandLine.RunLast().execute(parsed);
        } catch (OutOfMemoryError e) {
            throw new CommandLine.ExecutionException(cl, "out of memory",
                    new NotEnoughMemoryException(Memory.message("this run needed more memory than the heap holds", -1)));
        } catch (StackOverflowError e) {
            throw new CommandLine.ExecutionException(cl, "stack overflow", new IllegalStateException("stack overflow (a record or an input nested too deeply?)", e));
        }
        System.out.flush();
        if (System.out.checkError()) {
            RuntimeException f = Stdout.failure();
            if (!(f instanceof OutputClosedException)) {
                throw new CommandLine.ExecutionException(cl, f.getMessage(), f);
            }
        }
        return code;
    }

    /**
     * Footers hold example command lines: print them as written, never wrapped at the help's
     * width, so that they can be copied and the lines continued with a backslash stay whole.
     */
    private static void examplesAsWritten(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> {
            StringBuilder s = new StringBuilder();
            for (String line : help.commandSpec().usageMessage().footer()) {
                s.append(String.format(line)).append(System.lineSeparator());
            }
            return s.toString();
        });
        for (CommandLine sub : cl.getSubcommands().values()) {
            examplesAsWritten(sub);
        }
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
        if (e instanceof CommandLine.ExecutionException && e.getCause() != null) {
            // an Error the strategy above could not turn into an exception, or one it wrapped
            Throwable c = e.getCause();
            e = c instanceof Exception ce ? ce : new IllegalStateException(String.valueOf(c), c);
        }
        if (e instanceof OutputClosedException) {
            RuntimeException f = Stdout.failure();
            if (f instanceof OutputClosedException) {
                return ExitCodes.OK;
            }
            e = f;
        }
        int code = exitCode(e);
        String msg = message(e, code, debug(parsed));
        err.println(name + ": " + msg);
        if (debug(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /**
     * The exit code of a failure, by where it came from: bad records (file:line) 1; options a command
     * refused 2; files, model files, memory and standard output 3; interrupted 130; anything else,
     * a bug in recur, 4. An IllegalArgumentException is a usage error only when a command or an
     * option check raised it; from deeper in the library it means recur passed a wrong value itself.
     */
    static int exitCode(Throwable e) {
        if (e instanceof BadInputException) {
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof ModelFileException || e instanceof NotEnoughMemoryException
                || e instanceof IOException || e instanceof UncheckedIOException) {
            return ExitCodes.IO;
        }
        if (e instanceof InterruptedException || e instanceof recur.train.TrainingInterrupted) {
            return ExitCodes.INTERRUPTED;
        }
        if (e instanceof CommandLine.ParameterException || e instanceof recur.io.UsageException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof IllegalArgumentException) {
            return fromOptionCheck(e) ? ExitCodes.USAGE : ExitCodes.INTERNAL;
        }
        return ExitCodes.INTERNAL;
    }

    /**
     * True when an IllegalArgumentException was raised where options are checked: in a command
     * (recur.cli) or in the parameter checks of a library constructor or factory that the command
     * calls with its options' values (the message then names the option, "--dim must be ...").
     */
    private static boolean fromOptionCheck(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        if (st.length > 0 && st[0].getClassName().startsWith("recur.cli.")) {
            return true;
        }
        String m = String.valueOf(e.getMessage());
        return m.startsWith("--") || m.contains(" --");
    }

    private static final java.util.regex.Pattern JAVA_CLASS = java.util.regex.Pattern.compile(
            "\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    /** The one line a user sees: the exception's own message, in the user's terms. */
    static String message(Throwable e, int code, boolean debug) {
        String msg = e.getMessage();
        Throwable io = e instanceof UncheckedIOException u && u.getCause() instanceof java.nio.file.FileSystemException f
                && (msg == null || msg.equals(f.toString())) ? f : e;
        if (io instanceof NoSuchFileException f) {
            return "no such file: " + f.getFile();
        }
        if (io instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (io instanceof java.nio.file.FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be used");
        }
        if (msg != null && !debug) {
            // a message built from a Java exception's toString() names its class; the user needs only the text
            msg = JAVA_CLASS.matcher(msg).replaceAll("").strip();
        }
        if (code == ExitCodes.INTERNAL || msg == null || msg.isBlank()) {
            String what = debug ? e.toString() : (msg == null || msg.isBlank() ? "an unexpected condition" : msg);
            return "internal error: " + what + (debug ? "" : " (rerun with --debug for details)");
        }
        return msg;
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
                "SIMD kernels: " + (recur.tensor.Simd.AVAILABLE ? "Vector API"
                        : "plain Java in this JVM (bin/recur adds jdk.incubator.vector to the commands that multiply matrices)")};
        }
    }
}
