package recur.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArchiveTest {
    @TempDir
    Path dir;

    private Path sample() throws IOException {
        ObjectNode meta = ModelArchive.newMeta("lm");
        meta.put("hidden", 3);
        float[] buf = {9, 1, 2, 3, 4, 5, 6, 7};
        Path p = dir.resolve("m.model");
        ModelArchive.write(p, meta, List.of(
                new Safetensors.Tensor("weight_ih_l0", new int[] {2, 3}, buf, 1),
                new Safetensors.Tensor("bias", new int[] {1}, new float[] {-0.5f})));
        return p;
    }

    @Test
    void roundTripKeepsMetaTensorsAndOrder() throws IOException {
        ModelArchive m = ModelArchive.read(sample(), "lm");
        assertEquals(3, m.meta().get("hidden").asInt());
        assertEquals(List.of("weight_ih_l0", "bias"), List.copyOf(m.tensors().keySet()));
        assertArrayEquals(new int[] {2, 3}, m.tensor("weight_ih_l0").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.tensor("weight_ih_l0").values());
        assertArrayEquals(new float[] {-0.5f}, m.tensor("bias").values());
    }

    @Test
    void aModelStreamedToStandardOutputReadsBackWhole() throws IOException {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(got, true));
        try {
            ModelArchive.write(Path.of("-"), ModelArchive.newMeta("lm"), List.of(
                    new Safetensors.Tensor("w", new int[] {2, 2}, new float[] {1, -2, 3.5f, 0})));
        } finally {
            System.setOut(stdout);
        }
        Path p = Files.write(dir.resolve("streamed.model"), got.toByteArray());
        // read checks every entry's CRC and size against the stored entry's header
        assertArrayEquals(new float[] {1, -2, 3.5f, 0}, ModelArchive.read(p, "lm").tensor("w").values());
    }

    @Test
    void modelFilesAreReadableByOthersLikeAnyOutput() throws IOException {
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(sample())));
    }

    @Test
    void sameModelSameBytes() throws IOException {
        byte[] a = Files.readAllBytes(sample());
        byte[] b = Files.readAllBytes(sample());
        assertArrayEquals(a, b);
    }

    @Test
    void weightsFollowTheSafetensorsLayout() throws IOException {
        ByteArrayOutputStreamEx out = new ByteArrayOutputStreamEx();
        Safetensors.write(out, List.of(new Safetensors.Tensor("w", new int[] {2}, new float[] {1.5f, -2f})));
        byte[] b = out.toByteArray();
        long len = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, len % 8);
        String header = new String(b, 8, (int) len).strip();
        assertEquals("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header);
        ByteBuffer data = ByteBuffer.wrap(b, 8 + (int) len, 8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1.5f, data.getFloat());
        assertEquals(-2f, data.getFloat());
    }

    @Test
    void wrongKindIsAClearError() throws IOException {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelArchive.read(sample(), "tokenizer"));
        assertTrue(e.getMessage().contains("a lm model, expected a tokenizer model"), e.getMessage());
    }

    @Test
    void truncatedFileIsAClearError() throws IOException {
        Path p = sample();
        byte[] all = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.model");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelArchive.read(cut, "lm"));
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
    }

    @Test
    void notAZipIsAClearError() throws IOException {
        Path p = dir.resolve("text.model");
        Files.writeString(p, "hello");
        assertThrows(ModelFileException.class, () -> ModelArchive.read(p, "lm"));
        assertThrows(ModelFileException.class, () -> ModelArchive.read(dir.resolve("absent"), "lm"));
    }

    private static final class ByteArrayOutputStreamEx extends java.io.ByteArrayOutputStream {}
}
