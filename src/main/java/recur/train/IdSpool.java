package recur.train;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stream of ids written once and then read at any position, kept in a temporary file so that
 * memory does not grow with it: what {@code eval perplexity} needs to cut an input of any size
 * into columns (a column starts at a position known only once the whole input is read). The first
 * {@link #IN_MEMORY} ids stay in memory; only a longer stream touches the disk (4 bytes an id).
 * The file is deleted on close.
 */
public final class IdSpool implements Closeable {
    /** Ids kept in memory before the stream spills to a file. */
    static final int IN_MEMORY = 1 << 20;

    private final int inMemory;
    private final int[] head;
    private long length;
    private Path file;
    private FileChannel channel;
    private final ByteBuffer out = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    public IdSpool() {
        this(IN_MEMORY);
    }

    /** @param inMemory ids kept in memory before spilling (tests make it small) */
    IdSpool(int inMemory) {
        this.inMemory = inMemory;
        this.head = new int[inMemory];
    }

    public void add(int[] ids) {
        for (int id : ids) {
            if (length < inMemory) {
                head[(int) length] = id;
            } else {
                if (!out.hasRemaining()) {
                    flush();
                }
                out.putInt(id);
            }
            length++;
        }
    }

    public long length() {
        return length;
    }

    /** dst[off .. off+n) = ids [pos, pos+n). */
    public void read(long pos, int[] dst, int off, int n) {
        if (pos < 0 || n < 0 || pos + n > length) {
            throw new IndexOutOfBoundsException("ids [" + pos + ", " + (pos + n) + ") of " + length);
        }
        while (n > 0 && pos < inMemory) {
            dst[off++] = head[(int) pos++];
            n--;
        }
        if (n == 0) {
            return;
        }
        flush();
        try {
            long at = (pos - inMemory) * 4;
            while (n > 0) {
                in.clear();
                in.limit(Math.min(in.capacity(), n * 4));
                while (in.hasRemaining()) {
                    if (channel.read(in, at + in.position()) < 0) {
                        throw new IOException("the spool file " + file + " ended early");
                    }
                }
                in.flip();
                int got = in.remaining() / 4;
                for (int i = 0; i < got; i++) {
                    dst[off++] = in.getInt();
                }
                at += got * 4L;
                n -= got;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private void flush() {
        if (out.position() == 0) {
            return;
        }
        try {
            if (channel == null) {
                file = Files.createTempFile("recur-ids", ".bin");
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            }
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out, channel.size());
            }
            out.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }
    }
}
