package recur.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

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

    /** Writes the archive atomically: temporary file in the same folder, then rename. */
    public static void write(Path path, ObjectNode meta, List<Safetensors.Tensor> weights) throws IOException {
        Path abs = path.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(tmp.toFile())) {
                byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta);
                putEntry(zip, META, json, true);
                ByteArrayOutputStream w = new ByteArrayOutputStream();
                Safetensors.write(w, weights);
                putEntry(zip, WEIGHTS, w.toByteArray(), false);
            }
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

    private static void putEntry(ZipArchiveOutputStream zip, String name, byte[] data, boolean deflate) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        // a fixed time keeps archives of the same model byte-identical
        e.setTime(0L);
        if (!deflate) {
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setMethod(ZipArchiveEntry.STORED);
            e.setSize(data.length);
            e.setCrc(crc.getValue());
        } else {
            e.setMethod(ZipArchiveEntry.DEFLATED);
        }
        zip.putArchiveEntry(e);
        zip.write(data);
        zip.closeArchiveEntry();
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
        try (ZipFile zip = ZipFile.builder().setPath(path).get()) {
            ObjectNode meta = readMeta(zip, what);
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
            ZipArchiveEntry w = zip.getEntry(WEIGHTS);
            if (w == null) {
                throw new ModelFileException(what + ": not a recur model file (no " + WEIGHTS + ")");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(w)) {
                bytes = in.readAllBytes();
            }
            return new ModelArchive(meta, Safetensors.read(bytes, what));
        } catch (NoSuchFileException e) {
            throw new ModelFileException(what + ": no such model file");
        } catch (IOException e) {
            throw new ModelFileException(what + ": not a recur model file, or truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    private static ObjectNode readMeta(ZipFile zip, String what) throws IOException {
        ZipArchiveEntry m = zip.getEntry(META);
        if (m == null) {
            throw new ModelFileException(what + ": not a recur model file (no " + META + ")");
        }
        try (InputStream in = zip.getInputStream(m)) {
            JsonNode node = Json.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            if (!(node instanceof ObjectNode obj) || !"recur".equals(obj.path("format").asText())) {
                throw new ModelFileException(what + ": not a recur model file (" + META + " is not recur metadata)");
            }
            return obj;
        }
    }

    /** Writes bytes to a file atomically (temporary file and rename), for outputs other than models. */
    public static void writeAtomically(Path path, IoWriter body) throws IOException {
        Path abs = path.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            readableByAll(tmp);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
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
