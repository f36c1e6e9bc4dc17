package recur.cli;

import java.io.PrintStream;

/**
 * Progress on standard error: redrawn in place on a terminal, otherwise a plain line every few
 * seconds, nothing with --quiet. Every progress line starts {@code recur COMMAND:} when the
 * command is named. The launcher tells us whether stderr is a terminal ({@code -Drecur.tty=true}),
 * because the JVM cannot see it when stderr is filtered.
 */
public final class Progress {
    private final PrintStream err;
    private final boolean quiet;
    private final boolean tty;
    private final String prefix;
    private final long intervalNanos;
    private long last = System.nanoTime();
    private int lastWidth;

    /**
     * @param command the command's name ("train-lm", "tokenize learn") that starts every
     *                progress line
     */
    public Progress(PrintStream err, boolean quiet, String command) {
        this.err = err;
        this.quiet = quiet;
        this.tty = Boolean.getBoolean("recur.tty");
        this.prefix = command == null ? "" : "recur " + command + ": ";
        this.intervalNanos = tty ? 200_000_000L : 5_000_000_000L;
    }

    /** For commands that only write notes (which carry their own "recur COMMAND:"). */
    public Progress(PrintStream err, boolean quiet) {
        this(err, quiet, null);
    }

    /** Shows the line if enough time passed since the last one (or always when forced). */
    public void update(String line, boolean force) {
        if (quiet) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - last < intervalNanos) {
            return;
        }
        last = now;
        line = prefix + line;
        if (tty) {
            String pad = line.length() < lastWidth ? " ".repeat(lastWidth - line.length()) : "";
            err.print("\r" + line + pad);
            lastWidth = line.length();
        } else {
            err.println(line);
        }
        err.flush();
    }

    public void update(String line) {
        update(line, false);
    }

    /** Ends an in-place line so the next message starts on its own line. */
    public void done() {
        if (!quiet && tty && lastWidth > 0) {
            err.println();
            err.flush();
            lastWidth = 0;
        }
    }

    /**
     * Erases an in-place line, so that what goes to standard output next (a JSON record, on the
     * same terminal) starts at the left margin and the line is redrawn below it at the next update.
     */
    public void clear() {
        if (!quiet && tty && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
            last = 0;
        }
    }

    /** A message that is not progress (a note, a warning): always on its own line, unless quiet. */
    public void note(String message) {
        if (quiet) {
            return;
        }
        done();
        err.println(message);
        err.flush();
    }

    /** A warning: shown even with --quiet, on its own line. */
    public void warn(String message) {
        if (!quiet) {
            done();
        }
        err.println(message);
        err.flush();
    }

    /** "1h 2m 3s" as fastText prints times. */
    public static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return (s / 3600) + "h " + (s / 60 % 60) + "m " + (s % 60) + "s";
    }
}
