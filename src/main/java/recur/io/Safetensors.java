package recur.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout (8-byte little-endian header length, JSON header, raw little-endian
 * tensors), float32 only: what every recur model stores. Header entries keep the order given,
 * so the same model writes the same bytes.
 */
public final class Safetensors {
    /** A float32 tensor: {@code data[offset .. offset+size)} in row-major order. */
    public record Tensor(String name, int[] shape, float[] data, int offset) {
        public Tensor(String name, int[] shape, float[] data) {
            this(name, shape, data, 0);
        }

        public int size() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** A copy of exactly this tensor's values. */
        public float[] values() {
            return Arrays.copyOfRange(data, offset, offset + size());
        }
    }

    private Safetensors() {}

    public static void write(OutputStream out, List<Tensor> tensors) throws IOException {
        ObjectNode header = Json.MAPPER.createObjectNode();
        long pos = 0;
        for (Tensor t : tensors) {
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", "F32");
            var shape = e.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            var offsets = e.putArray("data_offsets");
            offsets.add(pos);
            pos += 4L * t.size();
            offsets.add(pos);
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(header);
        int padded = (json.length + 7) & ~7;
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(len.array());
        out.write(json);
        for (int i = json.length; i < padded; i++) {
            out.write(' ');
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
            int end = t.offset() + t.size();
            for (int i = t.offset(); i < end; i++) {
                if (buf.remaining() < 4) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(t.data()[i]);
            }
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Parses a whole safetensors blob; anything inconsistent is a {@link ModelFileException}. */
    public static Map<String, Tensor> read(byte[] bytes, String what) {
        if (bytes.length < 8) {
            throw new ModelFileException(what + ": weights are truncated");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = bb.getLong();
        if (headerLen < 2 || headerLen > bytes.length - 8) {
            throw new ModelFileException(what + ": weights header length " + headerLen + " does not fit the file");
        }
        JsonNode header;
        try {
            header = Json.MAPPER.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFileException(what + ": weights header is not valid JSON");
        }
        long base = 8 + headerLen;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            var f = it.next();
            if (f.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode e = f.getValue();
            if (!"F32".equals(e.path("dtype").asText())) {
                throw new ModelFileException(what + ": tensor " + f.getKey() + " has dtype " + e.path("dtype").asText() + ", expected F32");
            }
            JsonNode sh = e.path("shape");
            int[] shape = new int[sh.size()];
            long n = 1;
            if (!sh.isArray()) {
                throw new ModelFileException(what + ": model file is damaged (tensor " + f.getKey() + " has no shape)");
            }
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = sh.get(i);
                if (!d.canConvertToInt() || d.asInt() < 0) {
                    throw new ModelFileException(what + ": model file is damaged (tensor " + f.getKey() + " has shape " + sh + ")");
                }
                shape[i] = d.asInt();
                n *= shape[i];
                if (n > bytes.length) {
                    throw new ModelFileException(what + ": model file is damaged (tensor " + f.getKey() + " of shape " + sh
                            + " is larger than the file)");
                }
            }
            long begin = e.path("data_offsets").path(0).asLong(-1);
            long end = e.path("data_offsets").path(1).asLong(-1);
            if (begin < 0 || end - begin != 4 * n || base + end > bytes.length) {
                throw new ModelFileException(what + ": tensor " + f.getKey() + " is truncated or its offsets are wrong");
            }
            float[] data = new float[(int) n];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (base + begin), (int) (4 * n)).order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(data);
            out.put(f.getKey(), new Tensor(f.getKey(), shape, data));
        }
        return out;
    }
}
