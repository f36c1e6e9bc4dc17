package recur.cli;

/** The exit codes every recur command keeps (design.md). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int BAD_INPUT = 1;
    public static final int USAGE = 2;
    public static final int IO = 3;
    public static final int INTERNAL = 4;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
