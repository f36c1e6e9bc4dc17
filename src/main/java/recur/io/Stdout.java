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

    private Stdout() {}

    /** Makes {@code System.out} a UTF-8 stream over file descriptor 1 that records its write errors. */
    public static void install() {
        System.setOut(over(new FileOutputStream(FileDescriptor.out)));
    }

    /** A print stream over {@code raw} whose write errors {@link #failure()} can classify. */
    public static PrintStream over(OutputStream raw) {
        lastError = null;
        return new PrintStream(new BufferedOutputStream(new Recording(raw), 1 << 13), true, StandardCharsets.UTF_8);
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
            try {
                out.write(b);
            } catch (IOException e) {
                lastError = e;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                lastError = e;
                throw e;
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
