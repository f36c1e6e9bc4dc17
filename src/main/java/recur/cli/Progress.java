package recur.cli;

import java.io.PrintStream;
import recur.io.Stdout;

/**
 * Progress on standard error: redrawn in place on a terminal, otherwise a plain line every few
 * seconds, nothing with --quiet. Every progress line starts {@code recur COMMAND:} when the
 * command is named. The launcher tells us whether stderr is a terminal ({@code -Drecur.tty=true}),
 * because the JVM cannot see it when stderr is filtered. When standard output goes to the same
 * terminal, the line in place is erased before any record is written ({@link Stdout#beforeWrite}),
 * so records and progress never share a line; it is drawn again below them at the next update.
 */
public final class Progress {
    private final PrintStream err;
    private final boolean quiet;
    private final boolean tty;
    private final boolean sharedWithOut;
    private final String prefix;
    private final long intervalNanos;
    private long last = System.nanoTime();
    private int lastWidth;

    /**
     * @param command the command's name ("train-lm", "tokenize learn") that starts every
     *                progress line
     */
    public Progress(PrintStream err, boolean quiet, String command) {
        this(err, quiet, command, Boolean.getBoolean("recur.tty"), Boolean.getBoolean("recur.tty") && Stdout.isTerminal());
    }

    /**
     * @param tty           whether stderr is a terminal (lines are redrawn in place)
     * @param sharedWithOut whether standard output shows on that terminal too
     */
    Progress(PrintStream err, boolean quiet, String command, boolean tty, boolean sharedWithOut) {
        this.err = err;
        this.quiet = quiet;
        this.tty = tty;
        this.sharedWithOut = tty && sharedWithOut;
        this.prefix = command == null ? "" : "recur " + command + ": ";
        this.intervalNanos = tty ? 200_000_000L : 5_000_000_000L;
        if (tty && sharedWithOut && !quiet) {
            Stdout.beforeWrite(this::erase);
        }
    }

    /** Erases the line in place, if one is drawn (before standard output writes to the same terminal). */
    private void erase() {
        synchronized (Stdout.TERMINAL) {
            if (lastWidth > 0) {
                err.print("\r" + " ".repeat(lastWidth) + "\r");
                err.flush();
                lastWidth = 0;
            }
        }
    }

    /** For commands that only write notes (which carry their own "recur COMMAND:"). */
    public Progress(PrintStream err, boolean quiet) {
        this(err, quiet, null);
    }

    /** Shows the line if enough time passed since the last one (or always when forced). */
    public void update(String line, boolean force) {
        synchronized (Stdout.TERMINAL) {
            if (quiet) {
                return;
            }
            long now = System.nanoTime();
            if (!force && now - last < intervalNanos) {
                return;
            }
            if (sharedWithOut && !Stdout.atLineStart()) {
                return; // half a record is on the screen: draw at a later update, below it
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
    }

    public void update(String line) {
        update(line, false);
    }

    /** Ends an in-place line so the next message starts on its own line. */
    public void done() {
        synchronized (Stdout.TERMINAL) {
            if (!quiet && tty && lastWidth > 0) {
                err.println();
                err.flush();
                lastWidth = 0;
            }
        }
    }

    /**
     * Erases an in-place line, so that what goes to standard output next (a JSON record, on the
     * same terminal) starts at the left margin and the line is redrawn below it at the next update.
     */
    public void clear() {
        synchronized (Stdout.TERMINAL) {
            if (!quiet && tty && lastWidth > 0) {
                err.print("\r" + " ".repeat(lastWidth) + "\r");
                err.flush();
                lastWidth = 0;
                last = 0;
            }
        }
    }

    /**
     * A message that is not progress (a note, a summary): always on its own line, unless quiet; it
     * starts with "recur COMMAND:" like the progress lines (unless it names the command itself).
     */
    public void note(String message) {
        synchronized (Stdout.TERMINAL) {
            if (quiet) {
                return;
            }
            done();
            err.println(message.startsWith("recur ") ? message : prefix + message);
            err.flush();
        }
    }

    /** A warning: shown even with --quiet, on its own line. */
    public void warn(String message) {
        synchronized (Stdout.TERMINAL) {
            if (!quiet) {
                done();
            }
            err.println(message);
            err.flush();
        }
    }

    /** "1h 2m 3s" as fastText prints times. */
    public static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return (s / 3600) + "h " + (s / 60 % 60) + "m " + (s % 60) + "s";
    }
}
