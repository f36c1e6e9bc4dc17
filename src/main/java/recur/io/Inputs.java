package recur.io;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Opens named inputs: {@code -} is standard input; gzip, bzip2 and xz are recognised by their
 * magic bytes, never by the file name.
 */
public final class Inputs {
    /** The name under which standard input appears in messages. */
    public static final String STDIN = "-";

    private Inputs() {}

    /** The names to read: the arguments, or standard input when there are none. */
    public static List<String> namesOrStdin(List<String> names) {
        return names == null || names.isEmpty() ? List.of(STDIN) : names;
    }

    /** Opens a file (or stdin for {@code -}), decompressing when its first bytes say so. */
    public static InputStream open(String name) {
        InputStream raw;
        try {
            raw = STDIN.equals(name) ? new UncloseableStdin() : new FileInputStream(name);
        } catch (FileNotFoundException e) {
            Path p = Path.of(name);
            if (!Files.exists(p)) {
                throw new UncheckedIOException(new NoSuchFileException(name));
            }
            String why = Files.isDirectory(p) ? "is a folder, not a file" : !Files.isReadable(p) ? "permission denied" : "cannot open";
            throw new UncheckedIOException(new java.nio.file.FileSystemException(name, null, why));
        }
        try {
            return decompressing(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /** Wraps a stream in the decompressor its magic bytes call for, or returns it buffered as it is. */
    public static InputStream decompressing(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(8);
        byte[] m = new byte[6];
        int n = in.readNBytes(m, 0, 6);
        in.reset();
        if (n >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(new GzipCompressorInputStream(in, true), 1 << 16);
        }
        if (n >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h') {
            return new BufferedInputStream(new BZip2CompressorInputStream(in, true), 1 << 16);
        }
        if (n >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z' && m[5] == 0) {
            return new BufferedInputStream(new XZCompressorInputStream(in, true), 1 << 16);
        }
        if (n >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) {
            throw new IOException("zstd-compressed input is not supported; decompress it first (zstd -d)");
        }
        return in;
    }

    /**
     * Makes every input a re-readable file: named files stay as they are, standard input is
     * copied (decompressed) to a temporary file deleted at exit. Training reads its data several times.
     */
    public static List<String> spooled(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String name : namesOrStdin(names)) {
            if (!STDIN.equals(name)) {
                out.add(name);
                continue;
            }
            try (InputStream in = open(name)) {
                Path tmp = Files.createTempFile("recur-stdin-", ".txt");
                tmp.toFile().deleteOnExit();
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                out.add(tmp.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("spooling standard input: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Makes reading standard input a usage error when the process was started with it closed
     * ({@code recur ... <&-}). The JVM then opens one of its own files on descriptor 0 (its module
     * image, the jar), and reading it would pass that file off as the user's input. The launcher's
     * {@code main} calls this once; /proc tells what descriptor 0 is.
     */
    public static void refuseClosedStdin() {
        Path fd0 = Path.of("/proc/self/fd/0");
        try {
            if (!Files.isSymbolicLink(fd0)) {
                return;
            }
            String target = Files.readSymbolicLink(fd0).toString();
            String javaHome = System.getProperty("java.home", "\0");
            boolean ours = target.startsWith(javaHome) || target.endsWith(".jsa");
            for (String cp : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                ours |= !cp.isEmpty() && Path.of(cp).toAbsolutePath().toString().equals(target);
            }
            if (ours) {
                System.setIn(new ClosedStdin());
            }
        } catch (IOException | RuntimeException e) {
            // no /proc, or a descriptor we cannot inspect: read it as it is
        }
    }

    /** Standard input when the process was started without one. */
    private static final class ClosedStdin extends InputStream {
        @Override
        public int read() {
            throw new UsageException("standard input is closed (<&-); name an input file, or redirect it (</dev/null for none)");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return read();
        }
    }

    /** Standard input that survives close(), so a command may open "-" more than once in tests. */
    private static final class UncloseableStdin extends InputStream {
        @Override
        public int read() throws IOException {
            return System.in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return System.in.read(b, off, len);
        }

        @Override
        public void close() {}
    }
}
