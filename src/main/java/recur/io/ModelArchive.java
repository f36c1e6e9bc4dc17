package recur.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The one model file format of every command: a zip holding {@code recur.json} (format version,
 * kind, architecture, hyperparameters, vocabulary, provenance) and {@code weights.safetensors}.
 * Written to a temporary file beside the target and renamed into place, so a crash never leaves
 * half a model; read back with the kind checked, so a wrong or damaged file is a clear error.
 */
public final class ModelArchive {
    public static final String META = "recur.json";
    public static final String WEIGHTS = "weights.safetensors";
    public static final int FORMAT_VERSION = 1;

    private final ObjectNode meta;
    private final Map<String, Safetensors.Tensor> tensors;

    private ModelArchive(ObjectNode meta, Map<String, Safetensors.Tensor> tensors) {
        this.meta = meta;
        this.tensors = tensors;
    }

    public ObjectNode meta() {
        return meta;
    }

    public Map<String, Safetensors.Tensor> tensors() {
        return tensors;
    }

    /** The named tensor; its absence is a model-file error. */
    public Safetensors.Tensor tensor(String name) {
        Safetensors.Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelFileException("model file has no tensor " + name);
        }
        return t;
    }

    /** Starts the metadata every model carries: format, version and kind. */
    public static ObjectNode newMeta(String kind) {
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("format", "recur");
        m.put("format_version", FORMAT_VERSION);
        m.put("kind", kind);
        m.put("recur_version", Version.get());
        return m;
    }

    /**
     * Writes the archive atomically: temporary file in the same folder, then rename (through a
     * symlink to the file it names); {@code -} or {@code /dev/stdout} streams it to standard output.
     */
    public static void write(Path path, ObjectNode meta, List<Safetensors.Tensor> weights) throws IOException {
        byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta);
        // the weights go straight from the tensors into the archive, in two passes (the first sizes and sums them
        // for the stored entry's header), so writing a model needs no second copy of it in memory
        IoWriter tensors = out -> Safetensors.write(out, weights);
        replace(path, file -> {
            // a file, not a stream: seekable output puts the sizes in the local headers, the same bytes every time
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(file.toFile())) {
                putEntries(zip, json, tensors);
            }
        }, out -> {
            ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out);
            putEntries(zip, json, tensors);
            zip.finish();
        });
    }

    private static void putEntries(ZipArchiveOutputStream zip, byte[] json, IoWriter tensors) throws IOException {
        ZipArchiveEntry meta = entry(META);
        meta.setMethod(ZipArchiveEntry.DEFLATED);
        zip.putArchiveEntry(meta);
        zip.write(json);
        zip.closeArchiveEntry();
        CRC32 crc = new CRC32();
        long[] size = {0};
        tensors.write(new OutputStream() {
            @Override
            public void write(int b) {
                crc.update(b);
                size[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                crc.update(b, off, len);
                size[0] += len;
            }
        });
        ZipArchiveEntry weights = entry(WEIGHTS);
        weights.setMethod(ZipArchiveEntry.STORED);
        weights.setSize(size[0]);
        weights.setCrc(crc.getValue());
        zip.putArchiveEntry(weights);
        tensors.write(new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                // the entry is closed below, the archive by its owner
            }
        });
        zip.closeArchiveEntry();
    }

    private static ZipArchiveEntry entry(String name) {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        // a fixed time keeps archives of the same model byte-identical
        e.setTime(0L);
        return e;
    }

    /**
     * Reads a model file and checks that it is of {@code kind} (null accepts any kind).
     * Any problem is a {@link ModelFileException} that names the file and what is wrong.
     */
    public static ModelArchive read(Path path, String kind) {
        String what = path.toString();
        if (!Files.exists(path)) {
            throw new ModelFileException(what + ": no such model file");
        }
        // the JDK's zip reader, which the JVM has already used to open recur's jar: commons-compress's,
        // which writes the archive, costs a one-record command about a tenth of its start-up to set up
        try (ZipFile zip = new ZipFile(path.toFile())) {
            long cap = entryCap(Files.size(path));
            ObjectNode meta = readMeta(zip, what, cap);
            String got = meta.path("kind").asText("");
            if (kind != null && !kind.equals(got)) {
                throw new ModelFileException(what + ": a " + (got.isEmpty() ? "model of unknown kind" : got + " model")
                        + ", expected a " + kind + " model");
            }
            int version = meta.path("format_version").asInt(-1);
            if (version < 1 || version > FORMAT_VERSION) {
                throw new ModelFileException(what + ": model format version " + version
                        + " is not one this recur (" + Version.get() + ") reads; it reads up to " + FORMAT_VERSION);
            }
            ZipEntry w = zip.getEntry(WEIGHTS);
            if (w == null) {
                throw new ModelFileException(what + ": not a recur model file (no " + WEIGHTS + ")");
            }
            return new ModelArchive(meta, Safetensors.read(entry(zip, w, what, cap), what));
        } catch (NoSuchFileException e) {
            throw new ModelFileException(what + ": no such model file");
        } catch (IOException e) {
            throw new ModelFileException(what + ": not a recur model file, or truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a model file and builds what it holds; whatever goes wrong while building from a file
     * that passed its checksums (an architecture that makes no sense, a shape that does not fit)
     * is the file's fault, so it becomes a {@link ModelFileException} (exit 3), never a usage or
     * internal error. Memory that runs out while building is said as such.
     */
    public static <T> T load(Path path, String kind, Function<ModelArchive, T> build) {
        ModelArchive a = read(path, kind);
        return building(path, () -> build.apply(a));
    }

    /** Runs {@code build} on a model read from {@code path}, its failures made model-file errors as {@link #load} says. */
    public static <T> T building(Path path, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ModelFileException | NotEnoughMemoryException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new NotEnoughMemoryException(Memory.message("the model in " + path + " needs more than the heap holds"
                    + " (a damaged architecture, or a model for a larger machine)", -1));
        } catch (RuntimeException e) {
            throw new ModelFileException(path + ": model file is damaged (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The most an entry may expand to. Weights are stored uncompressed and recur.json (JSON text)
     * deflates to no better than about 1:20, so an entry of more than 100 times the archive's size
     * is a zip bomb or damage: refused before reading when its header says so, and cut off when
     * reading when it does not.
     */
    static long entryCap(long archiveBytes) {
        return Math.min(Integer.MAX_VALUE - 16, archiveBytes * 100 + (1L << 20));
    }

    /** An entry's bytes, its size capped and its CRC-32 checked. */
    private static byte[] entry(ZipFile zip, ZipEntry e, String what, long cap) throws IOException {
        long declared = e.getSize();
        if (declared > cap) {
            throw new ModelFileException(what + ": model file is damaged (" + e.getName() + " declares " + declared
                    + " bytes, more than a file of this size can hold)");
        }
        long limit = declared >= 0 ? declared : cap;
        Memory.require(limit, "reading " + e.getName() + " of " + what);
        ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(limit, 1 << 20));
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(e)) {
            byte[] chunk = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(chunk)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new ModelFileException(what + ": model file is damaged (" + e.getName() + " is longer than it declares)");
                }
                crc.update(chunk, 0, n);
                buf.write(chunk, 0, n);
            }
            if (declared >= 0 && total != declared) {
                throw new ModelFileException(what + ": model file is damaged (" + e.getName() + " is truncated)");
            }
        } catch (java.util.zip.ZipException ex) {
            throw new ModelFileException(what + ": model file is damaged (" + e.getName() + ": " + ex.getMessage() + ")", ex);
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new ModelFileException(what + ": model file is damaged (crc mismatch in " + e.getName() + ")");
        }
        return buf.toByteArray();
    }

    private static ObjectNode readMeta(ZipFile zip, String what, long cap) throws IOException {
        ZipEntry m = zip.getEntry(META);
        if (m == null) {
            throw new ModelFileException(what + ": not a recur model file (no " + META + ")");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(new String(entry(zip, m, what, cap), StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ModelFileException(what + ": model file is damaged (" + META + " is not valid JSON)");
        }
        if (!(node instanceof ObjectNode obj) || !"recur".equals(obj.path("format").asText())) {
            throw new ModelFileException(what + ": not a recur model file (" + META + " is not recur metadata)");
        }
        return obj;
    }

    /** Writes bytes to a file atomically (temporary file and rename), for outputs other than models. */
    public static void writeAtomically(Path path, IoWriter body) throws IOException {
        replace(path, file -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                body.write(out);
            }
        }, body);
    }

    /**
     * Puts new content at {@code path}: into a temporary file beside the file {@code path} names
     * (through symlinks), renamed over it once complete; straight into it when it is a device or
     * FIFO; to standard output for {@code -} and {@code /dev/stdout}.
     */
    private static void replace(Path path, FileWriter toFile, IoWriter toStream) throws IOException {
        if (Outputs.isStdout(path)) {
            PrintStream out = System.out;
            toStream.write(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            out.flush();
            Stdout.check(out);
            return;
        }
        Path abs = Outputs.target(path);
        if (Outputs.isSpecial(abs)) {
            try (OutputStream out = Files.newOutputStream(abs)) {
                toStream.write(out);
            }
            return;
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            toFile.write(tmp);
            readableByAll(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes content to a file. */
    @FunctionalInterface
    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    /** Temporary files are created owner-only; a model or output file is rw-r--r-- like any other. */
    private static void readableByAll(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes content to a stream. */
    @FunctionalInterface
    public interface IoWriter {
        void write(OutputStream out) throws IOException;
    }
}
