package recur.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Runs recur in-process as a user would from the shell, capturing stdout, stderr and the exit code. */
public final class Cli {
    /** What one run printed and returned. */
    public record Result(int code, String out, String err) {}

    private Cli() {}

    /** Runs the command as if Ctrl-C had come just before it started (the request is cleared after). */
    public static Result runStopped(String... args) {
        recur.train.StopSignal.request();
        try {
            return run(null, args);
        } finally {
            recur.train.StopSignal.clear();
        }
    }

    public static Result run(String stdin, String... args) {
        return runTo(null, stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /**
     * Runs with standard output going to {@code stdout} (a file such as /dev/full, through the same
     * error-recording stream the launcher installs), or captured when null.
     */
    public static Result runTo(java.io.OutputStream stdout, byte[] stdin, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            recur.io.Stdout.reset();
            System.setIn(new ByteArrayInputStream(stdin));
            PrintStream po = stdout == null ? new PrintStream(out, true, StandardCharsets.UTF_8) : recur.io.Stdout.over(stdout);
            PrintStream pe = new PrintStream(err, true, StandardCharsets.UTF_8);
            System.setOut(po);
            System.setErr(pe);
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(po, true));
            cl.setErr(new PrintWriter(pe, true));
            int code = cl.execute(args);
            po.flush();
            pe.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
