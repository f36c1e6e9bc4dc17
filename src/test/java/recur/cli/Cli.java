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

    /**
     * Runs the command with a standard output that is closed after its first line, as
     * {@code | head -1} does: writes after it fail with a broken pipe. {@code out} holds what got through.
     */
    public static Result runIntoHeadOne(String... args) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        java.io.OutputStream head = new java.io.OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws java.io.IOException {
                if (closed) {
                    throw new java.io.IOException("Broken pipe");
                }
                got.write(b);
                closed = b == '\n';
            }
        };
        return run(null, new PrintStream(head, true, StandardCharsets.UTF_8), got, args);
    }

    public static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return run(stdin, new PrintStream(out, true, StandardCharsets.UTF_8), out, args);
    }

    private static Result run(String stdin, PrintStream po, ByteArrayOutputStream out, String... args) {
        InputStream oldIn = System.in;
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
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
