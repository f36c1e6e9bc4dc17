package recur.io;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Standard output that remembers why a write failed. {@link PrintStream} (what {@code System.out}
 * is) swallows every IOException and only says "there was an error"; but a reader that went away
 * ({@code | head}, EPIPE) is the normal end of a pipeline while a full disk (ENOSPC) or EIO loses
 * data. Installed as {@code System.out} by the launcher's {@code main} (and by tests that write to
 * {@code /dev/full}), it lets {@link #failure()} tell the two apart for every command at once.
 */
public final class Stdout {
    private static volatile IOException lastError;
    /** Run before bytes go out: a progress line drawn in place on the same terminal erases itself. */
    private static volatile Runnable beforeWrite;
    /**
     * Held while bytes go to standard output and while a progress line is drawn on standard error, so
     * that on a shared terminal neither comes between the other's erasing and writing.
     */
    public static final Object TERMINAL = new Object();
    /** Whether the last byte written ended a line (or nothing was written): a progress line may be drawn. */
    private static volatile boolean atLineStart = true;

    private Stdout() {}

    /** Makes {@code System.out} a UTF-8 stream over file descriptor 1 that records its write errors. */
    public static void install() {
        System.setOut(over(new FileOutputStream(FileDescriptor.out)));
    }

    /** A print stream over {@code raw} whose write errors {@link #failure()} can classify. */
    public static PrintStream over(OutputStream raw) {
        lastError = null;
        atLineStart = true;
        return new PrintStream(new BufferedOutputStream(new Recording(raw), 1 << 13), true, StandardCharsets.UTF_8);
    }

    /**
     * Sets what runs before any bytes of standard output are written (null: nothing). A progress line
     * redrawn in place on a terminal that standard output shares registers its erasure here, so a record
     * never lands at the end of a progress line, whoever flushes and from whichever thread.
     */
    public static void beforeWrite(Runnable hook) {
        beforeWrite = hook;
    }

    /**
     * Whether file descriptor 1 is a terminal, as far as the system tells (Linux names the device
     * behind it in /proc); false where it cannot be known.
     */
    public static boolean isTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            // no /proc, no symbolic links on this file system, or not allowed to look: unknown
            return false;
        }
    }

    /** Whether standard output's last byte ended a line, so a line drawn now would not split one of its lines. */
    public static boolean atLineStart() {
        return atLineStart;
    }

    private static void announce() {
        Runnable r = beforeWrite;
        if (r != null) {
            r.run();
        }
    }

    /** The last write error of an installed stream, or null. */
    public static IOException lastError() {
        return lastError;
    }

    /** Forgets a recorded error (tests run many commands in one JVM). */
    public static void reset() {
        lastError = null;
    }

    /**
     * What a failed write to standard output means: {@link OutputClosedException} when the reader
     * left (or when nothing says otherwise), an {@link UncheckedIOException} naming the cause otherwise.
     */
    public static RuntimeException failure() {
        IOException e = lastError;
        if (e == null || isClosedPipe(e)) {
            return new OutputClosedException(e);
        }
        return new UncheckedIOException("cannot write standard output: " + e.getMessage(), e);
    }

    /** Flushes a print stream and throws {@link #failure()} when it has seen a write error. */
    public static void check(PrintStream out) {
        if (out.checkError()) {
            throw failure();
        }
    }

    /** EPIPE or a stream closed under us: the reader has gone. */
    static boolean isClosedPipe(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Broken pipe") || m.contains("Stream closed");
    }

    /** Passes bytes through and keeps the last exception before rethrowing it. */
    private static final class Recording extends FilterOutputStream {
        Recording(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (TERMINAL) {
                announce();
                try {
                    out.write(b);
                    atLineStart = b == '\n';
                } catch (IOException e) {
                    lastError = e;
                    throw e;
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (TERMINAL) {
                announce();
                try {
                    out.write(b, off, len);
                    if (len > 0) {
                        atLineStart = b[off + len - 1] == '\n';
                    }
                } catch (IOException e) {
                    lastError = e;
                    throw e;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                lastError = e;
                throw e;
            }
        }
    }
}
