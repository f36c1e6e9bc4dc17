package recur.model.glove;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Co-occurrence entries (i, j, x) on disk: a flat run of 16-byte records, int i, int j,
 * double x, big-endian (Stanford's CREC with 0-based ids). Used for the sorted runs a full table
 * spills, the shuffled chunks and the file training reads.
 */
public final class Entries {
    private Entries() {}

    /** Receives entries one at a time. */
    public interface Sink {
        void accept(int i, int j, double x) throws IOException;
    }

    /** Writes entries to a file. */
    static final class Writer implements Sink, Closeable {
        private final DataOutputStream out;
        private long count;

        Writer(Path file) throws IOException {
            out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }

        @Override
        public void accept(int i, int j, double x) throws IOException {
            out.writeInt(i);
            out.writeInt(j);
            out.writeDouble(x);
            count++;
        }

        long count() {
            return count;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads the entries of a file in order; {@link #next()} moves to the next one. */
    static final class Reader implements Closeable {
        private final DataInputStream in;
        int i;
        int j;
        double x;

        Reader(Path file, int buffer) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), buffer));
        }

        /** Reads the next entry into i, j, x; false at the end of the file. */
        boolean next() throws IOException {
            try {
                i = in.readInt();
            } catch (EOFException end) {
                return false;
            }
            j = in.readInt();
            x = in.readDouble();
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Deletes a temporary file, ignoring one already gone. */
    static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
